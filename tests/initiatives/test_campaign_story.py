"""A campaign told as one story, from listening to result, composed where campaigns and indicators are both seen."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Response
from initiatives import selectors
from tests.campaigns.factories import (
    AchievementFactory,
    ActionFactory,
    AskFactory,
    AskSourceFactory,
    CampaignFactory,
    ResearchFactory,
)
from tests.initiatives.factories import IndicatorBearingFactory, IndicatorFactory, IndicatorValueFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def _at(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 18))


def _campaign_with_story():
    campaign = CampaignFactory(published=True, started_on=datetime.date(2013, 1, 5))
    ResearchFactory(campaign=campaign, chapter=campaign.chapter, launch_on=datetime.date(2013, 9, 1), title="Heard")
    action = ActionFactory(campaign=campaign, starts_at=_at(2014, 2, 1), title="The assembly")
    ask = AskFactory(
        campaign=campaign,
        action=action,
        topic="Pay the living wage",
        response=Response.AGREED,
        responded_on=datetime.date(2014, 6, 1),
    )
    achievement = AchievementFactory(campaign=campaign, won_on=datetime.date(2015, 3, 1), headline="Wage paid")
    return campaign, ask, achievement


def test_the_story_runs_from_listening_to_result_oldest_first():
    campaign, _, _ = _campaign_with_story()

    story = selectors.campaign_story(campaign=campaign, today=datetime.date(2026, 1, 1))

    assert [step.kind for step in story.steps] == ["listening", "research", "action", "ask", "response", "achievement"]
    assert [step.day for step in story.steps] == sorted(step.day for step in story.steps)


def test_an_ask_put_the_same_day_as_its_action_comes_after_it():
    campaign, _, _ = _campaign_with_story()

    kinds = [step.kind for step in selectors.campaign_story(campaign=campaign, today=datetime.date(2026, 1, 1)).steps]

    assert kinds.index("action") < kinds.index("ask")


def test_a_step_with_no_recorded_date_comes_last():
    campaign, _, _ = _campaign_with_story()
    AskFactory(campaign=campaign, action=None, topic="Undated ask")

    steps = selectors.campaign_story(campaign=campaign, today=datetime.date(2026, 1, 1)).steps

    assert steps[-1].title.endswith("Undated ask")
    assert steps[-1].day is None


def test_the_story_ends_with_the_indicators_its_asks_and_achievements_bear_on(client):
    campaign, ask, achievement = _campaign_with_story()
    indicator = IndicatorFactory(title="Workers paid the living wage")
    IndicatorValueFactory(indicator=indicator)
    IndicatorBearingFactory(indicator=indicator, ask=ask, how="Employers who agree raise the count.")
    IndicatorBearingFactory(indicator=indicator, ask=None, achievement=achievement)
    IndicatorFactory(title="Unrelated indicator")

    response = client.get(reverse("campaign_story", kwargs={"slug": campaign.slug}))

    assert response.status_code == 200
    assert "Workers paid the living wage" in response.text
    assert "Employers who agree raise the count." in response.text
    assert "The achievement “Wage paid” bears on" in response.text
    assert "Unrelated indicator" not in response.text


def test_the_story_page_tells_the_steps_in_order(client):
    campaign, _, _ = _campaign_with_story()

    text = client.get(reverse("campaign_story", kwargs={"slug": campaign.slug})).text

    positions = [text.index(words) for words in ("The campaign began", "Heard", "The assembly", "Wage paid")]
    assert positions == sorted(positions)


def test_a_draft_campaigns_story_is_not_found(client):
    campaign = CampaignFactory()
    live = CampaignFactory(published=True)

    assert client.get(reverse("campaign_story", kwargs={"slug": campaign.slug})).status_code == 404
    assert client.get(reverse("campaign_story", kwargs={"slug": live.slug})).status_code == 200


def test_the_campaign_page_links_to_its_story(client):
    campaign, _, _ = _campaign_with_story()

    response = client.get(campaign.get_absolute_url())

    assert response.status_code == 200
    assert reverse("campaign_story", kwargs={"slug": campaign.slug}) in response.text


def test_story_page_queries_do_not_grow(client):
    campaign, _, _ = _campaign_with_story()

    def add(n):
        for _ in range(n):
            action = ActionFactory(campaign=campaign)
            ask = AskFactory(campaign=campaign, action=action, response=Response.DECLINED, responded_on=None)
            IndicatorBearingFactory(ask=ask, indicator=IndicatorValueFactory().indicator)
            AchievementFactory(campaign=campaign)
            ResearchFactory(campaign=campaign, chapter=campaign.chapter)

    assert_queries_do_not_grow(client, reverse("campaign_story", kwargs={"slug": campaign.slug}), add_data=add)


def test_story_page_queries_do_not_grow_with_the_responses_quoted_sources(client):
    campaign, _, _ = _campaign_with_story()

    def add(n):
        for _ in range(n):
            ask = AskFactory(campaign=campaign, declined=True)
            AskSourceFactory(ask=ask, fact="response", quotation="We cannot.", quoted_from="The council's letter")

    assert_queries_do_not_grow(client, reverse("campaign_story", kwargs={"slug": campaign.slug}), add_data=add)


def test_a_response_in_the_story_quotes_its_source_and_names_the_text(client):
    """The response's step tells its quoted source, where it once told the ask's free-text evidence note."""
    campaign = CampaignFactory(published=True)
    ask = AskFactory(campaign=campaign, declined=True, topic="Open the library on Sundays")
    AskSourceFactory(ask=ask, fact="response", quotation="We cannot fund it.", quoted_from="The council's letter")

    response = client.get(reverse("campaign_story", kwargs={"slug": campaign.slug}))

    assert response.status_code == 200
    assert "Open the library on Sundays" in response.text
    assert "“We cannot fund it.” (The council&#x27;s letter)" in response.text
