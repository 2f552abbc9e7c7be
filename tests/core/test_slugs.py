"""Slugs made from titles: unique within their rows, never one of an app's own address words."""

import pytest

from civicportal.core.models import Page
from civicportal.core.slugs import unique_slug
from tests.core.factories import PageFactory

pytestmark = pytest.mark.django_db


def test_slug_comes_from_the_title():
    assert unique_slug(Page.objects.all(), "Living wage: what we won") == "living-wage-what-we-won"


def test_slug_taken_by_another_row_gets_a_number():
    PageFactory(slug="about")
    PageFactory(slug="about-2")
    assert unique_slug(Page.objects.all(), "About") == "about-3"


def test_slug_is_unique_only_within_the_queryset():
    PageFactory(slug="about", title="Other")
    assert unique_slug(Page.objects.filter(title="Not other"), "About") == "about"


def test_reserved_word_gets_the_model_name():
    assert unique_slug(Page.objects.all(), "New", reserved=frozenset({"new"})) == "new-page"


def test_title_without_letters_falls_back_to_the_model_name():
    assert unique_slug(Page.objects.all(), "!!!") == "page"
