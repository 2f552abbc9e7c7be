"""The services: every change is checked before it is saved, and budgets are never over-allocated."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from civicportal.core import follows
from civicportal.core.models import Subscription
from civicportal.core.publishing import Status
from neighbourhoods import services
from neighbourhoods.models import Allocation, SurveyMeasure, SurveyResult, TeamPosition, TeamRole
from tests.core.factories import UserFactory
from tests.neighbourhoods.factories import (
    AllocationFactory,
    EventFactory,
    SurveyResultFactory,
    TeamPositionFactory,
    WardBudgetFactory,
    WardFactory,
    officer_of,
)


def _allocate(budget, amount_pence, *, user=None, **overrides):
    fields = {
        "budget": budget,
        "user": user or officer_of(budget.ward),
        "recipient_kind": "group",
        "recipient_name": "Forest Fields Brownies",
        "category": "young_people",
        "amount_pence": amount_pence,
        "decided_on": datetime.date(budget.year, 6, 1),
        "purpose": "Camping equipment.",
    }
    return services.allocation_create(**(fields | overrides))


@pytest.mark.django_db
def test_allocation_within_the_budget_is_saved():
    budget = WardBudgetFactory(amount_pence=10_000)

    allocation = _allocate(budget, 10_000)

    assert allocation.pk is not None
    assert allocation.reference


@pytest.mark.django_db
def test_allocation_beyond_what_is_left_is_refused_and_nothing_saved():
    budget = WardBudgetFactory(amount_pence=10_000)
    AllocationFactory(budget=budget, amount_pence=6_000)

    with pytest.raises(ValidationError) as raised:
        _allocate(budget, 5_000)

    assert raised.value.error_dict["amount_pence"][0].code == "over_budget"
    assert Allocation.objects.filter(budget=budget).count() == 1


@pytest.mark.django_db
def test_allocation_of_nothing_is_refused_by_the_model():
    with pytest.raises(ValidationError):
        _allocate(WardBudgetFactory(), 0)


@pytest.mark.django_db
def test_raising_an_allocation_beyond_the_budget_is_refused():
    budget = WardBudgetFactory(amount_pence=10_000)
    allocation = AllocationFactory(budget=budget, amount_pence=5_000)
    AllocationFactory(budget=budget, amount_pence=5_000)

    with pytest.raises(ValidationError):
        services.allocation_update(allocation=allocation, user=officer_of(budget.ward), amount_pence=5_001)

    allocation.refresh_from_db()
    assert allocation.amount_pence == 5_000


@pytest.mark.django_db
def test_allocation_decided_after_its_financial_year_is_refused():
    budget = WardBudgetFactory(year=2016)

    with pytest.raises(ValidationError) as raised:
        _allocate(budget, 100, decided_on=datetime.date(2017, 4, 1))

    assert raised.value.error_dict["decided_on"][0].code == "after_year_end"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_allocations_that_exceed_the_budget_leave_exactly_one_saved():
    budget = WardBudgetFactory(amount_pence=10_000)
    officer = officer_of(budget.ward)
    start = threading.Barrier(2)
    outcomes = []

    def allocate():
        try:
            start.wait()
            _allocate(budget, 6_000, user=officer)
            outcomes.append("saved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "saved"]
    assert Allocation.objects.filter(budget=budget).count() == 1


@pytest.mark.django_db
def test_a_vacant_role_is_recorded_without_a_mailbox():
    ward = WardFactory()

    position = services.team_position_set(
        ward=ward, user=officer_of(ward), role=TeamRole.POLICE, mailbox="old@civicportal.example", is_vacant=True
    )

    assert position.is_vacant
    assert position.mailbox == ""


@pytest.mark.django_db
def test_a_filled_role_needs_a_mailbox():
    ward = WardFactory()

    with pytest.raises(ValidationError):
        services.team_position_set(ward=ward, user=officer_of(ward), role=TeamRole.POLICE, mailbox="", is_vacant=False)


@pytest.mark.django_db
def test_an_event_that_ends_before_it_starts_is_refused():
    start = datetime.datetime(2027, 1, 5, 12, tzinfo=datetime.UTC)

    with pytest.raises(ValidationError) as raised:
        services.event_create(
            ward=WardFactory(),
            user=UserFactory(editor=True),
            title="Lunch club",
            summary="Lunch.",
            starts_at=start,
            ends_at=start - datetime.timedelta(hours=1),
            venue="Hall",
            organiser="Team",
        )

    assert raised.value.error_dict["ends_at"][0].code == "ends_before_start"


@pytest.mark.django_db
def test_publishing_an_event_makes_it_live():
    event = EventFactory()

    services.event_update(event=event, user=UserFactory(editor=True), status=Status.PUBLISHED)

    event.refresh_from_db()
    assert event.status == Status.PUBLISHED
    assert event.is_live


def _confirmed_follower(ward, email):
    subscription = follows.follow_request(email=email, target=ward)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=timezone.now())


@pytest.mark.django_db
def test_publishing_a_ward_campaign_tells_that_wards_followers_only(django_capture_on_commit_callbacks):
    own, other = WardFactory(), WardFactory()
    _confirmed_follower(own, "near@example.org")
    _confirmed_follower(other, "far@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.local_campaign_create(
            ward=own,
            user=UserFactory(editor=True),
            title="Bag it and bin it",
            summary="On dog fouling.",
            ask="Pick up.",
            year=2026,
            status=Status.PUBLISHED,
        )

    assert [message.to for message in mail.outbox] == [["near@example.org"]]


@pytest.mark.django_db
def test_publishing_a_city_wide_campaign_tells_every_wards_followers(django_capture_on_commit_callbacks):
    _confirmed_follower(WardFactory(), "one@example.org")
    _confirmed_follower(WardFactory(), "two@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = services.local_campaign_create(
            ward=None,
            user=UserFactory(editor=True),
            title="Eyes wide open",
            summary="On dog fouling.",
            ask="Pick up.",
            year=2017,
            status=Status.PUBLISHED,
        )

    assert sent.ward is None
    assert sorted(message.to[0] for message in mail.outbox) == ["one@example.org", "two@example.org"]


@pytest.mark.django_db
def test_changing_an_already_published_event_tells_nobody_again(django_capture_on_commit_callbacks):
    event = EventFactory(published=True)
    _confirmed_follower(event.ward, "resident@example.org")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(event=event, user=UserFactory(editor=True), summary="Now with cake.")

    assert mail.outbox == []


@pytest.mark.django_db
def test_event_called_past_does_not_take_the_past_events_address():
    start = timezone.now() + datetime.timedelta(days=3)
    event = services.event_create(
        ward=WardFactory(),
        user=UserFactory(editor=True),
        title="Past",
        summary="A look back at the ward's year.",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue="Hall",
        organiser="Team",
    )
    assert event.slug == "past-event"


# Each service checks the acting user itself: an officer changes only the rows of their own wards.


def _outsider():
    """Return a council officer of some other ward."""
    return officer_of(WardFactory())


@pytest.mark.django_db
def test_officer_cannot_change_another_wards_introduction():
    ward = WardFactory(introduction="As it was.")

    with pytest.raises(PermissionDenied):
        services.ward_update(ward=ward, user=_outsider(), introduction="Taken over.")

    ward.refresh_from_db()
    assert ward.introduction == "As it was."


@pytest.mark.django_db
def test_officer_changes_their_own_wards_introduction():
    ward = WardFactory()

    services.ward_update(ward=ward, user=officer_of(ward), introduction="Kept current.")

    ward.refresh_from_db()
    assert ward.introduction == "Kept current."


@pytest.mark.django_db
def test_officer_cannot_set_a_role_of_another_wards_team():
    position = TeamPositionFactory(role=TeamRole.POLICE, mailbox="police.ward@civicportal.example")

    with pytest.raises(PermissionDenied):
        services.team_position_set(
            ward=position.ward, user=_outsider(), role=TeamRole.POLICE, mailbox="", is_vacant=True
        )

    position.refresh_from_db()
    assert (position.mailbox, position.is_vacant) == ("police.ward@civicportal.example", False)


@pytest.mark.django_db
def test_officer_sets_a_role_of_their_own_wards_team():
    ward = WardFactory()

    services.team_position_set(ward=ward, user=officer_of(ward), role=TeamRole.POLICE, mailbox="", is_vacant=True)

    assert TeamPosition.objects.get(ward=ward, role=TeamRole.POLICE).is_vacant


@pytest.mark.django_db
def test_officer_cannot_allocate_from_another_wards_budget():
    budget = WardBudgetFactory()

    with pytest.raises(PermissionDenied):
        _allocate(budget, 100, user=_outsider())

    assert not Allocation.objects.filter(budget=budget).exists()


@pytest.mark.django_db
def test_officer_allocates_from_their_own_wards_budget():
    budget = WardBudgetFactory()

    _allocate(budget, 100, user=officer_of(budget.ward))

    assert Allocation.objects.filter(budget=budget).count() == 1


@pytest.mark.django_db
def test_officer_cannot_change_another_wards_allocation():
    allocation = AllocationFactory(amount_pence=10_000)

    with pytest.raises(PermissionDenied):
        services.allocation_update(allocation=allocation, user=_outsider(), amount_pence=20_000)

    allocation.refresh_from_db()
    assert allocation.amount_pence == 10_000


@pytest.mark.django_db
def test_officer_changes_their_own_wards_allocation():
    allocation = AllocationFactory(amount_pence=10_000)

    services.allocation_update(allocation=allocation, user=officer_of(allocation.budget.ward), amount_pence=20_000)

    allocation.refresh_from_db()
    assert allocation.amount_pence == 20_000


@pytest.mark.django_db
def test_officer_cannot_withdraw_another_wards_allocation():
    allocation = AllocationFactory()

    with pytest.raises(PermissionDenied):
        services.allocation_delete(allocation=allocation, user=_outsider())

    assert Allocation.objects.filter(pk=allocation.pk).exists()


@pytest.mark.django_db
def test_officer_withdraws_their_own_wards_allocation():
    allocation = AllocationFactory()

    services.allocation_delete(allocation=allocation, user=officer_of(allocation.budget.ward))

    assert not Allocation.objects.filter(pk=allocation.pk).exists()


@pytest.mark.django_db
def test_officer_cannot_record_a_survey_figure_for_another_ward():
    ward = WardFactory()

    with pytest.raises(PermissionDenied):
        services.survey_result_create(
            ward=ward, user=_outsider(), year=2016, measure=SurveyMeasure.AREA, percent=Decimal(80)
        )

    assert not SurveyResult.objects.filter(ward=ward).exists()


@pytest.mark.django_db
def test_officer_records_a_survey_figure_for_their_own_ward():
    ward = WardFactory()

    services.survey_result_create(
        ward=ward, user=officer_of(ward), year=2016, measure=SurveyMeasure.AREA, percent=Decimal(80)
    )

    assert SurveyResult.objects.get(ward=ward).percent == 80


@pytest.mark.django_db
def test_officer_cannot_correct_another_wards_survey_figure():
    result = SurveyResultFactory(ward=WardFactory(), percent=85)

    with pytest.raises(PermissionDenied):
        services.survey_result_update(result=result, user=_outsider(), percent=Decimal(20))

    result.refresh_from_db()
    assert result.percent == 85


@pytest.mark.django_db
def test_officer_corrects_their_own_wards_survey_figure():
    result = SurveyResultFactory(ward=WardFactory(), percent=85)

    services.survey_result_update(result=result, user=officer_of(result.ward), percent=Decimal(86))

    result.refresh_from_db()
    assert result.percent == 86
