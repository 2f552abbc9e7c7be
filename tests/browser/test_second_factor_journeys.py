"""An editor's first sign-in, setting up the second factor, and a later sign-in with a recovery code."""

import re
from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.browser.crawl import check_html, check_journey_page
from tests.browser.signin import PASSWORD
from tests.core.factories import UserFactory


def _password_step(page, username):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_editor_sets_up_the_second_factor_at_first_sign_in_and_reaches_the_review_queue(page):
    editor = UserFactory(editor=True)
    pages, problems = {}, []
    page.on("console", lambda msg: problems.append(msg.text) if "Content Security Policy" in msg.text else None)

    page.goto("/review/")
    _password_step(page, editor.username)
    expect(page.get_by_role("heading", name="Set up two-step verification", level=1)).to_be_visible()
    qr_code = page.get_by_role("img", name="QR code holding the set-up key written out below")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0
    check_journey_page(page, "set-up", pages, problems)

    page.get_by_label("Code from your app").fill("12ab")
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_role("link", name="Enter the six digits your app shows, with no letters.")).to_be_visible()
    check_journey_page(page, "set-up with an error", pages, problems)

    # As an app would: the key as typed from the page, and the code the time gives.
    key = b32decode(page.locator(".set-up-key code").inner_text().replace(" ", ""))
    page.get_by_label("Code from your app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page.get_by_role("heading", name="Your recovery codes", level=1)).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert all(re.fullmatch(r"[a-z2-7]{8}", code) for code in codes)
    check_journey_page(page, "recovery codes", pages, problems)

    page.get_by_role("link", name="I have kept my codes: continue").click()
    expect(page.get_by_role("heading", name="Waiting for review", level=1)).to_be_visible()

    assert not problems + check_html(pages), problems


def test_editor_signs_in_with_a_recovery_code_and_sees_one_fewer(page):
    editor = UserFactory(editor=True)
    pages, problems = {}, []
    page.goto("/review/")
    _password_step(page, editor.username)
    key = b32decode(page.locator(".set-up-key code").inner_text().replace(" ", ""))
    page.get_by_label("Code from your app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Turn on two-step verification").click()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    page.get_by_role("button", name="Sign out").click()

    page.get_by_role("link", name="Sign in").click()
    _password_step(page, editor.username)
    expect(page.get_by_role("heading", name="Enter your code", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Your work")).to_have_count(0)
    check_journey_page(page, "code", pages, problems)
    page.get_by_role("button", name="Continue").click()
    required = "Enter the code from your authenticator app, or a recovery code."
    expect(page.get_by_role("link", name=required)).to_be_visible()
    check_journey_page(page, "code with an error", pages, problems)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You used a recovery code; 9 are left.")).to_be_visible()

    page.get_by_role("link", name="Your work").click()
    page.get_by_role("link", name="Two-step verification").click()
    expect(page.get_by_role("heading", name="Two-step verification", level=1)).to_be_visible()
    expect(page.get_by_text("You have 9 unused recovery codes.")).to_be_visible()
    expect(page.get_by_text("Editors and administrators cannot turn it off.")).to_be_visible()
    check_journey_page(page, "account", pages, problems)
    page.get_by_role("link", name="Recovery codes").click()
    page.get_by_role("button", name="Make a new set of recovery codes").click()
    expect(page.get_by_role("heading", name="Your recovery codes", level=1)).to_be_visible()
    assert not set(codes) & set(page.locator(".recovery-codes code").all_inner_texts())

    assert not problems + check_html(pages), problems
