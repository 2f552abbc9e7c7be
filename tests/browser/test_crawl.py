"""The whole public site, crawled from the home page with the Nottingham content, passes every check."""

from civicportal.demo import load_demo_content
from tests.browser.crawl import crawl


def test_every_public_page_passes_accessibility_and_html_checks(page):
    load_demo_content()
    report = crawl(page, extra_paths={"/no-such-page/": 404, "/neighbourhoods/wards/find/?ward=a%00b": 400})
    assert len(report.visited) >= 5, report.visited
    assert not report.problems, report.summary()
