"""A resident's journey through the alliance's pages, as someone new to the site would take it."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from campaigns import services
from tests.campaigns.factories import (
    AchievementFactory,
    AskFactory,
    CampaignFactory,
    ChapterFactory,
    NewsPostFactory,
    OrganiserFactory,
)
from tests.core.factories import UserFactory


def _path_of_link(text: str, marker: str) -> str:
    """Return the path of the first link in an e-mail's text that contains `marker`."""
    url = re.search(rf"https?://\S*{re.escape(marker)}\S*", text).group(0)
    return urlsplit(url).path


def test_resident_reads_a_campaign_reacts_follows_confirms_and_unsubscribes(page):
    chapter = ChapterFactory(name="Nottingham Citizens", slug="nottingham-citizens")
    campaign = CampaignFactory(chapter=chapter, title="A living wage", slug="living-wage", published=True)
    NewsPostFactory(
        campaign=campaign,
        title="County council agrees a living wage",
        summary="Staff get a pay rise.",
        body="The county council will pay every member of its own staff a living wage.",
        published=True,
    )

    # From the home page to the campaign.
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Campaigns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The alliance and its campaigns")
    page.get_by_role("navigation", name="The alliance's pages").get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name="A living wage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A living wage")

    # Its story, newest first, leads to the post.
    expect(page.get_by_role("heading", name="The story so far")).to_be_visible()
    timeline = page.get_by_role("list").filter(has_text="County council agrees a living wage")
    timeline.get_by_role("link", name="County council agrees a living wage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("County council agrees a living wage")

    # A reaction, without an account.
    page.get_by_role("button", name=re.compile(r"^Support")).click()
    expect(page.get_by_role("status").filter(has_text="your reaction is counted")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^Support 1 reaction"))).to_have_attribute(
        "aria-pressed", "true"
    )

    # Following the campaign by e-mail.
    page.get_by_role("main").get_by_role("link", name="A living wage").first.click()
    page.get_by_label("Your e-mail address").fill("resident@example.org")
    page.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")

    # Confirming from the e-mail.
    confirmation = mail.outbox[-1]
    assert confirmation.to == ["resident@example.org"]
    page.goto(_path_of_link(confirmation.body, "/follow/confirm/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You are following A living wage")

    # News arrives with a link to stop the e-mails; one click there stops them.
    post = NewsPostFactory(campaign=campaign, title="City council follows", in_review=True)
    services.news_post_publish(post=post, user=UserFactory(editor=True))
    notice = next(message for message in mail.outbox if "City council follows" in message.subject)
    page.goto(_path_of_link(notice.body, "/follow/stop/"))
    page.get_by_role("button", name="Stop the e-mails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You will get no more e-mails")


def _url_of_answer(text: str, label: str) -> str:
    """Return the path and query of the answer link for `label` in a "Did this happen?" e-mail."""
    url = urlsplit(re.search(rf"^{re.escape(label)}: (\S+)$", text, re.MULTILINE).group(1))
    return f"{url.path}?{url.query}"


def test_follower_answers_did_this_happen_and_changes_the_answer_without_an_account(page):
    campaign = CampaignFactory(title="Safe travel", slug="safe-travel", published=True)
    ask = AskFactory(campaign=campaign, agreed=True, topic="Train every bus driver")

    # Following the campaign, as a new resident does.
    page.goto(campaign.get_absolute_url())
    page.get_by_label("Your e-mail address").fill("rider@example.org")
    page.get_by_role("button", name="Follow").click()
    page.goto(_path_of_link(mail.outbox[-1].body, "/follow/confirm/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You are following Safe travel")

    # The ask is delivered: one e-mail asks whether it happened.
    organiser = OrganiserFactory(chapter=campaign.chapter).user
    services.ask_update(ask=ask, user=organiser, achievement=AchievementFactory(campaign=campaign))
    question = next(message for message in mail.outbox if message.subject == "Did this happen? Train every bus driver")

    # One click opens the answer preselected; the button sends it.
    page.goto(_url_of_answer(question.body, "Partly"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Did this happen?")
    expect(page.get_by_role("radio", name="Partly")).to_be_checked()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your answer is counted")
    expect(page.get_by_text("1 follower asked, 1 answered")).to_be_visible()

    # A second click on another link changes the answer rather than adding one.
    page.goto(_url_of_answer(question.body, "No"))
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your answer is changed")
    expect(page.get_by_text("yes 0, partly 0, no 1, don't know 0")).to_be_visible()

    # An altered link is refused.
    page.goto(_url_of_answer(question.body, "Yes").replace(":", "x", 1))
    expect(page.get_by_role("heading", level=1)).to_have_text("This answer link does not work")
