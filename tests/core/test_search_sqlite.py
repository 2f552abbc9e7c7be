"""Site-wide search on SQLite, the demo's database: the fallback the README describes, run for real.

The suite's database is PostgreSQL, so one process of its own (tests/core/sqlite_search_probe.py) migrates
an in-memory SQLite database as `make run` does, writes a few rows, searches, and reports as JSON; each test
reads one behaviour from that report. It takes about as long as a migration (some tens of seconds), once.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).with_name("sqlite_search_probe.py")
ROOT = PROBE.parents[2]


@pytest.fixture(scope="module")
def answers() -> dict:
    environment = os.environ | {
        "DATABASE_URL": "sqlite://:memory:",
        "DJANGO_SETTINGS_MODULE": "civicportal.settings.test",
    }
    finished = subprocess.run(
        [sys.executable, str(PROBE)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads(finished.stdout.strip().splitlines()[-1])
    assert report["vendor"] == "sqlite"
    return report["answers"]


def _titles(answer: dict) -> list[str]:
    return [hit["title"] for hit in answer["hits"]]


def test_sqlite_search_finds_a_word_that_is_only_in_a_posts_body(answers):
    assert _titles(answers["fouling"]) == ["Streets kept clean"]
    assert answers["fouling"]["facets"] == {"news": 1}


def test_sqlite_search_ignores_case_and_puts_a_title_match_first(answers):
    assert _titles(answers["LIVING wage"]) == ["Living wage", "A sanctuary city"]
    assert answers["LIVING wage"]["facets"] == {"campaigns": 1, "news": 1}


def test_sqlite_search_needs_every_word_somewhere_in_the_item(answers):
    """ "Sanctuary" is in one post's title and "wage" in its body; the campaign has only "wage"."""
    assert _titles(answers["wage sanctuary"]) == ["A sanctuary city"]


def test_sqlite_search_marks_the_matching_words_in_the_snippet(answers):
    assert answers["fouling"]["hits"][0]["snippet"] == "A ward tidies up. Less dog <mark>fouling</mark> in the park."


def test_sqlite_search_finds_a_member_organisation_by_its_name(answers):
    assert _titles(answers["Karimia"]) == ["Karimia Institute"]


def test_sqlite_search_does_not_forgive_a_misspelt_name_as_postgresql_does(answers):
    """The README says so: on SQLite there is no trigram likeness, so a misspelling finds nothing."""
    assert answers["Karimia Instiute"]["total"] == 0
    assert answers["Karimia"]["total"] == 1


def test_sqlite_search_never_finds_a_drafts_words(answers):
    assert answers["Secret"] == {"total": 0, "facets": {}, "hits": []}
    assert answers["fouling"]["total"] == 1


def test_sqlite_search_filters_by_kind(answers):
    assert answers["campaigns only"] == ["Living wage"]


def test_sqlite_search_reads_markup_in_a_query_as_words_and_an_empty_one_as_nothing(answers):
    assert answers["<b>wage</b>"]["total"] == 0
    assert answers[""]["total"] == 0


def test_sqlite_search_page_shows_the_hit(answers):
    page = answers["page"]

    assert page["status"] == 200
    assert "Streets kept clean" in page["text"]
    assert "<mark>fouling</mark>" in page["text"]


def test_sqlite_search_page_echoes_a_hostile_query_escaped(answers):
    page = answers["hostile page"]

    assert page["status"] == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page["text"]
    assert "<script>alert(1)" not in page["text"]
