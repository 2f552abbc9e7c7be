"""The editors' review queue across every app, and each signed-in person's "Your work" page."""

import datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from civicportal.core import pipeline
from civicportal.core.publishing import Status
from tests.campaigns.factories import NewsPostFactory, OrganiserFactory
from tests.core.factories import PageFactory, UserFactory
from tests.initiatives.factories import CaseStudyFactory
from tests.queries import assert_queries_do_not_grow
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

NOON = datetime.datetime(2027, 3, 1, 12, 0, tzinfo=datetime.UTC)


def _submitted(item, user, at):
    with time_machine.travel(at, tick=False):
        pipeline.submit(item=item, user=user)
    return item


def _review_url(item):
    return reverse("core:review_item", args=[ContentType.objects.get_for_model(item).pk, item.pk])


def test_the_queue_lists_work_from_every_app_the_longest_waiting_first(client, editor):
    staff = UserFactory(university_staff=True)
    organiser = OrganiserFactory()
    case_study = _submitted(CaseStudyFactory(owner=staff), staff, NOON + datetime.timedelta(hours=2))
    post = _submitted(
        NewsPostFactory(chapter=organiser.chapter, campaign=None, owner=organiser.user), organiser.user, NOON
    )
    PageFactory(title="A draft nobody sent")
    sign_in(client, editor)

    response = client.get(reverse("core:review_queue"))

    assert response.status_code == 200
    text = response.text
    assert text.index(post.title) < text.index(case_study.title)
    assert "A draft nobody sent" not in text


def test_only_editors_open_the_queue(client):
    organiser = OrganiserFactory()
    sign_in(client, organiser.user)

    assert client.get(reverse("core:review_queue")).status_code == 403


def test_an_editor_publishes_from_the_queue(client, editor):
    organiser = OrganiserFactory()
    post = NewsPostFactory(in_review=True, chapter=organiser.chapter, campaign=None, owner=organiser.user)
    sign_in(client, editor)

    response = client.post(_review_url(post), {"decision": "publish"})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_live


def test_sending_back_without_a_reason_is_refused_at_the_field(client, editor):
    post = NewsPostFactory(in_review=True, campaign=None)
    sign_in(client, editor)

    response = client.post(_review_url(post), {"decision": "send_back", "reason": "  "})

    assert response.status_code == 400
    assert "Say what should change before sending it back." in response.text
    post.refresh_from_db()
    assert post.status == Status.IN_REVIEW


def test_an_author_sees_what_was_sent_back_and_why(client, editor):
    organiser = OrganiserFactory()
    post = NewsPostFactory(in_review=True, chapter=organiser.chapter, campaign=None, owner=organiser.user)
    draft = NewsPostFactory(chapter=organiser.chapter, campaign=None, owner=organiser.user)
    sign_in(client, editor)
    client.post(_review_url(post), {"decision": "send_back", "reason": "Name the ward the meeting was in."})
    sign_in(client, organiser.user)

    response = client.get(reverse("core:your_work"))

    assert response.status_code == 200
    sent_back, drafts = response.text.split("<h2>Drafts</h2>")
    assert post.title in sent_back
    assert "Name the ward the meeting was in." in sent_back
    assert draft.title in drafts.split("<h2>Waiting for review</h2>")[0]


def test_an_organiser_cannot_review_an_item(client):
    organiser = OrganiserFactory()
    post = NewsPostFactory(in_review=True, chapter=organiser.chapter, campaign=None, owner=organiser.user)
    sign_in(client, organiser.user)

    response = client.post(_review_url(post), {"decision": "publish"})

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == Status.IN_REVIEW


def test_queue_queries_do_not_grow_with_the_work_waiting(client, editor):
    sign_in(client, editor)

    def add(count):
        for _ in range(count):
            NewsPostFactory(in_review=True, campaign=None)
            CaseStudyFactory(in_review=True)

    assert_queries_do_not_grow(client, reverse("core:review_queue"), add_data=add)


def test_your_work_queries_do_not_grow_with_the_work(client):
    organiser = OrganiserFactory()
    sign_in(client, organiser.user)

    def add(count):
        for _ in range(count):
            NewsPostFactory(chapter=organiser.chapter, campaign=None, owner=organiser.user)
            NewsPostFactory(in_review=True, chapter=organiser.chapter, campaign=None, owner=organiser.user)

    assert_queries_do_not_grow(client, reverse("core:your_work"), add_data=add)
