"""The Nottingham content tells the sources' facts in its own words: no run of ten words is copied.

The source texts stay outside the repository; tests/seed_runs.txt keeps a short hash of each of their runs
of ten words (tests/seed_runs.py). Case, punctuation and the kind of apostrophe are ignored, so a copied
sentence cannot hide behind a changed comma. The one exception is a survey question quoted as it
was asked, which must keep the survey's words.
"""

import html
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.seed_runs import digest, runs, seed_digests, words

FIXTURES = sorted((Path(settings.BASE_DIR) / "fixtures").glob("*.json"))

# The parts of the site whose pages are written from the alliance's and the programmes' fixtures.
PAGE_PREFIXES = ("/alliance/", "/initiatives/")
NOT_PAGES = re.compile(r"/feed|\.(ics|csv|json|xml|atom)$|/write/|/your-")

# Survey questions as the 2016 residents' survey asked them; a fixture may quote these word for word.
SURVEY_QUESTIONS = (
    "satisfied with their local area as a place to live",
    "satisfied with the cleanliness of their local area",
    "their local area is a place where people from different backgrounds get on well together",
    "satisfied with the way the council runs things",
)


def unquoted_parts(tokens: list[str]) -> list[list[str]]:
    """Split the words at every survey question quoted in them, leaving out the questions themselves."""
    parts, start, i = [], 0, 0
    while i < len(tokens):
        question = next((q for q in QUESTION_WORDS if tokens[i : i + len(q)] == q), None)
        if question:
            parts.append(tokens[start:i])
            i = start = i + len(question)
        else:
            i += 1
    return [*parts, tokens[start:]]


def copied_runs(text: str, seed_runs: frozenset[str], questions_allowed: bool = True) -> list[str]:
    """Return the runs of `text` found in the seeds, leaving out survey questions when they are allowed."""
    parts = unquoted_parts(words(text)) if questions_allowed else [words(text)]
    return sorted(" ".join(run) for part in parts for run in runs(part) if digest(run) in seed_runs)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _fixture_texts(path: Path):
    for row in json.loads(path.read_text()):
        key = row["fields"].get("slug") or row.get("pk") or row["model"]
        for text in _strings(row["fields"]):
            yield f"{row['model']} {key}", text


SEED_RUNS = seed_digests()
QUESTION_WORDS = [words(question) for question in SURVEY_QUESTIONS]


def test_the_seeds_runs_are_here_to_compare_with():
    assert len(SEED_RUNS) > 3000


def test_a_copied_sentence_is_found_whatever_its_case_and_punctuation():
    """Seen to fail: with `words` splitting on spaces only, the changed commas hide the copy."""
    copy = "NOTTINGHAM recently became one of 20 pioneering places -- recognised by the national EIF."

    assert "nottingham recently became one of 20 pioneering places recognised by" in copied_runs(copy, SEED_RUNS)


def test_a_survey_question_may_be_quoted_as_it_was_asked():
    quoted = "91% feel that their local area is a place where people from different backgrounds get on well together."

    assert copied_runs(quoted, SEED_RUNS) == []
    assert copied_runs(quoted, SEED_RUNS, questions_allowed=False) != []


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.name)
def test_no_fixture_text_copies_ten_words_of_a_source(path):
    """Seen to fail: on the fixtures before they were rewritten (the Karimia fast, 21 words, and 17 others)."""
    copies = [(where, run) for where, text in _fixture_texts(path) for run in copied_runs(text, SEED_RUNS)]

    assert copies == []


def _crawl(client, prefixes: tuple[str, ...], limit: int = 400):
    """Yield (url, visible text) of every page reachable from the prefixes' roots without leaving them."""
    queue, seen = list(prefixes), set()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page = response.content.decode()
        queue += [
            href
            for href in re.findall(r'href="(/[^"#?]*)"', page)
            if href.startswith(prefixes) and not NOT_PAGES.search(href) and href not in seen
        ]
        yield url, html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.mark.django_db
def test_no_alliance_or_programme_page_copies_ten_words_of_a_source(client):
    """Seen to fail: with the programme's contact written as the source lays it out (ten words in a row)."""
    call_command("loaddata", "core.json", "neighbourhoods.json", "campaigns.json", "initiatives.json", verbosity=0)

    pages = dict(_crawl(client, PAGE_PREFIXES))
    copies = {url: copied_runs(text, SEED_RUNS) for url, text in pages.items()}

    assert len(pages) > 60
    assert {url: runs for url, runs in copies.items() if runs} == {}
