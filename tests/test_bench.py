"""The benchmark's large-city generator keeps working as the models change: a small city built by the same code."""

import importlib.util

import pytest
from django.conf import settings

from campaigns.models import NewsPost
from civicportal.demo import load_demo_content
from initiatives.models import Indicator

pytestmark = pytest.mark.django_db


def _large_city_module():
    spec = importlib.util.spec_from_file_location("large_city", settings.BASE_DIR / "bench" / "large_city.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_large_city_generator_builds_a_city_whose_pages_answer(client, monkeypatch):
    """Seen failing when `Better` moved from initiatives.models to initiatives.trends: the import broke."""
    large_city = _large_city_module()
    load_demo_content(verbosity=0)
    news_before = NewsPost.objects.count()
    small = dict.fromkeys(large_city.SIZES, 0)
    small.update(news=news_before + 5, indicators=Indicator.objects.count() + 2, values_per_indicator=3)
    monkeypatch.setattr(large_city, "SIZES", small)

    counts = large_city.build(large_city.Writer(seed=2026))

    assert counts["NewsPost"] == news_before + 5
    assert NewsPost.objects.filter(slug__startswith="bench-").count() == 5
    indicator = Indicator.objects.get(slug="bench-indicator-" + str(Indicator.objects.count() - 1))
    for path in ("/", "/alliance/news/", "/search/?q=living+wage", indicator.get_absolute_url()):
        assert client.get(path).status_code == 200, path
