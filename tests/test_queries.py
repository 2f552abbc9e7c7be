"""Pages whose query count must not grow with the data, checked at one and ten times the rows."""

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from civicportal.core.models import Organisation
from tests.core.factories import OrganisationFactory, PageFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db


def test_home_page_queries_do_not_grow_with_organisations_and_pages(client):
    def add(n):
        OrganisationFactory.create_batch(n)
        PageFactory.create_batch(n, published=True)

    assert_queries_do_not_grow(client, "/", add_data=add)


def test_page_detail_queries_do_not_grow_with_other_pages(client):
    page = PageFactory(published=True)
    assert_queries_do_not_grow(client, page.get_absolute_url(), add_data=lambda n: PageFactory.create_batch(n))


def _history_per_row(request):
    return HttpResponse(",".join(str(organisation.history.count()) for organisation in Organisation.objects.all()))


urlpatterns = [path("per-row/", _history_per_row)]


@override_settings(ROOT_URLCONF=__name__)
def test_query_helper_fails_when_a_page_queries_once_per_row(client):
    with pytest.raises(AssertionError, match="queries with the data"):
        assert_queries_do_not_grow(client, "/per-row/", add_data=lambda n: OrganisationFactory.create_batch(n))
