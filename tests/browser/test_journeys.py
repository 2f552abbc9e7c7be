"""Journeys through the site layout, one per test, as a person with a keyboard or without JavaScript takes them."""

import re

import pytest
from playwright.sync_api import expect

from civicportal.demo import load_demo_content
from tests.core.factories import UserFactory
from tests.signin import app_code, authenticator_app


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_keyboard_user_reaches_the_accessibility_statement_from_the_footer(page):
    load_demo_content()
    page.goto("/")
    link = page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Home")


def test_editor_signs_in_and_out_with_the_keyboard(page):
    device = authenticator_app(UserFactory(username="editor-one", editor=True))
    page.goto("/")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("editor-one")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("heading", name="Enter your code", level=1)).to_be_visible()
    page.get_by_label("Code").fill(app_code(device))
    page.get_by_label("Code").press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="Administration")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_wrong_password_is_reported_at_the_form(page):
    UserFactory(username="editor-two", editor=True)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("editor-two")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-danger")).first).to_contain_text(
        re.compile("correct username and password", re.IGNORECASE)
    )
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


@pytest.fixture
def page_without_javascript(browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_site_works_without_javascript(page_without_javascript):
    page = page_without_javascript
    load_demo_content()
    device = authenticator_app(UserFactory(username="editor-three", editor=True))
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="About the portal").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("About the portal")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("editor-three")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(app_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="Your work")).to_be_visible()
