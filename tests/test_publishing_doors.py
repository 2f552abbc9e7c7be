"""Every door to publishing, for each role: the front end, the admin's change form, its list actions, its
history revert and the command. An organiser, an officer and university staff, each with admin access,
cannot make public what their role may not publish; those who may publish tell followers exactly once.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from civicportal.core import pipeline
from civicportal.core.publishing import Status
from tests.admin_forms import admin_form_data
from tests.campaigns.factories import CampaignFactory, NewsPostFactory, OrganiserFactory
from tests.core.factories import PageFactory, SubscriptionFactory, UserFactory
from tests.initiatives.factories import CaseStudyFactory
from tests.neighbourhoods.factories import EventFactory, WardFactory, officer_of
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _organiser_case():
    organiser = OrganiserFactory(staff=True)
    item = NewsPostFactory(in_review=True, chapter=organiser.chapter, campaign=None, owner=organiser.user)
    return organiser.user, item


def _organiser_campaign_case():
    organiser = OrganiserFactory(staff=True)
    return organiser.user, CampaignFactory(chapter=organiser.chapter)


def _staff_case():
    staff = UserFactory(university_staff=True, is_staff=True)
    return staff, CaseStudyFactory(in_review=True, owner=staff)


def _officer_case():
    """An officer may publish their own wards' events, but not another ward's, nor the portal's pages."""
    officer = officer_of(WardFactory())
    return officer, EventFactory(ward=WardFactory())


def _officer_page_case():
    return officer_of(WardFactory()), PageFactory(in_review=True)


CASES = {
    "organiser-news": _organiser_case,
    "organiser-campaign": _organiser_campaign_case,
    "staff-case-study": _staff_case,
    "officer-other-ward": _officer_case,
    "officer-page": _officer_page_case,
}


def _admin_url(item, view, *args):
    meta = item._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def _stays_unpublished(item, before: str) -> None:
    item.refresh_from_db()
    assert item.status == before
    assert not item.is_live
    assert not pipeline.is_announced(item)


@pytest.mark.parametrize("case", CASES)
def test_the_admin_change_form_cannot_publish(client, case):
    user, item = CASES[case]()
    before = item.status
    sign_in(client, user)

    page = client.get(_admin_url(item, "change", item.pk))
    if page.status_code == 200:
        data = admin_form_data(page.text, item._meta.model_name)
        assert "title" in data
        data["status"] = [Status.PUBLISHED]
        response = client.post(_admin_url(item, "change", item.pk), data)
        assert response.status_code in (200, 302, 403)
    else:
        assert page.status_code == 403

    _stays_unpublished(item, before)


@pytest.mark.parametrize("case", CASES)
def test_the_admin_list_action_cannot_publish(client, case):
    user, item = CASES[case]()
    before = item.status
    sign_in(client, user)

    response = client.post(
        _admin_url(item, "changelist"), {"action": "publish_selected", "_selected_action": [item.pk]}
    )

    assert response.status_code in (200, 302, 403)
    _stays_unpublished(item, before)


@pytest.mark.parametrize("case", CASES)
def test_the_command_cannot_publish(case):
    user, item = CASES[case]()
    before = item.status

    with pytest.raises(CommandError, match="may not publish"):
        call_command("publishing", "publish", item._meta.label_lower, str(item.pk), user=user.username)

    _stays_unpublished(item, before)


@pytest.mark.parametrize("case", CASES)
def test_the_review_queue_cannot_publish(client, case):
    user, item = CASES[case]()
    before = item.status
    sign_in(client, user)
    content_type = ContentType.objects.get_for_model(item)

    response = client.post(reverse("core:review_item", args=[content_type.pk, item.pk]), {"decision": "publish"})

    assert response.status_code == 403
    _stays_unpublished(item, before)


def test_an_organiser_cannot_publish_from_the_front_end(client):
    user, post = _organiser_case()
    sign_in(client, user)

    response = client.post(reverse("campaigns:news_publish", args=[post.slug]), {"publish_at": ""})

    assert response.status_code == 403
    _stays_unpublished(post, Status.IN_REVIEW)


def test_university_staff_cannot_publish_from_the_front_end(client):
    user, case_study = _staff_case()
    sign_in(client, user)

    response = client.post(reverse("initiatives:case_study_review", args=[case_study.slug]), {"decision": "publish"})

    assert response.status_code == 403
    _stays_unpublished(case_study, Status.IN_REVIEW)


def test_an_officer_cannot_publish_another_wards_event_from_the_front_end(client):
    user, event = _officer_case()
    sign_in(client, user)

    response = client.post(
        reverse("neighbourhoods:event_update", args=[event.ward.slug, event.slug]), {"status": Status.PUBLISHED}
    )

    assert response.status_code == 403
    _stays_unpublished(event, Status.DRAFT)


# History revert: the words come back, the status does not.


def _published_then_archived(item, editor):
    """Publish an item and then archive it, leaving a published version in its history to revert to."""
    pipeline.publish(item=item, user=editor)
    published_version = item.history.latest()
    item.title = "Renamed after publication"
    item.save()
    pipeline.archive(item=item, user=editor)
    return published_version


def _revert(client, item, version):
    url = _admin_url(item, "simple_history", item.pk, version.history_id)
    page = client.get(url)
    if page.status_code != 200:
        return page
    data = admin_form_data(page.text, item._meta.model_name)
    return client.post(url, data)


def test_an_organiser_reverting_an_archived_campaign_restores_its_words_not_its_status(client, editor):
    organiser = OrganiserFactory(staff=True)
    campaign = CampaignFactory(chapter=organiser.chapter, title="Living wage")
    version = _published_then_archived(campaign, editor)
    sign_in(client, organiser.user)

    response = _revert(client, campaign, version)

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Living wage"
    assert campaign.status == Status.ARCHIVED
    assert not campaign.is_live


def test_university_staff_reverting_a_case_study_restores_its_words_not_its_status(client, editor):
    staff = UserFactory(university_staff=True, is_staff=True)
    case_study = CaseStudyFactory(owner=staff, title="Working with the alliance")
    pipeline.publish(item=case_study, user=editor)
    published_version = case_study.history.latest()
    pipeline.unpublish(item=case_study, user=editor)
    case_study.title = "A new title"
    case_study.save()
    sign_in(client, staff)

    response = _revert(client, case_study, published_version)

    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.title == "Working with the alliance"
    assert case_study.status == Status.DRAFT


def test_an_officer_reverting_an_archived_event_restores_its_words_not_its_status(client, editor):
    ward = WardFactory()
    officer = officer_of(ward)
    event = EventFactory(ward=ward, title="Litter pick")
    version = _published_then_archived(event, editor)
    sign_in(client, officer)

    response = _revert(client, event, version)

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Litter pick"
    assert event.status == Status.ARCHIVED


def test_an_organiser_cannot_revert_a_published_post(client, editor):
    user, post = _organiser_case()
    version = post.history.latest()
    pipeline.publish(item=post, user=editor)
    sign_in(client, user)

    response = _revert(client, post, version)

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.is_live


# Those who may publish: followers hear exactly once, whichever door.


def test_an_officer_publishes_their_own_wards_event_from_the_admin_and_followers_hear_once(client, committed):
    ward = WardFactory()
    officer = officer_of(ward)
    event = EventFactory(ward=ward)
    SubscriptionFactory(target=ward, email="follower@example.org", confirmed=True)
    sign_in(client, officer)
    data = admin_form_data(client.get(_admin_url(event, "change", event.pk)).text, "event")
    data["status"] = [Status.PUBLISHED]

    with committed():
        response = client.post(_admin_url(event, "change", event.pk), data)
    with committed():
        client.post(_admin_url(event, "change", event.pk), {**data, "title": [f"{event.title}, renamed"]})
        client.post(_admin_url(event, "changelist"), {"action": "publish_selected", "_selected_action": [event.pk]})

    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_live
    assert [message.to for message in mail.outbox] == [["follower@example.org"]]


def test_an_officer_publishes_their_own_wards_event_from_the_front_end_and_followers_hear_once(client, committed):
    ward = WardFactory()
    officer = officer_of(ward)
    event = EventFactory(ward=ward)
    SubscriptionFactory(target=ward, email="follower@example.org", confirmed=True)
    sign_in(client, officer)
    url = reverse("neighbourhoods:event_update", args=[ward.slug, event.slug])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data["status"] = Status.PUBLISHED

    with committed():
        response = client.post(url, data)
    with committed():
        client.post(url, {**data, "summary": "Bring gloves."})

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["follower@example.org"]]


def test_an_editor_publishes_from_the_admin_change_form_and_followers_hear_once(client, editor, committed):
    organiser = OrganiserFactory()
    post = NewsPostFactory(in_review=True, chapter=organiser.chapter, campaign=None, owner=organiser.user)
    SubscriptionFactory(target=post.chapter, email="follower@example.org", confirmed=True)
    sign_in(client, editor)
    data = admin_form_data(client.get(_admin_url(post, "change", post.pk)).text, "newspost")
    data["status"] = [Status.PUBLISHED]

    with committed():
        response = client.post(_admin_url(post, "change", post.pk), data)
    with committed():
        client.post(_admin_url(post, "change", post.pk), {**data, "summary": ["Corrected."]})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_live
    assert [message.to for message in mail.outbox if message.to != [organiser.user.email]] == [["follower@example.org"]]


def test_an_editor_publishes_with_the_command_and_followers_hear_once(editor, committed):
    post = NewsPostFactory(in_review=True, campaign=None)
    SubscriptionFactory(target=post.chapter, email="follower@example.org", confirmed=True)

    with committed():
        call_command("publishing", "publish", "campaigns.newspost", str(post.pk), user=editor.username)
        call_command("publishing", "publish", "campaigns.newspost", str(post.pk), user=editor.username)

    post.refresh_from_db()
    assert post.is_live
    assert [message.to for message in mail.outbox if message.to == ["follower@example.org"]] == [
        ["follower@example.org"]
    ]
