"""Officers' front-end editing: their own wards only (403 for others), bad input kept at the field, never a 500."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from civicportal.core import follows
from civicportal.core.models import Subscription
from neighbourhoods.models import Allocation, Event, LocalCampaign, SurveyResult, TeamPosition, WardNews
from tests.core.factories import UserFactory
from tests.neighbourhoods.factories import (
    AllocationFactory,
    EventFactory,
    WardBudgetFactory,
    WardFactory,
    officer_of,
)
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_a():
    return WardFactory(name="Arboretum", slug="arboretum")


@pytest.fixture
def ward_b():
    return WardFactory(name="Bulwell", slug="bulwell")


@pytest.fixture
def officer(client, ward_a):
    user = officer_of(ward_a)
    sign_in(client, user)
    return user


def _allocation_data(**changes):
    data = {
        "recipient_kind": "group",
        "recipient_name": "Forest Fields Brownies",
        "recipient_charity_number": "",
        "category": "young_people",
        "amount_pence": "250.00",
        "decided_on": timezone.localdate().isoformat(),
        "purpose": "Camping equipment.",
    }
    return data | changes


# Own ward and others'


def test_officer_opens_their_own_wards_edit_page(client, officer, ward_a):
    assert client.get("/neighbourhoods/wards/arboretum/edit/").status_code == 200


def test_officer_gets_403_on_another_wards_edit_page(client, officer, ward_b):
    assert client.get("/neighbourhoods/wards/bulwell/edit/").status_code == 403


def test_signed_out_visitor_is_sent_to_sign_in(client, ward_a):
    response = client.get("/neighbourhoods/wards/arboretum/edit/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_resident_with_an_account_gets_403(client, ward_a):
    sign_in(client, UserFactory())

    assert client.get("/neighbourhoods/wards/arboretum/edit/").status_code == 403


def test_editor_may_edit_any_ward(client, ward_b):
    sign_in(client, UserFactory(editor=True))

    assert client.get("/neighbourhoods/wards/bulwell/edit/").status_code == 200


def test_officer_changes_an_allocation_of_their_ward(client, officer, ward_a):
    allocation = AllocationFactory(budget=WardBudgetFactory(ward=ward_a), amount_pence=10_000)

    response = client.post(
        f"/neighbourhoods/wards/arboretum/edit/allocations/{allocation.pk}/", _allocation_data(amount_pence="150")
    )

    assert response.status_code == 302
    allocation.refresh_from_db()
    assert allocation.amount_pence == 15_000


def test_officer_gets_403_changing_an_allocation_of_another_ward(client, officer, ward_b):
    allocation = AllocationFactory(budget=WardBudgetFactory(ward=ward_b), amount_pence=10_000)

    response = client.post(
        f"/neighbourhoods/wards/bulwell/edit/allocations/{allocation.pk}/", _allocation_data(amount_pence="1")
    )

    assert response.status_code == 403
    allocation.refresh_from_db()
    assert allocation.amount_pence == 10_000


def test_allocation_of_another_ward_is_not_found_through_own_wards_address(client, officer, ward_b):
    allocation = AllocationFactory(budget=WardBudgetFactory(ward=ward_b))

    response = client.get(f"/neighbourhoods/wards/arboretum/edit/allocations/{allocation.pk}/")

    assert response.status_code == 404


# Allocations


def test_officer_allocates_from_their_wards_budget(client, officer, ward_a):
    budget = WardBudgetFactory(ward=ward_a)

    response = client.post(f"/neighbourhoods/wards/arboretum/edit/budgets/{budget.year}/allocate/", _allocation_data())

    assert response.status_code == 302
    assert Allocation.objects.get().amount_pence == 25_000


def test_allocating_more_than_is_left_is_refused_at_the_amount(client, officer, ward_a):
    budget = WardBudgetFactory(ward=ward_a, amount_pence=10_000)

    response = client.post(
        f"/neighbourhoods/wards/arboretum/edit/budgets/{budget.year}/allocate/", _allocation_data(amount_pence="101")
    )

    assert response.status_code == 400
    assert response.context["form"].errors["amount_pence"][0].startswith("This is more than the £100 left")
    assert not Allocation.objects.exists()


@pytest.mark.parametrize("amount", ["0", "-5", "ten pounds", "1.234", ""])
def test_a_bad_amount_is_reported_at_the_field_and_nothing_saved(client, officer, ward_a, amount):
    budget = WardBudgetFactory(ward=ward_a)

    response = client.post(
        f"/neighbourhoods/wards/arboretum/edit/budgets/{budget.year}/allocate/", _allocation_data(amount_pence=amount)
    )

    assert response.status_code == 400
    assert "amount_pence" in response.context["form"].errors
    assert not Allocation.objects.exists()


def test_amount_may_be_typed_with_a_pound_sign_and_commas(client, officer, ward_a):
    budget = WardBudgetFactory(ward=ward_a, amount_pence=1_000_000)

    client.post(
        f"/neighbourhoods/wards/arboretum/edit/budgets/{budget.year}/allocate/",
        _allocation_data(amount_pence="£1,250.50"),
    )

    assert Allocation.objects.get().amount_pence == 125_050


def test_officer_withdraws_an_allocation_after_confirming(client, officer, ward_a):
    allocation = AllocationFactory(budget=WardBudgetFactory(ward=ward_a))
    url = f"/neighbourhoods/wards/arboretum/edit/allocations/{allocation.pk}/withdraw/"

    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == "/neighbourhoods/wards/arboretum/edit/"
    assert not Allocation.objects.exists()


# Team, introduction, events, campaigns, figures


def test_officer_marks_a_role_vacant(client, officer, ward_a):
    response = client.post("/neighbourhoods/wards/arboretum/edit/team/police/", {"is_vacant": "on", "mailbox": ""})

    assert response.status_code == 302
    assert TeamPosition.objects.get(ward=ward_a, role="police").is_vacant


def test_a_filled_role_without_a_mailbox_is_refused_at_the_field(client, officer, ward_a):
    response = client.post("/neighbourhoods/wards/arboretum/edit/team/police/", {"mailbox": ""})

    assert response.status_code == 400
    assert response.context["form"].errors["mailbox"]


def test_unknown_team_role_is_not_found(client, officer, ward_a):
    assert client.get("/neighbourhoods/wards/arboretum/edit/team/mayor/").status_code == 404


def test_officer_changes_the_wards_introduction(client, officer, ward_a):
    client.post(
        "/neighbourhoods/wards/arboretum/edit/",
        {"introduction": "A green ward.", "contact_email": "neighbourhood.arboretum@civicportal.example"},
    )

    ward_a.refresh_from_db()
    assert ward_a.introduction == "A green ward."


def _event_data(**changes):
    return {
        "title": "Lunch club",
        "summary": "Lunch and company.",
        "description": "",
        "starts_at": "2027-01-05T12:00",
        "ends_at": "2027-01-05T14:00",
        "recurrence": "FREQ=WEEKLY",
        "repeat_until": "2027-03-30",
        "venue": "Community centre",
        "venue_address": "",
        "accessibility": "Step-free.",
        "organiser": "The team",
        "status": "published",
    } | changes


def _upcoming_event_data(**changes):
    """Return the event's fields with its weekly series starting a month from today, so it is never already over."""
    first = timezone.localdate() + datetime.timedelta(days=30)
    return _event_data(
        starts_at=f"{first}T12:00",
        ends_at=f"{first}T14:00",
        repeat_until=(first + datetime.timedelta(weeks=12)).isoformat(),
        **changes,
    )


def test_officer_adds_a_weekly_event_as_one_event_with_a_rule(client, officer, ward_a):
    response = client.post("/neighbourhoods/wards/arboretum/edit/events/new/", _event_data())

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.recurrence == "FREQ=WEEKLY;UNTIL=20270330T225959Z"
    assert event.ward == ward_a
    assert timezone.localtime(event.starts_at).hour == 12


def test_event_that_ends_before_it_starts_is_refused_at_the_end(client, officer, ward_a):
    response = client.post("/neighbourhoods/wards/arboretum/edit/events/new/", _event_data(ends_at="2027-01-05T11:00"))

    assert response.status_code == 400
    assert response.context["form"].errors["ends_at"]
    assert not Event.objects.exists()


def test_repeats_ending_before_the_first_time_are_refused(client, officer, ward_a):
    response = client.post("/neighbourhoods/wards/arboretum/edit/events/new/", _event_data(repeat_until="2026-12-01"))

    assert response.status_code == 400
    assert response.context["form"].errors["repeat_until"]


def test_publishing_an_event_emails_the_wards_confirmed_followers(
    client, officer, ward_a, django_capture_on_commit_callbacks
):
    subscription = follows.follow_request(email="resident@example.org", target=ward_a)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=timezone.now())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/neighbourhoods/wards/arboretum/edit/events/new/", _upcoming_event_data())

    assert [message.to for message in mail.outbox] == [["resident@example.org"]]
    assert "Lunch club" in mail.outbox[0].subject


def test_a_draft_event_emails_nobody(client, officer, ward_a, django_capture_on_commit_callbacks):
    subscription = follows.follow_request(email="resident@example.org", target=ward_a)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=timezone.now())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/neighbourhoods/wards/arboretum/edit/events/new/", _upcoming_event_data(status="draft"))

    assert response.status_code == 302
    assert Event.objects.get().status == "draft"
    assert mail.outbox == []


def test_officer_gets_403_editing_an_event_of_another_ward(client, officer, ward_b):
    event = EventFactory(ward=ward_b)

    assert client.get(f"/neighbourhoods/wards/bulwell/edit/events/{event.slug}/").status_code == 403


def test_officer_adds_a_campaign_to_their_ward(client, officer, ward_a):
    response = client.post(
        "/neighbourhoods/wards/arboretum/edit/campaigns/new/",
        {
            "title": "Bag it and bin it",
            "summary": "On dog fouling.",
            "ask": "Pick up after your dog.",
            "year": "2027",
            "status": "draft",
        },
    )

    assert response.status_code == 302
    assert LocalCampaign.objects.get().ward == ward_a


def test_officer_adds_a_survey_figure_and_a_duplicate_is_refused_at_the_year(client, officer, ward_a):
    data = {"year": "2016", "measure": "area", "percent": "83.5", "sample_size": "400", "source": ""}
    assert client.post("/neighbourhoods/wards/arboretum/edit/surveys/new/", data).status_code == 302

    response = client.post("/neighbourhoods/wards/arboretum/edit/surveys/new/", data)

    assert response.status_code == 400
    assert response.context["form"].errors["year"]
    assert SurveyResult.objects.count() == 1


def test_percentages_over_a_hundred_are_refused(client, officer, ward_a):
    response = client.post(
        "/neighbourhoods/wards/arboretum/edit/surveys/new/", {"year": "2016", "measure": "area", "percent": "101"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["percent"]


def test_your_wards_lists_the_officers_wards_only(client, officer, ward_a, ward_b):
    response = client.get("/neighbourhoods/your-wards/")
    text = response.text

    assert response.status_code == 200
    assert "Edit Arboretum" in text
    assert "Bulwell" not in text


def test_ward_page_offers_the_edit_link_to_its_officer_only(client, officer, ward_a, ward_b):
    assert "/neighbourhoods/wards/arboretum/edit/" in client.get("/neighbourhoods/wards/arboretum/").text
    other = client.get("/neighbourhoods/wards/bulwell/")
    assert other.status_code == 200
    assert "<h1>Bulwell ward</h1>" in other.text
    assert "/neighbourhoods/wards/bulwell/edit/" not in other.text


def test_allocation_form_keeps_what_was_typed_after_an_error(client, officer, ward_a):
    budget = WardBudgetFactory(ward=ward_a, amount_pence=100)

    response = client.post(
        f"/neighbourhoods/wards/arboretum/edit/budgets/{budget.year}/allocate/",
        _allocation_data(amount_pence="5", recipient_name="Lenton Lunch Club"),
    )

    assert 'value="Lenton Lunch Club"' in response.text


def test_a_date_after_the_budgets_year_is_refused_at_the_date(client, officer, ward_a):
    budget = WardBudgetFactory(ward=ward_a, year=2016)

    response = client.post(
        "/neighbourhoods/wards/arboretum/edit/budgets/2016/allocate/",
        _allocation_data(decided_on=(datetime.date(2017, 4, 2)).isoformat()),
    )

    assert response.status_code == 400
    assert response.context["form"].errors["decided_on"]
    assert budget.allocations.count() == 0


def test_publishing_ward_news_emails_the_wards_confirmed_followers(
    client, officer, ward_a, django_capture_on_commit_callbacks
):
    subscription = follows.follow_request(email="resident@example.org", target=ward_a)
    Subscription.objects.filter(pk=subscription.pk).update(confirmed_at=timezone.now())
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/neighbourhoods/wards/arboretum/edit/news/new/",
            {"title": "Alley gates installed", "summary": "They are in.", "body": "At last.", "status": "published"},
        )

    assert response.status_code == 302
    assert WardNews.objects.get().ward == ward_a
    assert [message.subject for message in mail.outbox] == ["News from Arboretum: Alley gates installed"]


def test_news_without_a_body_is_refused_at_the_field(client, officer, ward_a):
    response = client.post(
        "/neighbourhoods/wards/arboretum/edit/news/new/", {"title": "T", "summary": "S", "body": "", "status": "draft"}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["body"]


def test_officer_gets_403_on_another_wards_news_form(client, officer, ward_b):
    assert client.get("/neighbourhoods/wards/bulwell/edit/news/new/").status_code == 403
