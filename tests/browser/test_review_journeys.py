"""An editor's review queue and an author's "Your work" page, driven as their users would."""

from playwright.sync_api import expect

from civicportal.core import pipeline
from tests.browser.crawl import check_html, check_journey_page
from tests.browser.signin import sign_in_through_the_form
from tests.campaigns.factories import NewsPostFactory, OrganiserFactory
from tests.core.factories import UserFactory
from tests.initiatives.factories import CaseStudyFactory


def _sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_editor_sends_work_back_and_its_author_reads_why(page):
    organiser = OrganiserFactory()
    post = NewsPostFactory(chapter=organiser.chapter, campaign=None, owner=organiser.user, title="Assembly report")
    pipeline.submit(item=post, user=organiser.user)
    CaseStudyFactory(in_review=True, title="Working with schools")
    editor = UserFactory(editor=True)
    pages, problems = {}, []

    sign_in_through_the_form(page, editor.username)
    page.get_by_role("link", name="Your work").click()
    page.get_by_role("link", name="See everything waiting for review").click()
    expect(page.get_by_role("heading", name="Waiting for review", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Working with schools")).to_be_visible()
    check_journey_page(page, "review queue", pages, problems)
    page.get_by_role("link", name="Assembly report").click()
    page.get_by_role("button", name="Send it back to its author").click()
    expect(page.get_by_text("Say what should change before sending it back.")).to_be_visible()
    check_journey_page(page, "review form with an error", pages, problems)
    page.get_by_label("What should the author change?").fill("Say how many people came.")
    page.get_by_role("button", name="Send it back to its author").click()
    expect(page.get_by_text("is back with its author")).to_be_visible()
    expect(page.get_by_role("link", name="Assembly report")).to_have_count(0)
    _sign_out(page)

    sign_in_through_the_form(page, organiser.user.username)
    page.get_by_role("link", name="Your work").click()
    expect(page.get_by_text("The editor’s note: Say how many people came.")).to_be_visible()
    check_journey_page(page, "your work", pages, problems)

    assert not problems + check_html(pages), problems


def test_editor_publishes_from_the_queue_with_the_keyboard(page):
    organiser = OrganiserFactory()
    post = NewsPostFactory(chapter=organiser.chapter, campaign=None, owner=organiser.user, title="Bus fares win")
    pipeline.submit(item=post, user=organiser.user)
    editor = UserFactory(editor=True)
    sign_in_through_the_form(page, editor.username)
    page.goto("/review/")

    page.get_by_role("link", name="Bus fares win").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Publish now").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_text("“Bus fares win” is published.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for review.")).to_be_visible()
