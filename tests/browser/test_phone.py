"""Tables and charts on a 320 pixel phone: nothing scrolls sideways, every column stays readable (its heading
shown, or each of its cells labelled with it), the tables keep their semantics, and chart text stays readable."""

from playwright.sync_api import expect

from civicportal.demo import load_demo_content
from tests.browser.crawl import check_fits_phone, check_fits_phone_at_320, crawl, run_axe
from tests.campaigns.factories import AskFactory

PHONE = {"width": 320, "height": 900}


def test_every_crawled_table_and_chart_fits_a_320_pixel_screen(page):
    """Seen to fail on main before the stacked tables: 135 problems on 45 of the 154 pages crawled (the
    accountability ledger 1,028 pixels wide in its box, the ward budget chart's text drawn 6 pixels high)."""
    load_demo_content()

    report = crawl(page, check=check_fits_phone_at_320, validate_html=False)

    assert len(report.visited) >= 5, report.visited
    assert not report.problems, report.summary()


def test_on_a_phone_the_ledger_shows_where_an_ask_stands_as_a_labelled_line_of_its_table(page):
    AskFactory(declined=True, topic="Pay the real Living Wage to council staff")
    page.set_viewport_size(PHONE)

    page.goto("/alliance/accountability/")

    ledger = page.get_by_role("table", name="Asks and where they stand")
    status = ledger.get_by_role("cell", name="Declined", exact=True)
    expect(status).to_be_visible()
    box = status.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= PHONE["width"]
    # The headings are hidden from sight only: the table keeps its rows, cells and column headings for a screen
    # reader, and a cell's label is not read a second time.
    expect(ledger.get_by_role("columnheader", name="Where it stands")).to_have_count(1)
    expect(ledger.get_by_role("cell", name="Where it stands")).to_have_count(0)
    assert check_fits_phone(page) == []
    assert run_axe(page) == []
