"""Searching the portal from the header, as a resident would: with the keyboard, at desktop and phone widths."""

from playwright.sync_api import expect

from civicportal.demo import load_demo_content
from tests.browser.crawl import check_html, check_journey_page


def test_a_resident_searches_from_the_header_with_the_keyboard(page):
    load_demo_content()
    pages, problems = {}, []
    page.goto("/alliance/")

    page.get_by_role("searchbox", name="Search the portal").focus()
    page.keyboard.type("living wage")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Search", level=1)).to_be_visible()
    expect(page.get_by_text("results for “living wage”")).to_be_visible()
    expect(page.get_by_role("link", name="A living wage", exact=True)).to_be_visible()
    expect(page.locator(".search-results mark").first).to_have_text("living")
    assert page.url.endswith("/search/?q=living+wage")
    check_journey_page(page, "search results", pages, problems)

    page.get_by_label("Show").select_option("achievements")
    page.get_by_role("button", name="Search", exact=True).last.click()
    expect(page.get_by_text("among achievements")).to_be_visible()
    check_journey_page(page, "search results of one type", pages, problems)

    assert not problems + check_html(pages), problems


def test_a_misspelt_name_an_empty_search_and_a_refused_one_each_get_a_clear_page(page):
    load_demo_content()
    pages, problems = {}, []

    page.goto("/search/?q=Karimia+Instiute")
    expect(page.get_by_role("link", name="Karimia Institute")).to_be_visible()
    check_journey_page(page, "misspelt search", pages, problems)

    page.goto("/search/")
    expect(page.get_by_text("Type a word or two to search everything")).to_be_visible()
    check_journey_page(page, "empty search", pages, problems)

    response = page.goto("/search/?q=" + "a" * 201)
    assert response.status == 400
    expect(page.get_by_text("Keep your search to 200 characters or fewer")).to_be_visible()
    check_journey_page(page, "refused search", pages, problems)

    assert not problems + check_html(pages), problems
