"""The data migration that turns each ask's older evidence note into a source of its response."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("campaigns", "0010_constraint_messages_of_sources_answers_and_bearings")]
AFTER = [("campaigns", "0011_ask_evidence_notes_become_sources")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _ask(apps, **fields):
    Chapter = apps.get_model("campaigns", "Chapter")
    Campaign = apps.get_model("campaigns", "Campaign")
    chapter = Chapter.objects.create(name="Chapter", slug="chapter")
    campaign = Campaign.objects.get_or_create(
        chapter=chapter, slug="campaign", defaults={"title": "Campaign", "summary": "s", "issue_area": "safety"}
    )[0]
    return apps.get_model("campaigns", "Ask").objects.create(campaign=campaign, topic="An ask", **fields)


@pytest.fixture
def old_schema(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_an_evidence_note_and_link_become_one_source_of_the_response(old_schema):
    ask = _ask(
        old_schema,
        response="agreed",
        responded_on=datetime.date(2016, 1, 5),
        response_evidence="Minuted at the assembly.",
        evidence_url="https://example.org/minutes",
    )
    HistoricalAsk = old_schema.get_model("campaigns", "HistoricalAsk")
    HistoricalAsk.objects.create(
        id=ask.pk, campaign_id=ask.campaign_id, topic=ask.topic, number=1, response="agreed",
        responded_on=ask.responded_on, response_evidence=ask.response_evidence, evidence_url=ask.evidence_url,
        history_date=datetime.datetime(2025, 3, 4, 12, tzinfo=datetime.UTC), history_type="+",
    )  # fmt: skip

    apps = _migrate(AFTER)

    [source] = apps.get_model("campaigns", "AskSource").objects.values()
    assert (source["ask_id"], source["fact"]) == (ask.pk, "response")
    assert (source["quotation"], source["url"]) == ("Minuted at the assembly.", "https://example.org/minutes")
    assert source["quoted_from"].startswith("The note on the response kept with the ask")
    assert (source["checked_on"], source["recorded_by"]) == (datetime.date(2025, 3, 4), "administrator")
    assert apps.get_model("campaigns", "HistoricalAskSource").objects.filter(id=source["id"]).count() == 1


def test_an_ask_without_a_note_gets_no_source(old_schema):
    _ask(old_schema, response="agreed")

    apps = _migrate(AFTER)

    assert apps.get_model("campaigns", "AskSource").objects.count() == 0
    assert apps.get_model("campaigns", "Ask").objects.count() == 1
