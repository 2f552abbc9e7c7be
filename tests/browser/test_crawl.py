"""The whole public site, crawled from the home page with the Nottingham content, passes every check,
and the sitemap lists every content page the crawl finds and only pages a resident can open."""

import re
from urllib.parse import urlsplit

from django.urls import reverse

from campaigns.models import Ask, AskStatus, OutcomeAnswer, OutcomeQuestion, OutcomeReason
from campaigns.outcome_links import answer_token, respondent_key
from civicportal.demo import load_demo_content
from tests.browser.crawl import crawl

# Pages the crawl may reach that are not content to index: signing in, following, the editors' queues.
NOT_CONTENT_PREFIXES = ("/accounts/", "/follow/", "/review/", "/your-work/")
# Pages reached only from a link in an e-mail, which no sitemap lists.
NOT_CONTENT_PARTS = ("/did-this-happen/",)


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
        and not any(part in path for part in NOT_CONTENT_PARTS)
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


def test_a_campaign_story_the_answer_pages_and_a_flagged_ask_pass_the_checks(page):
    """The story page, the "Did this happen?" page (good link and refused link) and the ledger with a flag."""
    load_demo_content()
    ask = Ask.objects.live().in_status(AskStatus.DELIVERED).select_related("campaign").first()
    OutcomeQuestion.objects.create(ask=ask, reason=OutcomeReason.DELIVERED, asked_count=8)
    for number, answer in enumerate(["no", "no", "no", "yes", "dont_know"]):
        OutcomeAnswer.objects.create(ask=ask, respondent_key=respondent_key(number), answer=answer)
    answer_page = reverse(
        "campaigns:ask_outcome", kwargs={"pk": ask.pk, "token": answer_token(ask_id=ask.pk, subscription_id=1)}
    )
    refused = reverse("campaigns:ask_outcome", kwargs={"pk": ask.pk, "token": "altered"})
    extra_paths = {f"{answer_page}?answer=partly": 200, refused: 400, reverse("campaigns:accountability"): 200}

    report = crawl(
        page, start=reverse("campaign_story", kwargs={"slug": ask.campaign.slug}), extra_paths=extra_paths, limit=4
    )

    assert len(report.visited) == 4, report.visited
    assert not report.problems, report.summary()
    assert "Flagged for review" in report.html[reverse("campaigns:accountability")]


def test_the_ledgers_pages_pass_the_checks_on_the_nottingham_content(page):
    """Each page of the accountability ledger, on the fixtures: an ask with sources of every kind it has, one
    whose wording is not recorded, the status rule, the decision-makers and one of them, a campaign's story, and an
    indicator with a target and intervals beside the reporting status."""
    load_demo_content()
    pages = [
        reverse("campaigns:ask", kwargs={"pk": Ask.objects.get(topic="A living wage for police staff").pk}),
        reverse("campaigns:ask", kwargs={"pk": Ask.objects.get(topic="City safety: ask 1 of 5").pk}),
        reverse("campaigns:accountability"),
        f"{reverse('campaigns:accountability')}?status=delivered",
        reverse("campaigns:status_rule"),
        reverse("campaigns:decision_makers"),
        reverse("campaigns:decision_maker", kwargs={"slug": "nottinghamshire-police"}),
        reverse("campaign_story", kwargs={"slug": "living-wage"}),
        reverse("initiatives:indicator", kwargs={"slug": "clifton-unemployment"}),
        reverse("initiatives:reporting_status"),
    ]

    report = crawl(page, start=pages[0], extra_paths=dict.fromkeys(pages[1:], 200), limit=len(pages))

    assert report.visited == pages
    assert not report.problems, report.summary()
