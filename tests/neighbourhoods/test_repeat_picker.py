"""Repeating events picked from a list: each choice built into an RRULE and read back, through every door."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from neighbourhoods import recurrence
from neighbourhoods.models import Event
from neighbourhoods.recurrence import LONDON, Frequency
from tests.admin_forms import admin_form_data
from tests.core.factories import UserFactory
from tests.neighbourhoods.factories import EventFactory, WardFactory, officer_of
from tests.signin import sign_in


def _at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, 12, 0, tzinfo=LONDON)


# Tuesdays in December 2026: the 1st is the first, the 29th the last.
PICKS = [
    (Frequency.WEEKLY, 1, "FREQ=WEEKLY"),
    (Frequency.FORTNIGHTLY, 1, "FREQ=WEEKLY;INTERVAL=2"),
    (Frequency.MONTHLY, 1, "FREQ=MONTHLY"),
    (Frequency.MONTHLY_NTH[1], 1, "FREQ=MONTHLY;BYDAY=1TU"),
    (Frequency.MONTHLY_NTH[2], 8, "FREQ=MONTHLY;BYDAY=2TU"),
    (Frequency.MONTHLY_NTH[3], 15, "FREQ=MONTHLY;BYDAY=3TU"),
    (Frequency.MONTHLY_NTH[4], 22, "FREQ=MONTHLY;BYDAY=4TU"),
    (Frequency.MONTHLY_NTH[-1], 29, "FREQ=MONTHLY;BYDAY=-1TU"),
]


@pytest.mark.parametrize(("stem", "day", "rule"), PICKS)
def test_each_pick_builds_its_rule(stem, day, rule):
    assert recurrence.build_rule(stem, _at(day)) == rule


@pytest.mark.parametrize(("stem", "day", "rule"), PICKS)
def test_each_rule_is_read_back_as_its_pick(stem, day, rule):
    until = f"{rule};{recurrence.until_for(datetime.date(2027, 6, 30))}"

    assert recurrence.read_rule(rule, _at(day)) == stem
    assert recurrence.read_rule(until, _at(day)) == stem


def test_pick_ends_on_a_day_or_after_a_number_of_times():
    assert recurrence.build_rule(Frequency.WEEKLY, _at(1), until=datetime.date(2027, 3, 31)) == (
        "FREQ=WEEKLY;UNTIL=20270331T225959Z"
    )
    assert recurrence.build_rule(Frequency.WEEKLY, _at(1), count=6) == "FREQ=WEEKLY;COUNT=6"


def test_weekly_rule_naming_the_first_times_weekday_is_every_week():
    assert recurrence.read_rule("FREQ=WEEKLY;BYDAY=TU", _at(1)) == Frequency.WEEKLY


@pytest.mark.parametrize("rule", ["FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=YEARLY", "FREQ=MONTHLY;BYDAY=1SA", "FREQ=DAILY"])
def test_rule_the_list_cannot_express_is_a_custom_one(rule):
    assert recurrence.read_rule(rule, _at(1)) == Frequency.CUSTOM


def test_first_tuesday_repeat_refuses_a_first_time_on_the_second_tuesday():
    with pytest.raises(recurrence.ValidationError) as refused:
        recurrence.check_first_time(Frequency.MONTHLY_NTH[1], _at(8))

    assert refused.value.messages == [
        "The first time, 8 December 2026, is the second Tuesday of its month: "
        "choose that repeat, or move the first time."
    ]


def test_picker_names_the_weekday_of_the_first_time():
    assert (Frequency.MONTHLY_NTH[-1], "Every month on the last Tuesday") in recurrence.picker_choices(_at(29))


# The front-end form and the admin, as an officer of the event's ward and as an admin.


@pytest.fixture
def ward():
    return WardFactory(name="Arboretum", slug="arboretum")


@pytest.fixture
def officer(client, ward):
    user = officer_of(ward)
    sign_in(client, user)
    return user


def _front_end_data(**changes):
    return {
        "title": "Lunch club",
        "summary": "Lunch and company.",
        "description": "",
        "starts_at": "2027-01-05T12:00",
        "ends_at": "2027-01-05T14:00",
        "recurrence": Frequency.MONTHLY_NTH[1],
        "repeat_until": "2027-06-30",
        "repeat_count": "",
        "venue": "Community centre",
        "venue_address": "",
        "accessibility": "Step-free.",
        "organiser": "The team",
        "status": "draft",
    } | changes


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
def test_officer_picks_the_first_tuesday_of_every_month_on_the_front_end(client, officer, ward):
    response = client.post("/neighbourhoods/wards/arboretum/edit/events/new/", _front_end_data())

    assert response.status_code == 302
    assert Event.objects.get().recurrence == "FREQ=MONTHLY;BYDAY=1TU;UNTIL=20270630T225959Z"


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
def test_end_date_and_number_of_times_together_are_refused_at_the_number(client, officer, ward):
    response = client.post("/neighbourhoods/wards/arboretum/edit/events/new/", _front_end_data(repeat_count="5"))

    assert response.status_code == 400
    assert response.context["form"].errors["repeat_count"] == ["Give an end date or a number of times, not both."]
    assert not Event.objects.exists()


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
def test_repeat_on_a_weekday_the_first_time_is_not_is_refused_at_the_repeat(client, officer, ward):
    response = client.post(
        "/neighbourhoods/wards/arboretum/edit/events/new/", _front_end_data(recurrence=Frequency.MONTHLY_NTH[2])
    )

    assert response.status_code == 400
    assert "first Tuesday" in response.context["form"].errors["recurrence"][0]
    assert not Event.objects.exists()


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
def test_officer_sees_a_custom_rule_as_custom_and_saving_keeps_it(client, officer, ward):
    event = EventFactory(ward=ward, starts_at=_at(7), ends_at=_at(7) + datetime.timedelta(hours=2))
    Event.objects.filter(pk=event.pk).update(recurrence="FREQ=WEEKLY;BYDAY=MO,WE")
    url = f"/neighbourhoods/wards/arboretum/edit/events/{event.slug}/"

    form = client.get(url).context["form"]
    response = client.post(
        url,
        _front_end_data(
            starts_at="2026-12-07T12:00", ends_at="2026-12-07T14:00", recurrence="custom", repeat_until="", title="New"
        ),
    )

    assert form.initial["recurrence"] == "custom"
    assert "custom_rule" not in form.fields
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.recurrence) == ("New", "FREQ=WEEKLY;BYDAY=MO,WE")


def _admin_url(event):
    return reverse("admin:neighbourhoods_event_change", args=[event.pk])


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
def test_admin_change_form_shows_a_stored_rule_in_the_picker(client, officer, ward):
    rule = f"FREQ=MONTHLY;BYDAY=1TU;{recurrence.until_for(datetime.date(2027, 6, 30))}"
    event = EventFactory(ward=ward, starts_at=_at(1), ends_at=_at(1) + datetime.timedelta(hours=2), recurrence=rule)

    data = admin_form_data(client.get(_admin_url(event)).text, "event")

    assert data["recurrence"] == [Frequency.MONTHLY_NTH[1]]
    assert data["repeat_until"] == ["2027-06-30"]
    assert "custom_rule" not in data


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
def test_officer_changes_the_repeat_in_the_admin_to_every_two_weeks_six_times(client, officer, ward):
    event = EventFactory(ward=ward, starts_at=_at(1), ends_at=_at(1) + datetime.timedelta(hours=2), weekly=True)
    data = admin_form_data(client.get(_admin_url(event)).text, "event")
    data |= {"recurrence": [Frequency.FORTNIGHTLY], "repeat_until": [""], "repeat_count": ["6"]}

    response = client.post(_admin_url(event), data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.recurrence == "FREQ=WEEKLY;INTERVAL=2;COUNT=6"


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
def test_repeats_ending_before_the_first_time_are_refused_at_the_field_in_the_admin(client, officer, ward):
    event = EventFactory(ward=ward, starts_at=_at(1), ends_at=_at(1) + datetime.timedelta(hours=2), weekly=True)
    data = admin_form_data(client.get(_admin_url(event)).text, "event")
    data |= {"repeat_until": ["2026-11-30"]}

    response = client.post(_admin_url(event), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["repeat_until"] == ["The repeats must end after the first time."]
    event.refresh_from_db()
    assert event.recurrence == "FREQ=WEEKLY"


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
def test_officer_adding_in_the_admin_with_repeats_ending_too_early_saves_nothing(client, officer, ward):
    url = reverse("admin:neighbourhoods_event_add")
    data = admin_form_data(client.get(url).text, "event") | {
        "ward": [str(ward.pk)],
        "title": ["Lunch club"],
        "slug": ["lunch-club"],
        "summary": ["Lunch and company."],
        "starts_at_0": ["05/01/2027"],
        "starts_at_1": ["12:00:00"],
        "ends_at_0": ["05/01/2027"],
        "ends_at_1": ["14:00:00"],
        "recurrence": [Frequency.WEEKLY],
        "repeat_until": ["2027-01-01"],
        "venue": ["Community centre"],
        "organiser": ["The team"],
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["repeat_until"] == ["The repeats must end after the first time."]
    assert not Event.objects.exists()


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 3, 9, 0, tzinfo=LONDON), tick=False)
def test_admin_types_a_custom_rule_in_the_admin(client, ward):
    sign_in(client, UserFactory(superuser=True))
    event = EventFactory(ward=ward, starts_at=_at(1), ends_at=_at(1) + datetime.timedelta(hours=2), weekly=True)
    data = admin_form_data(client.get(_admin_url(event)).text, "event")
    data |= {"recurrence": ["custom"], "custom_rule": ["FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8"], "repeat_until": [""]}

    response = client.post(_admin_url(event), data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.recurrence == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8"
