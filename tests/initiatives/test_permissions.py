"""Who may see and change case studies (and the rest), from the policies and through the real pages."""

import pytest
from django.urls import reverse

from civicportal.core import permissions as core_permissions
from civicportal.core.publishing import Status
from initiatives import permissions
from tests.core.factories import UserFactory
from tests.initiatives.factories import CaseStudyFactory, IndicatorFactory, ProgrammeFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return UserFactory(university_staff=True)


@pytest.fixture
def colleague():
    return UserFactory(university_staff=True)


# The policies


def test_owner_may_change_their_own_draft(author):
    assert core_permissions.user_can_change(author, CaseStudyFactory(owner=author))


def test_staff_member_may_not_change_a_colleagues_draft(author, colleague):
    assert not core_permissions.user_can_change(colleague, CaseStudyFactory(owner=author))


def test_owner_may_not_change_their_case_study_once_published(author):
    assert not core_permissions.user_can_change(author, CaseStudyFactory(owner=author, published=True))


def test_editor_may_change_any_case_study(editor):
    assert core_permissions.user_can_change(editor, CaseStudyFactory(published=True))


def test_editable_rows_of_an_author_are_their_unpublished_case_studies(author, colleague):
    own = CaseStudyFactory(owner=author)
    CaseStudyFactory(owner=colleague)
    CaseStudyFactory(owner=author, published=True)
    editable = core_permissions.editable_by(author, permissions.CaseStudy.objects.all())
    assert list(editable) == [own]


def test_university_staff_may_write_case_studies(author):
    assert permissions.user_can_write_case_studies(author)


def test_resident_account_may_not_write_case_studies(resident_user):
    assert not permissions.user_can_write_case_studies(resident_user)


def test_editor_may_review_case_studies(editor):
    assert permissions.user_can_review_case_studies(editor)


def test_university_staff_may_not_review_case_studies(author):
    assert not permissions.user_can_review_case_studies(author)


def test_editor_may_change_a_programme(editor):
    assert core_permissions.user_can_change(editor, ProgrammeFactory())


def test_university_staff_may_not_change_an_indicator(author):
    assert not core_permissions.user_can_change(author, IndicatorFactory())


# Through the pages


def test_resident_never_sees_a_draft(client):
    draft = CaseStudyFactory(title="Unpublished partnership")
    assert client.get(draft.get_absolute_url()).status_code == 404
    listing = client.get(reverse("initiatives:case_studies"))
    assert listing.status_code == 200
    assert "<h1>Case studies</h1>" in listing.text
    assert "Unpublished partnership" not in listing.text


def test_resident_never_sees_a_case_study_in_review(client):
    case_study = CaseStudyFactory(in_review=True)
    assert client.get(case_study.get_absolute_url()).status_code == 404


def test_author_sees_their_own_draft(client, author):
    draft = CaseStudyFactory(owner=author)
    sign_in(client, author)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_staff_member_cannot_see_a_colleagues_draft(client, author, colleague):
    draft = CaseStudyFactory(owner=author)
    sign_in(client, colleague)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_staff_member_cannot_open_a_colleagues_draft_for_editing(client, author, colleague):
    draft = CaseStudyFactory(owner=author)
    sign_in(client, colleague)
    assert client.get(reverse("initiatives:case_study_edit", kwargs={"slug": draft.slug})).status_code == 404


def test_staff_member_cannot_change_a_colleagues_draft_by_post(client, author, colleague):
    draft = CaseStudyFactory(owner=author, title="Original title")
    sign_in(client, colleague)
    url = reverse("initiatives:case_study_edit", kwargs={"slug": draft.slug})
    response = client.post(url, {"title": "Taken over", "summary": "S", "theme": "research", "body": "B"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Original title"


def test_staff_member_cannot_edit_a_colleagues_published_case_study(client, author, colleague):
    published = CaseStudyFactory(owner=author, published=True)
    sign_in(client, colleague)
    assert client.get(reverse("initiatives:case_study_edit", kwargs={"slug": published.slug})).status_code == 403


def test_staff_member_cannot_submit_a_colleagues_draft(client, author, colleague):
    draft = CaseStudyFactory(owner=author)
    sign_in(client, colleague)
    response = client.post(reverse("initiatives:case_study_submit", kwargs={"slug": draft.slug}))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_author_opens_their_own_draft_for_editing(client, author):
    draft = CaseStudyFactory(owner=author)
    sign_in(client, author)
    assert client.get(reverse("initiatives:case_study_edit", kwargs={"slug": draft.slug})).status_code == 200


def test_resident_account_cannot_start_a_case_study(client, resident_user):
    sign_in(client, resident_user)
    assert client.get(reverse("initiatives:case_study_create")).status_code == 403


def test_anonymous_visitor_is_asked_to_sign_in_to_write(client):
    response = client.get(reverse("initiatives:case_study_create"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_member_cannot_open_the_review_page(client, author):
    case_study = CaseStudyFactory(in_review=True)
    sign_in(client, author)
    assert client.get(reverse("initiatives:case_study_review", kwargs={"slug": case_study.slug})).status_code == 403
    assert client.get(reverse("initiatives:review_list")).status_code == 403


def test_editor_publishing_makes_the_case_study_appear_to_residents(client, editor):
    case_study = CaseStudyFactory(in_review=True, title="Nottingham Citizens")
    sign_in(client, editor)
    response = client.post(
        reverse("initiatives:case_study_review", kwargs={"slug": case_study.slug}), {"decision": "publish"}
    )
    assert response.status_code == 302
    client.logout()
    assert client.get(case_study.get_absolute_url()).status_code == 200
    assert "Nottingham Citizens" in client.get(reverse("initiatives:case_studies")).text


def test_editor_asking_for_changes_sends_it_back_with_the_comment_for_the_author(client, editor):
    case_study = CaseStudyFactory(in_review=True)
    sign_in(client, editor)
    client.post(
        reverse("initiatives:case_study_review", kwargs={"slug": case_study.slug}),
        {"decision": "request_changes", "comment": "Please name the partner organisations."},
    )
    sign_in(client, case_study.owner)
    response = client.get(reverse("initiatives:case_study_edit", kwargs={"slug": case_study.slug}))
    assert "Please name the partner organisations." in response.text
    case_study.refresh_from_db()
    assert case_study.status == Status.DRAFT
