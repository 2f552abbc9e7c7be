"""The whole public site, crawled from the home page with the Nottingham content, passes every check,
and the sitemap lists every content page the crawl finds and only pages a resident can open."""

import re
from urllib.parse import urlsplit

from civicportal.demo import load_demo_content
from tests.browser.crawl import crawl

# Pages the crawl may reach that are not content to index: signing in, following, the editors' queues.
NOT_CONTENT_PREFIXES = ("/accounts/", "/follow/", "/review/", "/your-work/")


def content_pages(report, expected_statuses: dict[str, int]) -> set[str]:
    """Return the crawled addresses that are pages of content: HTML answered 200 at their own address,
    without a query string (filtered or paginated lists are the same page), and not a private path."""
    return {
        path
        for path in report.visited
        if "?" not in path
        and expected_statuses.get(path, 200) == 200
        and path not in report.redirected
        and not path.startswith(NOT_CONTENT_PREFIXES)
    }


def sitemap_paths(page) -> set[str]:
    response = page.request.get("/sitemap.xml")
    assert response.status == 200
    return {urlsplit(location).path for location in re.findall(r"<loc>(.*?)</loc>", response.text())}


def test_every_public_page_passes_accessibility_and_html_checks_and_is_in_the_sitemap(page):
    """Seen to fail: with "campaigns:training" taken out of CampaignsSitemap, /alliance/training/ was reported
    missing; with the ward finder's messages in Bootstrap's red, axe found their contrast too low."""
    load_demo_content()
    # The ward finder's answers for a name it cannot place and for a postcode, with their messages at the field,
    # and its 400 for a NUL byte.
    extra_paths = {
        "/no-such-page/": 404,
        "/neighbourhoods/wards/find/?ward=a%00b": 400,
        "/neighbourhoods/wards/?name=Bridgeford": 200,
        "/neighbourhoods/wards/?name=NG7+2DD": 200,
    }
    report = crawl(page, extra_paths=extra_paths)
    assert len(report.visited) >= 5, report.visited
    assert not report.problems, report.summary()

    listed = sitemap_paths(page)
    missing = sorted(content_pages(report, extra_paths) - listed)
    assert not missing, f"Crawled content pages missing from sitemap.xml: {missing}"
    unreachable = sorted(path for path in listed if page.request.get(path, max_redirects=0).status != 200)
    assert not unreachable, f"sitemap.xml lists pages a resident cannot open: {unreachable}"
