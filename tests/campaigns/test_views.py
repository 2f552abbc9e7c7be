"""The alliance's pages, through their real URLs: what residents see, filters, reactions, and query counts."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Reaction
from tests.campaigns.factories import (
    AchievementFactory,
    ActionFactory,
    AskFactory,
    CampaignFactory,
    ChapterFactory,
    MembershipFactory,
    NewsPostFactory,
    OrganiserFactory,
    ReactionFactory,
    ResearchFactory,
    TrainingCourseFactory,
)
from tests.core.factories import OrganisationFactory, Sector
from tests.queries import assert_queries_do_not_grow
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start each test with no rate-limit counts left over."""
    cache.clear()


# Every page answers, and only what is published is shown


def test_index_links_to_every_section(client):
    response = client.get(reverse("campaigns:index"))

    for name in ["list", "actions", "accountability", "achievements", "news", "members", "training", "research"]:
        assert reverse(f"campaigns:{name}") in response.text


def test_draft_campaign_is_not_found_by_residents(client):
    campaign = CampaignFactory()

    assert client.get(campaign.get_absolute_url()).status_code == 404


def test_draft_campaign_is_shown_to_an_editor_marked_as_not_live(client, editor):
    campaign = CampaignFactory()
    sign_in(client, editor)

    response = client.get(campaign.get_absolute_url())

    assert response.status_code == 200
    assert "residents cannot see this campaign yet" in response.text


def test_campaign_list_leaves_out_drafts(client):
    CampaignFactory(title="Hidden draft")
    CampaignFactory(title="Shown campaign", published=True)

    response = client.get(reverse("campaigns:list"))

    assert response.status_code == 200
    assert "Shown campaign" in response.text
    assert "Hidden draft" not in response.text


def test_campaign_list_filters_by_status_and_issue(client):
    CampaignFactory(title="Won on wages", published=True, stage="won", issue_area="living_wage")
    CampaignFactory(title="Still listening", published=True, stage="listening", issue_area="living_wage")
    CampaignFactory(title="Won on safety", published=True, stage="won", issue_area="safety")

    response = client.get(reverse("campaigns:list"), {"status": "won", "issue": "living_wage"})

    assert [campaign.title for campaign in response.context["page_obj"]] == ["Won on wages"]


def test_unknown_filter_value_is_reported_at_the_field_not_a_500(client):
    response = client.get(reverse("campaigns:list"), {"status": "nonsense"})

    assert response.status_code == 200
    assert response.context["filter"].form.errors["status"]


def test_page_number_past_the_end_shows_the_last_page(client):
    CampaignFactory(published=True)

    response = client.get(reverse("campaigns:list"), {"page": "99"})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_campaign_timeline_tells_the_story_newest_first(client):
    campaign = CampaignFactory(published=True)
    NewsPostFactory(campaign=campaign, published=True, title="Middle news", dated_on=datetime.date(2015, 3, 1))
    ActionFactory(
        campaign=campaign, title="Oldest action", starts_at=timezone.make_aware(datetime.datetime(2012, 11, 1))
    )
    AchievementFactory(campaign=campaign, headline="Newest win", won_on=datetime.date(2016, 1, 1))
    NewsPostFactory(campaign=campaign, title="Draft news", dated_on=datetime.date(2017, 1, 1))

    response = client.get(campaign.get_absolute_url())

    titles = [entry.title for entry in response.context["timeline"]]
    assert titles == ["Newest win", "Middle news", "Oldest action"]


def test_a_long_campaign_story_shows_its_latest_part_and_links_to_the_rest(client):
    """Seen to fail with every post of the campaign on its page: 25 entries, and no link to earlier ones."""
    campaign = CampaignFactory(published=True)
    for day in range(1, 26):
        NewsPostFactory(campaign=campaign, published=True, title=f"Post {day}", dated_on=datetime.date(2020, 1, day))

    response = client.get(campaign.get_absolute_url())

    assert response.status_code == 200
    titles = [entry.title for entry in response.context["timeline"]]
    assert titles == [f"Post {day}" for day in range(25, 5, -1)]
    assert "This is the latest part of the story." in response.text
    assert f"{reverse('campaigns:news')}?campaign={campaign.slug}" in response.text


def test_a_short_campaign_story_is_told_whole_without_a_link_to_earlier_entries(client):
    campaign = CampaignFactory(published=True)
    NewsPostFactory(campaign=campaign, published=True, title="Only post")

    response = client.get(campaign.get_absolute_url())

    assert [entry.title for entry in response.context["timeline"]] == ["Only post"]
    assert "This is the latest part of the story." not in response.text


def test_campaign_page_has_follow_form_share_block_and_wrong_page_link(client):
    campaign = CampaignFactory(published=True)

    response = client.get(campaign.get_absolute_url())

    assert reverse("core:follow") in response.text
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver" in response.text
    assert "Is something wrong with this page?" in response.text
    assert "/feedback/?page=" in response.text


def test_approximate_date_is_marked_on_the_page(client):
    post = NewsPostFactory(published=True, date_precision="approximate", date_note="placed by the order of the news")

    response = client.get(post.get_absolute_url())

    assert "around March 2015" in response.text
    assert "approximate date: placed by the order of the news" in response.text


def test_action_page_says_once_that_ask_wording_is_not_recorded(client):
    """Seen to fail: with the old table, which said so in every row."""
    ask = AskFactory(wording="")
    AskFactory(wording="", campaign=ask.campaign, action=ask.action)

    response = client.get(ask.action.get_absolute_url())

    assert response.status_code == 200
    assert response.text.count("not recorded") == 1
    assert "Where the wording of an ask is not recorded, its topic is shown alone." in response.text
    assert ask.topic in response.text


def test_action_page_leaves_out_what_is_not_recorded(client):
    """Seen to fail: with "Venue not recorded" and "Not recorded" rows on the action page."""
    action = ActionFactory(venue="", expected_attendance=None, actual_attendance=None, summary="A rally.")

    response = client.get(action.get_absolute_url())

    assert response.status_code == 200
    assert "A rally." in response.text
    assert "ot recorded" not in response.text
    assert "<dt>Where</dt>" not in response.text
    assert "<dt>Came</dt>" not in response.text


def test_accountability_page_has_no_not_recorded_lines(client):
    """Seen to fail: with "Not recorded" for a missing decision-maker and action in each row."""
    AskFactory(topic="A fairer wage", action=None, decision_maker=None, wording="")

    response = client.get(reverse("campaigns:accountability"))

    assert response.status_code == 200
    assert "A fairer wage" in response.text
    assert "Not recorded" not in response.text


@time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False)
def test_accountability_counts_asks_with_no_response_recorded_apart_from_those_awaiting_one(client):
    """Seen to fail: with no NO_RESPONSE status, both counted as "Awaiting a response"."""
    AskFactory(topic="Put last month")
    old = ActionFactory(starts_at=datetime.datetime(2012, 11, 1, 12, tzinfo=datetime.UTC))
    AskFactory(topic="Put in 2012", action=old, campaign=old.campaign)

    response = client.get(reverse("campaigns:accountability"))

    assert response.status_code == 200
    assert (
        '<span class="status-counts__number">1</span> '
        '<span class="ask-status ask-status--awaiting">Awaiting a response</span>' in response.text
    )
    assert (
        '<span class="status-counts__number">1</span> '
        '<span class="ask-status ask-status--no_response">No response recorded</span>' in response.text
    )


@time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False)
def test_campaign_list_shows_a_quiet_campaign_by_when_it_was_last_active(client):
    """Seen to fail: with the stage badge alone, "Taking action" for a campaign quiet since 2015."""
    quiet = CampaignFactory(title="Quiet since 2015", published=True, stage="taking_action")
    AchievementFactory(campaign=quiet, won_on=datetime.date(2015, 5, 1))
    active = CampaignFactory(title="Busy now", published=True, stage="researching")
    AchievementFactory(campaign=active, won_on=datetime.date(2026, 10, 1))

    response = client.get(reverse("campaigns:list"))

    assert response.status_code == 200
    assert 'class="stage-badge stage-badge--quiet">Last active in 2015</span>' in response.text
    assert "Taking action" not in response.text.split('id="id_status"')[-1].split("</select>", 1)[-1]
    assert 'class="stage-badge">Researching</span>' in response.text
    assert "Last active in October 2026" in response.text


@time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False)
def test_filtering_campaigns_taking_action_leaves_out_quiet_ones(client):
    """Seen to fail: with the status facet filtering on the stage field alone."""
    quiet = CampaignFactory(title="Quiet since 2015", published=True, stage="taking_action")
    AchievementFactory(campaign=quiet, won_on=datetime.date(2015, 5, 1))
    active = CampaignFactory(title="Busy now", published=True, stage="taking_action")
    ActionFactory(campaign=active, starts_at=datetime.datetime(2026, 11, 20, 18, tzinfo=datetime.UTC))

    taking_action = client.get(reverse("campaigns:list"), {"status": "taking_action"})
    quiet_ones = client.get(reverse("campaigns:list"), {"status": "quiet"})

    assert (taking_action.status_code, quiet_ones.status_code) == (200, 200)
    assert [campaign.title for campaign in taking_action.context["page_obj"]] == ["Busy now"]
    assert [campaign.title for campaign in quiet_ones.context["page_obj"]] == ["Quiet since 2015"]


@time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.UTC), tick=False)
def test_campaign_page_shows_when_an_active_campaign_was_last_active(client):
    campaign = CampaignFactory(published=True, stage="taking_action")
    AchievementFactory(campaign=campaign, won_on=datetime.date(2026, 10, 1))

    response = client.get(campaign.get_absolute_url())

    assert response.status_code == 200
    assert 'class="stage-badge">Taking action</span>' in response.text
    assert "<dt>Last active</dt><dd>October 2026</dd>" in response.text


def test_cancelled_action_shows_the_reason(client):
    action = ActionFactory(cancelled=True)

    response = client.get(action.get_absolute_url())

    assert "Cancelled." in response.text
    assert "The speakers withdrew." in response.text


def test_action_of_a_draft_campaign_is_not_found(client):
    action = ActionFactory(campaign=CampaignFactory())

    assert client.get(action.get_absolute_url()).status_code == 404


def test_accountability_filters_by_status(client):
    AskFactory(topic="Still waiting")
    AskFactory(topic="Done", delivered=True)

    response = client.get(reverse("campaigns:accountability"), {"status": "delivered"})

    assert [ask.topic for ask in response.context["page_obj"]] == ["Done"]
    assert response.context["counts"] == {"delivered": 1}


def test_accountability_shows_an_overdue_ask_as_overdue(client):
    AskFactory(topic="Late", agreed=True, due_on=timezone.localdate() - datetime.timedelta(days=1))

    response = client.get(reverse("campaigns:accountability"), {"status": "overdue"})

    assert [ask.topic for ask in response.context["page_obj"]] == ["Late"]
    assert "ask-status--overdue" in response.text


def test_accountability_filters_by_decision_maker_and_campaign(client):
    wanted = AskFactory(topic="Wanted")
    AskFactory(topic="Other decision-maker", campaign=wanted.campaign)
    AskFactory(topic="Other campaign", decision_maker=wanted.decision_maker)

    response = client.get(
        reverse("campaigns:accountability"),
        {"decision_maker": wanted.decision_maker.slug, "campaign": wanted.campaign.slug},
    )

    assert [ask.topic for ask in response.context["page_obj"]] == ["Wanted"]


def test_achievements_page_adds_up_the_figures_it_shows(client):
    AchievementFactory(people_benefited=2291, money_per_person_per_year_pence=85_000)
    AchievementFactory(people_benefited=900, money_per_year_pence=84_000_000)

    response = client.get(reverse("campaigns:achievements"))

    assert response.context["totals"]["people"] == 3191
    assert "3,191" in response.text
    assert "£2,787,350" in response.text


def test_achievements_filter_by_year_changes_the_totals(client):
    AchievementFactory(people_benefited=10, won_on=datetime.date(2014, 5, 1))
    AchievementFactory(people_benefited=7, won_on=datetime.date(2016, 5, 1))

    response = client.get(reverse("campaigns:achievements"), {"year": "2016"})

    assert response.context["totals"]["people"] == 7


def test_achievements_filter_by_campaign(client):
    wanted = AchievementFactory(headline="Wanted")
    AchievementFactory(headline="Other")

    response = client.get(reverse("campaigns:achievements"), {"campaign": wanted.campaign.slug})

    assert [achievement.headline for achievement in response.context["page_obj"]] == ["Wanted"]


def test_members_directory_filters_by_sector_and_counts_each_sector(client):
    chapter = ChapterFactory()
    MembershipFactory(chapter=chapter, organisation=OrganisationFactory(name="A school", sector=Sector.SCHOOL))
    MembershipFactory(chapter=chapter, organisation=OrganisationFactory(name="A mosque", sector=Sector.FAITH))
    MembershipFactory(chapter=chapter, organisation=OrganisationFactory(name="A church", sector=Sector.FAITH))

    response = client.get(reverse("campaigns:members"), {"sector": Sector.FAITH})

    assert [m.organisation.name for m in response.context["page_obj"]] == ["A church", "A mosque"]
    assert {row["sector"]: row["count"] for row in response.context["sectors"]} == {"faith": 2, "school": 1}


def test_member_page_lists_the_campaigns_it_leads_and_what_they_won(client):
    membership = MembershipFactory()
    campaign = CampaignFactory(published=True, title="Led campaign", leads=[membership.organisation])
    AchievementFactory(campaign=campaign, headline="Its win")
    CampaignFactory(title="Led draft", leads=[membership.organisation])

    response = client.get(membership.get_absolute_url())

    assert response.status_code == 200
    assert "Led campaign" in response.text
    assert "Its win" in response.text
    assert "Led draft" not in response.text


def test_organisation_that_is_not_a_member_has_no_member_page(client):
    organisation = OrganisationFactory()

    assert client.get(reverse("campaigns:member", args=[organisation.slug])).status_code == 404


def test_research_page_shows_the_postponement_and_its_reason(client):
    research = ResearchFactory(
        launch_on=datetime.date(2016, 10, 18), launch_postponed=True, postponed_until="late November",
        postponement_reason="The issues are complex.",
    )  # fmt: skip

    response = client.get(research.get_absolute_url())

    assert "postponed until late November" in response.text
    assert "The issues are complex." in response.text


def test_news_list_leaves_out_drafts_and_scheduled_posts(client):
    NewsPostFactory(title="Live post", published=True)
    NewsPostFactory(title="Draft post")
    NewsPostFactory(title="Later post", scheduled=True)

    response = client.get(reverse("campaigns:news"))

    assert [post.title for post in response.context["page_obj"]] == ["Live post"]


def test_organiser_of_the_chapter_sees_their_draft_post(client):
    organiser = OrganiserFactory()
    post = NewsPostFactory(campaign__chapter=organiser.chapter)
    sign_in(client, organiser.user)

    assert client.get(post.get_absolute_url()).status_code == 200


# Reactions: a POST form with CSRF, one per browser, limited against floods


def test_reacting_counts_once_per_browser_and_changes_on_a_second_choice(client):
    post = NewsPostFactory(published=True)
    url = reverse("campaigns:react", args=[post.slug])

    first = client.post(url, {"kind": "support"})
    client.post(url, {"kind": "solidarity"})

    assert first.status_code == 302
    assert first["Location"].endswith("#reactions")
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["solidarity"]


def test_two_browsers_from_different_addresses_are_counted_separately(client):
    post = NewsPostFactory(published=True)
    url = reverse("campaigns:react", args=[post.slug])

    client.post(url, {"kind": "support"}, REMOTE_ADDR="198.51.100.1")
    Client().post(url, {"kind": "support"}, REMOTE_ADDR="203.0.113.9")

    response = client.get(post.get_absolute_url())
    assert {row["kind"]: row["count"] for row in response.context["reactions"]}["support"] == 2
    assert response.context["my_reaction"] == "support"


def test_unknown_reaction_gets_a_message_and_nothing_is_saved(client):
    post = NewsPostFactory(published=True)

    response = client.post(reverse("campaigns:react", args=[post.slug]), {"kind": "anger"})

    assert response.status_code == 400
    assert "Choose one of the reactions offered." in response.text
    assert not Reaction.objects.exists()


def test_reaction_without_a_csrf_token_is_refused():
    post = NewsPostFactory(published=True)

    response = Client(enforce_csrf_checks=True).post(reverse("campaigns:react", args=[post.slug]), {"kind": "support"})

    assert response.status_code == 403
    assert "<h1>The form could not be sent</h1>" in response.text
    assert not Reaction.objects.exists()


def test_reaction_by_get_is_not_allowed(client):
    post = NewsPostFactory(published=True)

    assert client.get(reverse("campaigns:react", args=[post.slug])).status_code == 405


def test_flood_of_reactions_is_refused_after_the_limit(client):
    post = NewsPostFactory(published=True)
    url = reverse("campaigns:react", args=[post.slug])

    statuses = [Client().post(url, {"kind": "support"}).status_code for _ in range(31)]

    assert statuses[:30] == [302] * 30
    assert statuses[30] == 429
    assert Reaction.objects.count() == 1


def test_ten_reactions_without_the_cookie_from_one_address_count_once(client):
    """Seen failing with the address hash left empty in reaction_record: all ten counted (support: 10)."""
    post = NewsPostFactory(published=True)
    url = reverse("campaigns:react", args=[post.slug])

    last = [Client().post(url, {"kind": "support"}, REMOTE_ADDR="198.51.100.1", follow=True) for _ in range(10)][-1]

    page = client.get(post.get_absolute_url())
    assert {row["kind"]: row["count"] for row in page.context["reactions"]}["support"] == 1
    assert last.status_code == 200
    assert "A reaction from your network is already counted on this post today." in last.text


def test_reaction_to_a_draft_is_not_found(client):
    post = NewsPostFactory()

    assert client.post(reverse("campaigns:react", args=[post.slug]), {"kind": "support"}).status_code == 404


# Queries do not grow with the data


def _campaign_with_story(campaign=None):
    campaign = campaign or CampaignFactory(published=True, leads=[OrganisationFactory()])
    NewsPostFactory(campaign=campaign, published=True)
    action = ActionFactory(campaign=campaign)
    achievement = AchievementFactory(campaign=campaign)
    AskFactory(campaign=campaign, action=action, delivered=True, achievement=achievement)
    return campaign


def test_index_queries_do_not_grow(client):
    assert_queries_do_not_grow(
        client, reverse("campaigns:index"), add_data=lambda n: [_campaign_with_story() for _ in range(n)]
    )


def test_chapter_page_queries_do_not_grow(client):
    chapter = ChapterFactory()

    def add(n):
        for _ in range(n):
            MembershipFactory(chapter=chapter)
            CampaignFactory(chapter=chapter, published=True)
            TrainingCourseFactory(chapter=chapter)
            ResearchFactory(chapter=chapter)

    assert_queries_do_not_grow(client, chapter.get_absolute_url(), add_data=add)


def test_member_list_queries_do_not_grow(client):
    assert_queries_do_not_grow(
        client, reverse("campaigns:members"), add_data=lambda n: MembershipFactory.create_batch(n)
    )


def test_member_page_queries_do_not_grow(client):
    membership = MembershipFactory()

    def add(n):
        for _ in range(n):
            campaign = CampaignFactory(published=True, leads=[membership.organisation])
            AchievementFactory(campaign=campaign)

    assert_queries_do_not_grow(client, membership.get_absolute_url(), add_data=add)


def test_campaign_list_queries_do_not_grow(client):
    assert_queries_do_not_grow(
        client, reverse("campaigns:list"), add_data=lambda n: [_campaign_with_story() for _ in range(n)]
    )


def test_campaign_page_queries_do_not_grow(client):
    campaign = CampaignFactory(published=True)

    def add(n):
        for _ in range(n):
            _campaign_with_story(campaign)
            campaign.lead_organisations.add(OrganisationFactory())
            ResearchFactory(chapter=campaign.chapter, campaign=campaign)

    assert_queries_do_not_grow(client, campaign.get_absolute_url(), add_data=add)


def test_action_list_queries_do_not_grow(client):
    assert_queries_do_not_grow(client, reverse("campaigns:actions"), add_data=lambda n: AskFactory.create_batch(n))


def test_action_page_queries_do_not_grow(client):
    action = ActionFactory()

    def add(n):
        for _ in range(n):
            AskFactory(campaign=action.campaign, action=action, delivered=True)

    assert_queries_do_not_grow(client, action.get_absolute_url(), add_data=add)


def test_accountability_queries_do_not_grow(client):
    def add(n):
        for _ in range(n):
            AskFactory(delivered=True)
            AskFactory(action=None, decision_maker=None)

    assert_queries_do_not_grow(client, reverse("campaigns:accountability"), add_data=add)


def test_achievement_list_queries_do_not_grow(client):
    assert_queries_do_not_grow(
        client,
        reverse("campaigns:achievements"),
        add_data=lambda n: AchievementFactory.create_batch(n, people_benefited=5, money_per_year_pence=100),
    )


def test_achievement_page_queries_do_not_grow(client):
    achievement = AchievementFactory()

    def add(n):
        for _ in range(n):
            AskFactory(campaign=achievement.campaign, agreed=True, achievement=achievement)

    assert_queries_do_not_grow(client, achievement.get_absolute_url(), add_data=add)


def test_news_list_queries_do_not_grow(client):
    assert_queries_do_not_grow(client, reverse("campaigns:news"), add_data=lambda n: ReactionFactory.create_batch(n))


def test_news_page_queries_do_not_grow(client):
    post = NewsPostFactory(published=True)

    assert_queries_do_not_grow(
        client, post.get_absolute_url(), add_data=lambda n: ReactionFactory.create_batch(n, post=post)
    )


def test_training_list_queries_do_not_grow(client):
    assert_queries_do_not_grow(
        client, reverse("campaigns:training"), add_data=lambda n: TrainingCourseFactory.create_batch(n)
    )


def test_training_page_queries_do_not_grow(client):
    course = TrainingCourseFactory()

    assert_queries_do_not_grow(
        client, course.get_absolute_url(), add_data=lambda n: TrainingCourseFactory.create_batch(n)
    )


def test_research_list_queries_do_not_grow(client):
    assert_queries_do_not_grow(
        client, reverse("campaigns:research"), add_data=lambda n: ResearchFactory.create_batch(n)
    )


def test_research_page_queries_do_not_grow(client):
    research = ResearchFactory(campaign=CampaignFactory(published=True))

    assert_queries_do_not_grow(client, research.get_absolute_url(), add_data=lambda n: ResearchFactory.create_batch(n))


def test_index_offers_organisers_a_way_to_write(client):
    organiser = OrganiserFactory()
    sign_in(client, organiser.user)

    assert reverse("campaigns:manage") in client.get(reverse("campaigns:index")).text


def test_index_does_not_offer_residents_a_way_to_write(client):
    response = client.get(reverse("campaigns:index"))

    assert response.status_code == 200
    assert reverse("campaigns:news") in response.text
    assert reverse("campaigns:manage") not in response.text


def test_organisers_page_lists_their_drafts_to_edit(client):
    organiser = OrganiserFactory()
    post = NewsPostFactory(campaign__chapter=organiser.chapter, title="My draft")
    NewsPostFactory(title="Someone else's draft")
    sign_in(client, organiser.user)

    response = client.get(reverse("campaigns:manage"))

    assert response.status_code == 200
    assert reverse("campaigns:news_edit", args=[post.slug]) in response.text
    assert "Someone else's draft" not in response.text


def test_research_list_leaves_out_research_of_a_draft_campaign(client):
    """Seen to fail: with research_list on Research.objects.all() again, the draft campaign's research was listed."""
    ResearchFactory(title="Commission on housing", campaign=CampaignFactory(title="Secret draft campaign"))
    ResearchFactory(title="Commission on transport")

    response = client.get(reverse("campaigns:research"))

    assert response.status_code == 200
    assert "Commission on transport" in response.text
    assert "Commission on housing" not in response.text


def test_chapter_page_leaves_out_research_of_a_draft_campaign(client):
    """Seen to fail: with chapter.research.all() in chapter_detail, the draft campaign's research was listed."""
    chapter = ChapterFactory()
    ResearchFactory(chapter=chapter, title="Commission on housing", campaign=CampaignFactory(chapter=chapter))
    ResearchFactory(chapter=chapter, title="Commission on transport")

    response = client.get(chapter.get_absolute_url())

    assert response.status_code == 200
    assert "Commission on transport" in response.text
    assert "Commission on housing" not in response.text


def test_research_list_does_not_filter_by_a_draft_campaigns_id(client):
    """The filter has no campaign field, so ?campaign= is ignored; seen to fail only with the list printing the
    draft's title."""
    draft = CampaignFactory(title="Secret draft campaign")
    ResearchFactory(title="Commission on housing", campaign=draft)
    ResearchFactory(title="Commission on transport")

    response = client.get(reverse("campaigns:research"), {"campaign": draft.pk})

    assert response.status_code == 200
    assert "Commission on transport" in response.text
    assert "Secret draft campaign" not in response.text


def test_research_page_of_a_draft_campaign_is_not_found_by_residents(client):
    """Seen to fail: with research_detail fetching from every row again, the page answered 200 with the title."""
    research = ResearchFactory(title="Commission on housing", campaign=CampaignFactory(title="Secret draft campaign"))

    response = client.get(research.get_absolute_url())

    assert response.status_code == 404
    assert "Commission on housing" not in response.text


def test_research_page_of_a_draft_campaign_is_shown_to_its_chapters_organiser(client):
    organiser = OrganiserFactory()
    research = ResearchFactory(
        chapter=organiser.chapter, title="Commission on housing", campaign=CampaignFactory(chapter=organiser.chapter)
    )
    sign_in(client, organiser.user)

    response = client.get(research.get_absolute_url())

    assert response.status_code == 200
    assert "<h1>Commission on housing" in response.text
