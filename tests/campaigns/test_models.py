"""The alliance's models: statuses worked out from facts, totals in pence, dates written as exactly as known."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from campaigns import selectors
from campaigns.models import (
    QUIET_AFTER,
    RESPONSE_AWAITED_FOR,
    STALLED_AFTER,
    Achievement,
    Action,
    Ask,
    AskStatus,
    Campaign,
    CampaignStage,
    Research,
    Response,
)
from campaigns.partial_dates import DatePrecision, format_dated
from tests.campaigns.factories import (
    AchievementFactory,
    ActionFactory,
    AskFactory,
    CampaignFactory,
    NewsPostFactory,
    ResearchFactory,
)

pytestmark = pytest.mark.django_db

DUE = datetime.date(2016, 11, 30)


# Ask status, worked out from the response, the due date, the achievement and the day


def _ask_put_on(day: datetime.date, **kwargs):
    when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18)))
    return AskFactory(action=ActionFactory(starts_at=when), **kwargs)


def test_ask_without_response_is_awaiting():
    ask = AskFactory()

    assert ask.status_on(DUE) == AskStatus.AWAITING
    assert list(Ask.objects.in_status(AskStatus.AWAITING, DUE)) == [ask]


def test_ask_without_response_still_awaits_one_a_year_after_it_was_put():
    ask = _ask_put_on(DUE - RESPONSE_AWAITED_FOR)

    assert ask.status_on(DUE) == AskStatus.AWAITING
    assert list(Ask.objects.in_status(AskStatus.AWAITING, DUE)) == [ask]


def test_ask_without_response_for_more_than_a_year_has_no_response_recorded():
    """Seen to fail: with a pending ask always "Awaiting a response", however long ago it was put."""
    ask = _ask_put_on(DUE - RESPONSE_AWAITED_FOR - datetime.timedelta(days=1))

    assert ask.status_on(DUE) == AskStatus.NO_RESPONSE
    assert list(Ask.objects.in_status(AskStatus.NO_RESPONSE, DUE)) == [ask]
    assert not Ask.objects.in_status(AskStatus.AWAITING, DUE).exists()


def test_ask_without_response_and_no_record_of_where_it_was_put_has_no_response_recorded():
    """Seen to fail: with a pending ask always "Awaiting a response", whether or not its date is known."""
    ask = AskFactory(action=None)

    assert ask.status_on(DUE) == AskStatus.NO_RESPONSE
    assert list(Ask.objects.in_status(AskStatus.NO_RESPONSE, DUE)) == [ask]


def test_an_answer_recorded_long_after_still_counts():
    ask = _ask_put_on(DUE - datetime.timedelta(days=800), declined=True)

    assert ask.status_on(DUE) == AskStatus.DECLINED


RECENTLY = DUE - datetime.timedelta(days=30)


def test_agreed_ask_before_its_due_date_is_agreed():
    ask = AskFactory(agreed=True, due_on=DUE, responded_on=RECENTLY)

    assert ask.status_on(DUE - datetime.timedelta(days=1)) == AskStatus.AGREED


def test_agreed_ask_on_its_due_date_is_still_agreed():
    ask = AskFactory(agreed=True, due_on=DUE, responded_on=RECENTLY)

    assert ask.status_on(DUE) == AskStatus.AGREED
    assert list(Ask.objects.in_status(AskStatus.AGREED, DUE)) == [ask]


def test_agreed_ask_becomes_overdue_the_day_after_its_due_date():
    ask = AskFactory(agreed=True, due_on=DUE)
    next_day = DUE + datetime.timedelta(days=1)

    assert ask.status_on(next_day) == AskStatus.OVERDUE
    assert list(Ask.objects.overdue(next_day)) == [ask]
    assert not Ask.objects.overdue(DUE).exists()


def test_agreed_ask_without_a_due_date_never_becomes_overdue():
    ask = AskFactory(agreed=True, due_on=None)

    assert ask.status_on(datetime.date(2099, 1, 1)) == AskStatus.STALLED


def test_partly_agreed_ask_past_its_due_date_is_overdue():
    ask = AskFactory(agreed=True, response=Response.PARTLY_AGREED, due_on=DUE)

    assert ask.status_on(DUE + datetime.timedelta(days=1)) == AskStatus.OVERDUE


def test_ask_linked_to_its_achievement_is_delivered_even_after_its_due_date():
    ask = AskFactory(delivered=True, due_on=DUE)
    later = DUE + datetime.timedelta(days=400)

    assert ask.status_on(later) == AskStatus.DELIVERED
    assert list(Ask.objects.in_status(AskStatus.DELIVERED, later)) == [ask]


def test_declined_ask_is_declined():
    ask = AskFactory(declined=True)

    assert ask.status_on(DUE) == AskStatus.DECLINED
    assert list(Ask.objects.in_status(AskStatus.DECLINED, DUE)) == [ask]


@pytest.mark.parametrize("day_offset", [-1, 0, 1])
def test_queryset_status_agrees_with_the_model_status(day_offset):
    asks = [
        AskFactory(),
        AskFactory(agreed=True, due_on=DUE),
        AskFactory(agreed=True, due_on=DUE, responded_on=RECENTLY),
        AskFactory(agreed=True, due_on=None, progress_on=DUE - STALLED_AFTER),
        AskFactory(delivered=True),
        AskFactory(delivered=True, response=Response.PARTLY_AGREED),
        AskFactory(delivered=True, achievement__partial=True),
        AskFactory(declined=True),
        AskFactory(action=None),
        _ask_put_on(DUE - RESPONSE_AWAITED_FOR),
    ]
    day = DUE + datetime.timedelta(days=day_offset)

    annotated = {ask.pk: ask.status_value for ask in Ask.objects.with_status(day)}

    assert annotated == {ask.pk: ask.status_on(day).value for ask in asks}


def test_ask_with_a_due_date_but_no_agreement_is_refused():
    ask = AskFactory.build(campaign=CampaignFactory(), action=None, decision_maker=None, due_on=DUE)

    with pytest.raises(ValidationError) as error:
        ask.full_clean()

    assert error.value.error_dict["due_on"][0].code == "due_not_agreed"


def test_declined_ask_linked_to_an_achievement_is_refused():
    campaign = CampaignFactory(published=True)
    ask = AskFactory.build(
        campaign=campaign, action=None, decision_maker=None, declined=True,
        achievement=AchievementFactory(campaign=campaign),
    )  # fmt: skip

    with pytest.raises(ValidationError) as error:
        ask.full_clean()

    assert error.value.error_dict["achievement"][0].code == "delivered_not_agreed"


def test_database_refuses_a_delivered_ask_that_was_never_agreed():
    ask = AskFactory(delivered=True)

    with pytest.raises(Exception, match="ask_achievement_only_once_agreed"):
        Ask.objects.filter(pk=ask.pk).update(response=Response.PENDING)


# Achievement totals, in pence


def test_totals_add_people_and_money_a_year_in_whole_pence():
    AchievementFactory(people_benefited=2291, money_per_person_per_year_pence=85_000)
    AchievementFactory(people_benefited=900, money_per_year_pence=84_000_000)
    AchievementFactory(people_benefited=1000, people_more_than=True)
    AchievementFactory(money_once_pence=3_600_000)

    totals = Achievement.objects.totals()

    assert totals["people"] == 4191
    assert totals["people_more_than"] == 1
    assert totals["money_per_year_pence"] == 2291 * 85_000 + 84_000_000
    assert totals["money_once_pence"] == 3_600_000
    assert all(isinstance(value, int) for value in totals.values())


def test_totals_of_nothing_are_zero():
    assert Achievement.objects.totals() == {
        "people": 0,
        "people_more_than": 0,
        "money_per_year_pence": 0,
        "money_once_pence": 0,
    }


def test_money_a_year_comes_from_the_amount_per_person_when_no_total_is_given():
    achievement = AchievementFactory.build(people_benefited=2291, money_per_person_per_year_pence=85_000)

    assert achievement.money_per_year_total_pence == 194_735_000


def test_achievement_with_things_but_no_unit_is_refused():
    achievement = AchievementFactory.build(campaign=CampaignFactory(), things_delivered=100, things_unit="")

    with pytest.raises(ValidationError) as error:
        achievement.full_clean()

    assert error.value.error_dict["things_unit"][0].code == "unit_required"


# Actions


def test_postponed_action_without_a_reason_is_refused():
    action = ActionFactory.build(campaign=CampaignFactory(), arrangement="postponed", arrangement_reason="")
    action.chapter = action.campaign.chapter

    with pytest.raises(ValidationError) as error:
        action.full_clean()

    assert error.value.error_dict["arrangement_reason"][0].code == "reason_required"


def test_action_of_another_chapters_campaign_is_refused():
    action = ActionFactory.build(campaign=CampaignFactory(), chapter=CampaignFactory().chapter)

    with pytest.raises(ValidationError) as error:
        action.full_clean()

    assert error.value.error_dict["campaign"][0].code == "other_chapter"


def test_attendance_says_more_than_when_the_source_does():
    action = Action(actual_attendance=800, attendance_more_than=True, attendance_description="community leaders")

    assert action.attendance_display == "more than 800 community leaders"


def test_upcoming_and_past_actions_are_told_apart():
    past, upcoming = ActionFactory(), ActionFactory(upcoming=True)

    assert list(Action.objects.upcoming()) == [upcoming]
    assert list(Action.objects.past()) == [past]


def test_action_of_a_draft_campaign_is_not_live():
    hidden = ActionFactory(campaign=CampaignFactory())
    shown = ActionFactory()

    assert list(Action.objects.live()) == [shown]
    assert list(Action.objects.not_live()) == [hidden]


def test_research_of_a_draft_campaign_is_not_live():
    live = ResearchFactory(campaign=CampaignFactory(published=True))
    own = ResearchFactory(campaign=None)
    hidden = ResearchFactory(campaign=CampaignFactory())

    assert set(Research.objects.live()) == {live, own}
    assert set(Research.objects.not_live()) == {hidden}


# Dates written as exactly as they are known


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        (DatePrecision.DAY, "27 June 2013"),
        (DatePrecision.MONTH, "June 2013"),
        (DatePrecision.APPROXIMATE, "around June 2013"),
    ],
)
def test_date_is_written_no_more_exactly_than_it_is_known(precision, expected):
    assert format_dated(datetime.date(2013, 6, 27), precision) == expected


def test_missing_date_says_it_is_not_recorded():
    assert format_dated(None, DatePrecision.DAY) == "date not recorded"


# When a campaign was last active, worked out from its dated facts


def _annotated(campaign) -> Campaign:
    return selectors.with_last_activity(Campaign.objects.filter(pk=campaign.pk)).get()


def test_campaign_is_last_active_on_its_latest_dated_fact():
    campaign = CampaignFactory(published=True)
    ActionFactory(campaign=campaign, starts_at=timezone.make_aware(datetime.datetime(2014, 5, 1, 18)))
    NewsPostFactory(campaign=campaign, published=True, dated_on=datetime.date(2015, 3, 24))
    AchievementFactory(campaign=campaign, won_on=datetime.date(2014, 6, 1))
    ResearchFactory(campaign=campaign, chapter=campaign.chapter, launch_on=datetime.date(2016, 10, 18))

    assert _annotated(campaign).last_active_on_day(DUE) == datetime.date(2016, 10, 18)


def test_a_response_to_an_ask_counts_as_activity():
    campaign = CampaignFactory(published=True)
    _ask_put_on(datetime.date(2013, 1, 1), campaign=campaign, declined=True, responded_on=datetime.date(2016, 2, 1))

    assert _annotated(campaign).last_active_on_day(DUE) == datetime.date(2016, 2, 1)


def test_a_draft_post_is_not_activity_residents_can_see():
    campaign = CampaignFactory(published=True)
    AchievementFactory(campaign=campaign, won_on=datetime.date(2014, 6, 1))
    NewsPostFactory(campaign=campaign, dated_on=datetime.date(2016, 3, 1))

    assert _annotated(campaign).last_active_on_day(DUE) == datetime.date(2014, 6, 1)


def test_an_action_to_come_makes_the_campaign_active_today():
    campaign = CampaignFactory(published=True)
    ActionFactory(campaign=campaign, starts_at=timezone.make_aware(datetime.datetime(2017, 1, 1, 18)))

    assert _annotated(campaign).last_active_on_day(DUE) == DUE
    assert not _annotated(campaign).is_quiet_on(DUE)


def test_campaign_active_a_year_ago_is_not_yet_quiet():
    campaign = CampaignFactory(published=True)
    AchievementFactory(campaign=campaign, won_on=DUE - QUIET_AFTER)

    assert not _annotated(campaign).is_quiet_on(DUE)


def test_campaign_with_nothing_dated_for_more_than_a_year_is_quiet():
    """Seen to fail: with no last-active date, a campaign quiet since 2014 read as "Taking action"."""
    campaign = CampaignFactory(published=True)
    AchievementFactory(campaign=campaign, won_on=DUE - QUIET_AFTER - datetime.timedelta(days=1))

    assert _annotated(campaign).is_quiet_on(DUE)


def test_campaign_with_no_dated_fact_is_not_judged_quiet():
    campaign = _annotated(CampaignFactory(published=True))

    assert campaign.last_active_on_day(DUE) is None
    assert not campaign.is_quiet_on(DUE)


@pytest.mark.parametrize(
    ("stage", "shown"),
    [
        (CampaignStage.TAKING_ACTION, False),
        (CampaignStage.RESEARCHING, False),
        (CampaignStage.LISTENING, False),
        (CampaignStage.WON, True),
        (CampaignStage.PAUSED, True),
    ],
)
def test_only_stages_that_stay_true_are_shown_for_a_quiet_campaign(stage, shown):
    campaign = CampaignFactory(published=True, stage=stage)
    AchievementFactory(campaign=campaign, won_on=datetime.date(2014, 6, 1))

    assert _annotated(campaign).shows_stage is shown


def test_quiet_and_not_quiet_split_the_campaigns_as_the_model_judges_them():
    quiet, recent, undated = (CampaignFactory(published=True) for _ in range(3))
    AchievementFactory(campaign=quiet, won_on=DUE - QUIET_AFTER - datetime.timedelta(days=1))
    AchievementFactory(campaign=recent, won_on=DUE - QUIET_AFTER)
    campaigns = selectors.with_last_activity(Campaign.objects.all())

    assert list(campaigns.quiet(DUE)) == [quiet]
    assert set(campaigns.not_quiet(DUE)) == {recent, undated}
    assert {campaign for campaign in campaigns if campaign.is_quiet_on(DUE)} == {quiet}
