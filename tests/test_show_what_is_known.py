"""Pages show what is known: a field with nothing recorded is left out, not printed as "not known".

A page or a section with little to show says so once, in a sentence ("Where the wording of an ask is not
recorded, its topic is shown alone"); a table cell with no figure is an en dash with a visually hidden
"no figure". The fixture pages are walked as in tests/test_fixture_wording.py.
"""

import re

import pytest
from django.core.management import call_command

from tests.neighbourhoods.factories import SurveyResultFactory, WardFactory
from tests.test_fixture_wording import PUBLIC_ROOTS, _crawl

# Words that pad a page with what is not known, in place of leaving the field out.
PADDING = re.compile(
    r"\bnot known\b|\bunknown\b|sample size not recorded|date not recorded|(?<!with )\bnone recorded\b"
    r"|both dates recorded",
    re.IGNORECASE,
)
# A page may say once that something is not recorded; twice is a field printed empty, over and over.
NOT_RECORDED = re.compile(r"\bnot recorded\b", re.IGNORECASE)


def padding_in(text: str) -> list[str]:
    """Return the padding phrases in a page's text, and "not recorded" if the page says it more than once."""
    found = [match.group(0).lower() for match in PADDING.finditer(text)]
    if len(NOT_RECORDED.findall(text)) > 1:
        found.append("not recorded, more than once")
    return found


def test_a_page_may_say_once_what_is_not_recorded():
    once = "Where the wording of an ask is not recorded, its topic is shown alone."

    assert padding_in(once) == []
    assert padding_in(once + " Response: not recorded.") == ["not recorded, more than once"]
    assert padding_in("Next value due: Not known until a first value is published") == ["not known"]


@pytest.mark.django_db
def test_no_fixture_page_prints_what_is_not_known(client):
    """Seen to fail: "sample size not recorded" four times on the satisfaction page, "Ask date not recorded" in
    four campaigns' stories, "No ask has both dates recorded" on eight decision-makers' pages."""
    call_command("loaddata", "core.json", "neighbourhoods.json", "campaigns.json", "initiatives.json", verbosity=0)

    pages = dict(_crawl(client, PUBLIC_ROOTS))
    padded = {url: padding_in(text) for url, text in pages.items()}

    assert len(pages) > 150
    assert "/neighbourhoods/satisfaction/" in pages
    assert {url: found for url, found in padded.items() if found} == {}


@pytest.mark.django_db
def test_a_ward_figure_not_recorded_is_a_dash_in_its_cell(client):
    """Seen to fail: the ward page's cell read "not known" where the ward had no figure for a measure."""
    ward = WardFactory()
    SurveyResultFactory(measure="area", percent=85)
    SurveyResultFactory(measure="cleanliness", percent=71)
    SurveyResultFactory(ward=ward, measure="area", percent=80)

    response = client.get(ward.get_absolute_url())
    text = response.content.decode()

    assert response.status_code == 200
    assert "80%" in text
    assert "71%" in text
    assert '<span class="visually-hidden">no figure</span>' in text
    assert "not known" not in text.lower()


@pytest.mark.django_db
def test_a_figure_with_no_sample_size_is_shown_without_one(client):
    """Seen to fail: the satisfaction table read "91%, sample size not recorded"."""
    SurveyResultFactory(percent=91, sample_size=None)
    SurveyResultFactory(year=2015, percent=88, sample_size=1200)

    response = client.get("/neighbourhoods/satisfaction/")
    text = response.content.decode()

    assert response.status_code == 200
    assert "91%" in text
    assert "88%, 1200 asked" in text
    assert "sample size not recorded" not in text.lower()
