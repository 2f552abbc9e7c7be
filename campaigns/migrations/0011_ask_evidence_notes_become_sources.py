"""Each ask's older free-text evidence of its response (`response_evidence`, `evidence_url`) becomes a source of
its response (`AskSource`), so the ask's page shows one kind of evidence; the next migration removes the fields.

The note was typed by whoever recorded the ask, so it is kept word for word as the source's text and named as
that note; it is dated on the day its present words were first saved (from the ask's history), or today when the
ask has no history; and it is signed with the role of who saved it, never their name.
"""

from django.db import migrations
from django.utils import timezone

NOTE_NAMED = "The note on the response kept with the ask before the portal recorded sources"
EDITOR_GROUP = "Editor"
REASON = "From the ask's note on its response"


def _role(user) -> str:
    if user is None or user.is_superuser:
        return "administrator"
    if user.groups.filter(name=EDITOR_GROUP).exists():
        return "editor"
    return "organiser"


def _note_saved_by(ask, historical_ask):
    """Return the oldest history record of the unbroken run that holds the ask's present note, or None."""
    saved = None
    records = historical_ask.objects.filter(id=ask.pk).order_by("-history_date", "-history_id")
    for record in records.select_related("history_user"):
        if (record.response_evidence, record.evidence_url) != (ask.response_evidence, ask.evidence_url):
            break
        saved = record
    return saved


def notes_to_sources(apps, schema_editor):
    Ask = apps.get_model("campaigns", "Ask")
    HistoricalAsk = apps.get_model("campaigns", "HistoricalAsk")
    AskSource = apps.get_model("campaigns", "AskSource")
    HistoricalAskSource = apps.get_model("campaigns", "HistoricalAskSource")
    now = timezone.now()
    asks = Ask.objects.exclude(response_evidence="", evidence_url="").order_by("pk")
    for ask in asks.iterator():
        note = ask.response_evidence.strip()
        record = _note_saved_by(ask, HistoricalAsk)
        user = record.history_user if record is not None else None
        source = AskSource.objects.create(
            ask=ask,
            fact="response",
            url=ask.evidence_url,
            quotation=note,
            quoted_from=NOTE_NAMED if note else "",
            checked_on=timezone.localtime(record.history_date).date() if record else timezone.localdate(now),
            recorded_by=_role(user),
        )
        HistoricalAskSource.objects.create(
            id=source.pk,
            ask_id=ask.pk,
            fact=source.fact,
            url=source.url,
            document="",
            quotation=source.quotation,
            quoted_from=source.quoted_from,
            checked_on=source.checked_on,
            recorded_by=source.recorded_by,
            history_date=now,
            history_type="+",
            history_change_reason=REASON,
            history_user=user,
        )


def sources_to_notes(apps, schema_editor):
    Ask = apps.get_model("campaigns", "Ask")
    AskSource = apps.get_model("campaigns", "AskSource")
    HistoricalAskSource = apps.get_model("campaigns", "HistoricalAskSource")
    made = HistoricalAskSource.objects.filter(history_change_reason=REASON, history_type="+").values("id")
    for source in AskSource.objects.filter(pk__in=made).order_by("pk"):
        Ask.objects.filter(pk=source.ask_id).update(response_evidence=source.quotation, evidence_url=source.url)
        source.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("campaigns", "0010_constraint_messages_of_sources_answers_and_bearings"),
    ]

    operations = [migrations.RunPython(notes_to_sources, sources_to_notes)]
