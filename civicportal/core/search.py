"""Site-wide search: one index of everything live, kept current as content changes, and the query over it.

Core knows no app. Each app registers its searchable models here (`register`): the kind of result each is,
which rows are live, and what a row's document says (title, summary, body, address); and which rows a change
to a row affects (`dependants`: when a campaign is unpublished its actions, asks, achievements and news leave
with it). The index holds a `SearchDocument` for each live item and nothing else.

It stays current by itself. Saving or deleting a registered row, whatever the door (services, the pipeline,
the admin, commands), indexes it and its dependants again in the same transaction, so a rolled-back change
leaves the index as it was. The pipeline's `item_announced` brings in an item whose publication time has
come (nothing is saved then), and `item_changed` follows every step. `rebuild()` (`manage.py
rebuild_search_index`) writes the whole index again from the live rows and may be run at any time.

The query: on PostgreSQL, `websearch_to_tsquery('english', …)` (English stemming, quotes and `-` as people
type them, never a syntax error) against the stored, GIN-indexed vector (title weighs A, summary B, body C),
ranking only the rows that match; or-ed with pg_trgm's word similarity to the title (`%>`, GIN-indexed too),
so that "Karimia Instiute" or "Bulwel" still finds its page. Snippets come from `ts_headline`, marked with
control characters that no document holds, escaped, then given their `<mark>`. On SQLite, the demo's
database, a simpler fallback: every word must appear in the title, summary or body, in any case.
"""

import dataclasses
import html
import re
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector, TrigramWordSimilarity
from django.db import connection, models
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Left
from django.db.models.signals import post_delete, post_save, pre_delete
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

from . import richtext
from .models import Page, SearchDocument
from .pipeline import item_announced, item_changed

# What a resident may type: longer than this is refused with a message, not searched.
MAX_QUERY_LENGTH = 200

# Marks around the matching words in a snippet, before escaping; `clean_text` removes them from documents.
_START, _STOP = "\x02", "\x03"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("summary", weight="B", config="english")
    + SearchVector("body", weight="C", config="english")
)
# Ranking reads the title, the summary and this much of the body (about sixty words): where a word stands in the
# body past its opening no longer moves an item up, and a short vector ranks thousands of matches fast.
RANKED_BODY_CHARACTERS = 400
_RANK_VECTOR = (
    SearchVector("title", weight="A", config="english")
    + SearchVector("summary", weight="B", config="english")
    + SearchVector(Left("body", RANKED_BODY_CHARACTERS), weight="C", config="english")
)
# SearchRank's weights for D, C, B and A: a word in the title counts ten times one in the body.
_WEIGHTS = [0.05, 0.1, 0.4, 1.0]


@dataclasses.dataclass(frozen=True)
class Document:
    """What search knows of one item: its words and where it lives."""

    title: str
    url: str
    summary: str = ""
    body: str = ""


@dataclasses.dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    kind: str
    label: str
    live: Callable[[], QuerySet]
    document: Callable[[models.Model], Document]


_registrations: dict[type[models.Model], Registration] = {}
_dependants: dict[type[models.Model], list[Callable[[models.Model], Iterable[QuerySet]]]] = {}


def register(
    model: type[models.Model],
    *,
    kind: str,
    label: str,
    live: Callable[[], QuerySet],
    document: Callable[[models.Model], Document],
    dependants: Callable[[models.Model], Iterable[QuerySet]] | None = None,
) -> None:
    """Make a model searchable: `kind` and `label` name its results' type, `live()` the rows residents may see.

    `document(item)` says what an item's document holds; `dependants(item)`, if given, returns querysets of
    registered rows to index again whenever the item changes or goes.
    """
    _registrations[model] = Registration(model=model, kind=kind, label=label, live=live, document=document)
    _connect(model)
    if dependants is not None:
        register_dependants(model, dependants)


def register_dependants(model: type[models.Model], dependants: Callable[[models.Model], Iterable[QuerySet]]) -> None:
    """Index again the registered rows `dependants(item)` returns whenever a row of `model` is saved or deleted."""
    _dependants.setdefault(model, []).append(dependants)
    _connect(model)


def kinds() -> list[tuple[str, str]]:
    """Return each kind of result with its label, in the order the apps registered them."""
    seen: dict[str, str] = {}
    for registration in _registrations.values():
        seen.setdefault(registration.kind, registration.label)
    return list(seen.items())


# Keeping the index current.


def clean_text(text: str) -> str:
    """Return text fit for the index: control characters (and so the snippet marks) become spaces."""
    return _CONTROL.sub(" ", text or "").strip()


def plain_text(rich: str) -> str:
    """Return an author's rich text as the words a reader sees, without Markdown or markup."""
    return html.unescape(strip_tags(richtext.render(rich or ""))).strip()


def index(model: type[models.Model], pks: Iterable[int]) -> None:
    """Bring the index up to date for these rows of a model: live ones in with their words, the others out."""
    registration = _registrations.get(model)
    pks = list(pks)
    if registration is None or not pks:
        return
    content_type = ContentType.objects.get_for_model(model)
    items = list(registration.live().filter(pk__in=pks))
    documents = SearchDocument.objects.filter(content_type=content_type, object_id__in=pks)
    _write(registration, content_type, items, documents=documents, live_pks=[item.pk for item in items])


def index_item(item: models.Model) -> None:
    """Index an item again, and every row it bears on."""
    index(type(item), [item.pk])
    for model, pks in _dependant_rows(item):
        index(model, pks)


def rebuild() -> int:
    """Write the whole index again from the live rows of every registered model; return how many are indexed."""
    total = 0
    for registration in _registrations.values():
        content_type = ContentType.objects.get_for_model(registration.model)
        items = list(registration.live())
        documents = SearchDocument.objects.filter(content_type=content_type)
        _write(registration, content_type, items, documents=documents, live_pks=registration.live().values("pk"))
        total += len(items)
    SearchDocument.objects.exclude(content_type__in=_registered_content_types()).delete()
    return total


def _registered_content_types() -> list[ContentType]:
    return list(ContentType.objects.get_for_models(*_registrations, for_concrete_models=False).values())


def _write(registration: Registration, content_type, items: list, *, documents: QuerySet, live_pks) -> None:
    """Make `documents` (the rows in question) hold exactly the documents of `items`, the live ones among them."""
    documents.exclude(object_id__in=live_pks).delete()
    if not items:
        return
    rows = []
    for item in items:
        document = registration.document(item)
        rows.append(
            SearchDocument(
                content_type=content_type,
                object_id=item.pk,
                kind=registration.kind,
                title=clean_text(document.title)[:300],
                summary=clean_text(document.summary),
                body=clean_text(document.body),
                url=document.url[:500],
            )
        )
    SearchDocument.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["content_type", "object_id"],
        update_fields=["kind", "title", "summary", "body", "url", "indexed_at"],
    )
    if connection.vendor == "postgresql":
        # What is left of `documents` is now the live items' rows, just written.
        documents.update(vector=_VECTOR, rank_vector=_RANK_VECTOR)


def _dependant_rows(item: models.Model) -> list[tuple[type[models.Model], list[int]]]:
    rows = []
    for dependants in _dependants.get(type(item), []):
        for queryset in dependants(item):
            rows.append((queryset.model, list(queryset.values_list("pk", flat=True))))
    return rows


def _saved(sender, instance, raw=False, **kwargs):
    # Fixtures load rows in any order (`raw`); `load_demo_content` rebuilds the index after them.
    if not raw:
        index_item(instance)


def _deleting(sender, instance, **kwargs):
    # Found before the delete: afterwards a row set to null by it no longer points at the item.
    instance._search_dependant_rows = _dependant_rows(instance)


def _deleted(sender, instance, **kwargs):
    if sender in _registrations:
        content_type = ContentType.objects.get_for_model(sender)
        SearchDocument.objects.filter(content_type=content_type, object_id=instance.pk).delete()
    for model, pks in getattr(instance, "_search_dependant_rows", []):
        index(model, pks)


def _pipeline_step(sender, instance, **kwargs):
    if sender in _registrations or sender in _dependants:
        index_item(instance)


def _connect(model: type[models.Model]) -> None:
    # Connected per model, so that deleting rows of other models keeps Django's fast path.
    uid = f"search.{model._meta.label_lower}"
    post_save.connect(_saved, sender=model, dispatch_uid=uid)
    pre_delete.connect(_deleting, sender=model, dispatch_uid=uid)
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid)


def connect_pipeline() -> None:
    """Listen to the publishing pipeline: an item comes in when announced and is looked at after every step."""
    item_announced.connect(_pipeline_step, dispatch_uid="search.announced")
    item_changed.connect(_pipeline_step, dispatch_uid="search.changed")


# The query.


@dataclasses.dataclass(frozen=True)
class Facet:
    kind: str
    label: str
    count: int


@dataclasses.dataclass(frozen=True)
class Hit:
    title: str
    url: str
    kind: str
    label: str
    snippet: SafeString


class Results:
    """The live items that match a query, counted by kind; a slice (a Paginator's page) fetches only its hits.

    On PostgreSQL one query finds the matches once and returns both their counts by kind and one page of hits,
    ranked, with snippets (`first`, the page asked for when it is made; another slice is one query more).
    When the words match nothing, the counts and a page of titles that look like them are two more, and
    `similar` says the hits are titles like the words rather than the words themselves. On SQLite the counts
    and each page are a query each.
    """

    def __init__(self, text: str, *, kind: str = "", first: slice = slice(0, 20)):
        self.text = text
        self.kind = kind
        self._labels = dict(kinds())
        self.similar = False
        self._fetched: tuple[int, int, list[Hit]] | None = None
        self._ranked_here = connection.vendor == "postgresql"
        matching = None
        if self._ranked_here:
            counts, hits = self._ranked_page(first)
            self._fetched = (first.start or 0, first.stop, hits)
            if not counts and _worth_a_likeness(text):
                self._ranked_here, self.similar, self._fetched = False, True, None
                matching = _similar(text)
                counts = _counts(matching)
        else:
            matching = _matching(text)
            counts = _counts(matching)
        self.facets = [Facet(kind, label, counts[kind]) for kind, label in self._labels.items() if counts.get(kind)]
        self.total = sum(counts.values())
        self._count = counts.get(kind, 0) if kind else self.total
        # What a later slice reads when it is not ranked here: titles like the words, or SQLite's matches.
        self._matching = matching.filter(kind=kind) if kind and matching is not None else matching

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: slice) -> list[Hit]:
        if not isinstance(index, slice):
            raise TypeError("Results are read a page at a time, by slice.")
        start, stop = index.start or 0, index.stop
        if self._fetched is not None:
            fetched_start, fetched_stop, hits = self._fetched
            # The page fetched serves a slice from its start up to its end, or past it when it was the last.
            if start == fetched_start and (stop <= fetched_stop or len(hits) < fetched_stop - fetched_start):
                return hits[: stop - start]
        if not self._count:
            return []
        if self._ranked_here:
            return self._ranked_page(index)[1]
        ranked = _by_likeness(self._matching, self.text) if self.similar else _ranked(self._matching, self.text)
        return [self._hit(row["title"], row["url"], row["kind"], _snippet(row, self.text)) for row in ranked[index]]

    def _hit(self, title: str, url: str, kind: str, snippet: SafeString) -> Hit:
        return Hit(title=title, url=url, kind=kind, label=self._labels.get(kind, kind), snippet=snippet)

    def _ranked_page(self, index: slice) -> tuple[dict[str, int], list[Hit]]:
        """Return the counts by kind of every match, and the hits of one slice, from one query."""
        start = index.start or 0
        with connection.cursor() as cursor:
            cursor.execute(
                _RANKED_PAGE,
                {
                    "text": self.text,
                    "weights": _WEIGHTS,
                    "kind": self.kind,
                    "limit": index.stop - start,
                    "offset": start,
                    "headline": _HEADLINE_OPTIONS,
                },
            )
            rows = cursor.fetchall()
        counts = {kind: count for kind, count, position, *_ in rows if position is None}
        hits = sorted((row for row in rows if row[2] is not None), key=lambda row: row[2])
        return counts, [self._hit(title, url, kind, _escaped(headline)) for kind, _, _, title, url, headline in hits]


# The matches are found once (MATERIALIZED) and read twice: counted by kind, and ranked for one page, whose hits
# alone get their snippet. Ranking reads the short `rank_vector`; matching uses the GIN-indexed `vector`.
_RANKED_PAGE = f"""
WITH matching AS MATERIALIZED (
    SELECT id, kind, title, ts_rank(%(weights)s::real[], rank_vector, websearch_to_tsquery('english', %(text)s)) AS rank
    FROM {SearchDocument._meta.db_table}
    WHERE vector @@ websearch_to_tsquery('english', %(text)s)
), page AS (
    SELECT id, rank, title FROM matching
    WHERE %(kind)s = '' OR kind = %(kind)s
    ORDER BY rank DESC, title, id
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT kind, count(*), NULL::bigint, NULL, NULL, NULL FROM matching GROUP BY kind
UNION ALL
SELECT document.kind, NULL, row_number() OVER (ORDER BY page.rank DESC, page.title, page.id), document.title,
    document.url,
    ts_headline('english', document.summary || ' ' || document.body, websearch_to_tsquery('english', %(text)s),
        %(headline)s)
FROM page JOIN {SearchDocument._meta.db_table} AS document ON document.id = page.id
"""  # noqa: S608 - the only names put in are the model's own table's; every value is a parameter.
_HEADLINE_OPTIONS = (
    f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=' … '"
)


def _counts(matching: QuerySet) -> dict[str, int]:
    return dict(matching.order_by().values_list("kind").annotate(count=Count("pk")))


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[\s\"]+", text) if word.strip("-")][:12]


def _worth_a_likeness(text: str) -> bool:
    # Short words ("the", "of") look like too many titles to be worth offering.
    return any(len(word) >= 4 for word in re.findall(r"\w+", text))


def _matching(text: str) -> QuerySet:
    # SQLite's matches: every word in the title, summary or body (PostgreSQL matches in `_RANKED_PAGE`).
    words = _words(text)
    if not words:
        return SearchDocument.objects.none()
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(summary__icontains=word) | Q(body__icontains=word)
    return SearchDocument.objects.filter(condition)


def _similar(text: str) -> QuerySet:
    # pg_trgm's `%>`: some stretch of the title is at least 0.6 alike to the words (GIN-indexed).
    return SearchDocument.objects.filter(title__trigram_word_similar=text)


def _ranked(matching: QuerySet, text: str) -> QuerySet:
    # SQLite's order: a title holding the first word first, then by title (PostgreSQL ranks in `_RANKED_PAGE`).
    words = _words(text) or [text]
    in_title = Case(When(title__icontains=words[0], then=Value(1)), default=Value(0))
    return (
        matching.annotate(in_title=in_title)
        .order_by("-in_title", "title", "pk")
        .values("title", "url", "kind", "summary", "body")
    )


def _by_likeness(matching: QuerySet, text: str) -> QuerySet:
    return (
        matching.annotate(similarity=TrigramWordSimilarity(text, "title"))
        .order_by("-similarity", "title", "pk")
        .values("title", "url", "kind", "summary")
    )


def _snippet(row: dict, text: str) -> SafeString:
    """Return the row's snippet as safe HTML: everything escaped, then the matching words in `<mark>`."""
    if "body" in row:
        marked = _marked_window(f"{row['summary']} {row['body']}".strip(), _words(text))
    else:  # a title like the words: nothing in it matches them as typed
        marked = _marked_window(row["summary"], [])
    return _escaped(marked)


def _escaped(marked: str | None) -> SafeString:
    """Return text with the snippet marks as safe HTML: everything escaped, then each mark made a `<mark>`."""
    escaped = escape(marked or "").replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped just above; only the marks this module placed are markup.


def _marked_window(text: str, words: list[str], *, before: int = 80, length: int = 240) -> str:
    """Return about `length` characters of text around the first matching word, each match between the marks."""
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None
    found = pattern.search(text) if pattern else None
    start = max(0, found.start() - before) if found else 0
    window = text[start : start + length]
    if start:
        window = "… " + window.split(" ", 1)[-1]
    if start + length < len(text):
        window = window.rsplit(" ", 1)[0] + " …"
    return pattern.sub(lambda match: f"{_START}{match.group(0)}{_STOP}", window) if pattern else window


def register_core_models() -> None:
    """Register the shared layer's own searchable model: the portal's pages."""
    register(
        Page,
        kind="pages",
        label="About the portal",
        live=lambda: Page.objects.live(),
        document=lambda page: Document(
            title=page.title, url=page.get_absolute_url(), summary=page.summary, body=plain_text(page.body)
        ),
    )
