"""The admin of pages and organisations, through its real addresses, with the permission policies applied."""

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from civicportal.core.models import Organisation, Page
from civicportal.core.publishing import Status
from tests.core.factories import OrganisationFactory, PageFactory, UserFactory
from tests.signin import sign_in

pytestmark = pytest.mark.django_db

PAGE_LIST = "/admin/core/page/"


def _change_url(page) -> str:
    return f"/admin/core/page/{page.pk}/change/"


def _change_form_data(page, **changes) -> dict:
    """Return the admin change form's fields for a page, as a browser would post them, with changes."""
    local = timezone.localtime(page.publish_at) if page.publish_at else None
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "body": page.body,
        "status": page.status,
        "publish_at_0": local.strftime("%d/%m/%Y") if local else "",
        "publish_at_1": local.strftime("%H:%M:%S") if local else "",
        "owner": page.owner_id or "",
        "_save": "Save",
    }
    data.update(changes)
    return data


# Who may open what


def test_editor_can_open_the_page_list(client, editor):
    page = PageFactory(title="The accessibility statement")
    sign_in(client, editor)

    response = client.get(PAGE_LIST)

    assert response.status_code == 200
    assert page.title in response.text


def test_editor_can_open_a_page_s_change_form(client, editor):
    page = PageFactory()
    sign_in(client, editor)

    response = client.get(_change_url(page))

    assert response.status_code == 200
    assert response.context["original"] == page


def test_staff_user_without_a_role_is_refused_a_page_s_change_form(client):
    page = PageFactory()
    sign_in(client, UserFactory(is_staff=True))

    assert client.get(_change_url(page)).status_code == 403


def test_staff_user_without_a_role_is_refused_the_page_list(client):
    PageFactory()
    sign_in(client, UserFactory(is_staff=True))

    assert client.get(PAGE_LIST).status_code == 403


def test_staff_author_is_refused_the_change_form_of_own_page(client):
    author = UserFactory(is_staff=True)
    page = PageFactory(owner=author)
    sign_in(client, author)

    assert client.get(_change_url(page)).status_code == 403


def test_officer_cannot_change_a_page(client):
    page = PageFactory()
    sign_in(client, UserFactory(officer=True))

    assert client.get(_change_url(page)).status_code == 403


def test_staff_user_without_a_role_cannot_save_a_page(client):
    page = PageFactory(title="Before")
    sign_in(client, UserFactory(is_staff=True))

    response = client.post(_change_url(page), _change_form_data(page, title="After"))

    assert response.status_code == 403
    page.refresh_from_db()
    assert page.title == "Before"


def test_anonymous_visitor_is_sent_to_the_admin_sign_in(client):
    page = PageFactory()

    response = client.get(_change_url(page))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_editor_gets_404_for_a_page_that_does_not_exist(client, editor):
    sign_in(client, editor)

    response = client.get("/admin/core/page/999999/change/", follow=True)

    assert response.redirect_chain[-1][0] == "/admin/"
    assert "doesn’t exist" in response.text


def test_editor_can_open_an_organisation_s_change_form(client, editor):
    organisation = OrganisationFactory()
    sign_in(client, editor)

    assert client.get(f"/admin/core/organisation/{organisation.pk}/change/").status_code == 200


def test_staff_user_without_a_role_is_refused_an_organisation_s_change_form(client):
    organisation = OrganisationFactory()
    sign_in(client, UserFactory(is_staff=True))

    assert client.get(f"/admin/core/organisation/{organisation.pk}/change/").status_code == 403


# Changing a page, and its history


def test_editor_can_change_a_page_s_title(client, editor):
    page = PageFactory(published=True, title="Old title")
    sign_in(client, editor)

    response = client.post(_change_url(page), _change_form_data(page, title="New title"))

    assert response.status_code == 302, response.context["adminform"].form.errors
    page.refresh_from_db()
    assert page.title == "New title"


def test_page_history_view_opens_for_an_editor(client, editor):
    page = PageFactory()
    sign_in(client, editor)

    response = client.get(f"/admin/core/page/{page.pk}/history/")

    assert response.status_code == 200


def test_staff_user_without_a_role_is_refused_a_page_s_history(client):
    page = PageFactory()
    sign_in(client, UserFactory(is_staff=True))

    assert client.get(f"/admin/core/page/{page.pk}/history/").status_code == 403


def test_staff_user_without_a_role_is_refused_an_old_version_of_a_page(client):
    page = PageFactory()
    record = page.history.get()
    sign_in(client, UserFactory(is_staff=True))

    assert client.get(f"/admin/core/page/{page.pk}/history/{record.history_id}/").status_code == 403


def test_change_through_the_admin_is_recorded_with_the_editor_and_the_old_title(client, editor):
    page = PageFactory(published=True, title="Old title")
    sign_in(client, editor)

    client.post(_change_url(page), _change_form_data(page, title="New title"))

    latest, *earlier = page.history.order_by("-history_date", "-history_id")
    assert latest.title == "New title"
    assert latest.history_user == editor
    assert latest.history_type == "~"
    assert any(record.title == "Old title" for record in earlier)


def test_change_shows_in_the_page_s_history_view(client, editor):
    page = PageFactory(published=True, title="Old title")
    sign_in(client, editor)
    client.post(_change_url(page), _change_form_data(page, title="New title"))

    response = client.get(f"/admin/core/page/{page.pk}/history/")

    assert editor.username in response.text
    assert page.history.filter(history_user=editor).count() == 1


def test_new_page_from_the_admin_is_owned_by_the_editor_who_added_it(client, editor):
    sign_in(client, editor)
    page = Page(title="Privacy notice", slug="privacy", summary="How the portal uses personal data.", body="Text.")
    data = _change_form_data(page, status=Status.DRAFT, owner="")

    response = client.post("/admin/core/page/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Page.objects.get(slug="privacy").owner == editor


def test_page_list_shows_an_editor_every_page(client, editor):
    pages = [PageFactory(), PageFactory(in_review=True), PageFactory(published=True)]
    sign_in(client, editor)

    response = client.get(PAGE_LIST)

    assert set(response.context["cl"].result_list) == set(pages)


def test_organisation_list_is_empty_for_a_user_the_policy_gives_no_rows(client):
    # A staff user given the model permission directly, without the editor role, still sees no rows.
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*_permissions("view_organisation", "change_organisation"))
    OrganisationFactory()
    sign_in(client, user)

    response = client.get("/admin/core/organisation/")

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
    assert Organisation.objects.count() == 1


def test_user_with_the_model_permission_but_no_role_is_refused_a_row(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*_permissions("view_organisation", "change_organisation"))
    organisation = OrganisationFactory()
    sign_in(client, user)

    assert client.get(f"/admin/core/organisation/{organisation.pk}/change/").status_code == 403


def _permissions(*codenames):
    return Permission.objects.filter(content_type__app_label="core", codename__in=codenames)
