"""What every app's open data is made of: a dataset, its downloads, its table of live rows, and the licence.

Each app's `opendata.py` has a `datasets()` that returns its `Dataset`s; the project collects them into the
catalogue at `/open-data/`, its `datapackage.json` and the whole-portal export. A dataset's `table` gives
every live row (never a draft, never an e-mail address), which the app's own CSV and JSON downloads and the
export both write, so the two never differ.

The whole-portal export holds more than the catalogue's datasets: every kind of live item. Each app's
`opendata.py` also has an `export_tables()` that returns an `ExportTable` for each kind it publishes (its
catalogue datasets among them), with the queryset of the items it holds, one row each. Only public fields are
written: never an e-mail address (not even a role mailbox or an organisation's public contact point: no column
holds one, and one written in a text, such as the privacy page's mailbox, becomes EMAIL_REPLACEMENT; the item's
page, whose address each row gives, has them), never a user, a reviewer's comment or a draft.
"""

import datetime
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpResponse, JsonResponse

from .models import Page
from .spreadsheets import SpreadsheetWriter

LICENCE = {
    "name": "OGL-UK-3.0",
    "title": "Open Government Licence v3.0",
    "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
}
MEDIA_TYPES = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "Atom": "application/atom+xml",
    "iCal": "text/calendar",
}


@dataclass(frozen=True)
class Distribution:
    """One download of a dataset: its format (a key of MEDIA_TYPES) and its path on the portal."""

    format: str
    url: str

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    @property
    def extension(self) -> str:
        return {"CSV": "csv", "JSON": "json", "Atom": "atom", "iCal": "ics"}[self.format]


@dataclass(frozen=True)
class Table:
    """Rows of a dataset under named columns; cells are text, numbers, dates or None."""

    columns: list[str]
    rows: list[list[Any]]

    def as_records(self) -> list[dict[str, Any]]:
        """Return the rows as dictionaries keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class Dataset:
    """A dataset the portal publishes: what it is, what one row is, its downloads, its rows and its age."""

    name: str
    title: str
    description: str
    row: str
    distributions: tuple[Distribution, ...]
    table: Callable[[], Table]
    last_changed: Callable[[], datetime.datetime | None]
    licence: dict = field(default_factory=lambda: LICENCE)


@dataclass(frozen=True)
class ExportTable:
    """One kind of live item in the whole-portal export: its files' name, title, what a row is, its rows, and
    `items`, the queryset of the items it holds, one row each (the tests count the rows against it)."""

    name: str
    title: str
    row: str
    items: Callable[[], QuerySet]
    table: Callable[[], Table]


# An address with its "mailto:" if it has one, so a link in a page's HTML loses both.
EMAIL_ADDRESS = re.compile(r"(?:mailto:)?[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
EMAIL_REPLACEMENT = "[e-mail address: see the page]"


def without_email_addresses(table: Table) -> Table:
    """Return the table with every e-mail address in its text (such as a mailbox named in a page's body)
    replaced by a pointer to the item's page, so the export holds none."""
    rows = [
        [EMAIL_ADDRESS.sub(EMAIL_REPLACEMENT, cell) if isinstance(cell, str) else cell for cell in row]
        for row in table.rows
    ]
    return Table(table.columns, rows)


def item_table(items, columns: dict[str, Callable[[Any], Any]]) -> Table:
    """Return a table of one row per item, each column read from the item by its function."""
    readers = list(columns.values())
    return Table(list(columns), [[read(item) for read in readers] for item in items])


def export_table(
    *, name: str, title: str, row: str, items: Callable[[], QuerySet], columns: dict[str, Callable[[Any], Any]]
) -> ExportTable:
    """Return an export table that writes `columns` for each of `items`."""
    return ExportTable(name=name, title=title, row=row, items=items, table=lambda: item_table(items(), columns))


def dataset_export(dataset: Dataset, *, items: Callable[[], QuerySet]) -> ExportTable:
    """Return a catalogue dataset as an export table, `items` being the queryset its rows are read from."""
    return ExportTable(name=dataset.name, title=dataset.title, row=dataset.row, items=items, table=dataset.table)


def url_of(item) -> str:
    """Return an item's address on the portal, or an empty cell when there is no item."""
    return item.get_absolute_url() if item is not None else ""


def name_of(item) -> str:
    """Return an item's name (its str()), or an empty cell when there is no item."""
    return str(item) if item is not None else ""


def pages_export_tables() -> list[ExportTable]:
    """Return core's own kinds of live item for the export: the portal's pages."""
    return [
        export_table(
            name="pages",
            title="The portal's own pages",
            row="One live page (about the portal, accessibility, privacy and the like); its body is HTML.",
            items=lambda: Page.objects.live().order_by("title", "pk"),
            columns={
                "title": lambda page: page.title,
                "url": url_of,
                "summary": lambda page: page.summary,
                "body_html": lambda page: page.body,
                "published_at": lambda page: page.publish_at,
            },
        )
    ]


def table_csv(table: Table) -> str:
    """Return a table as CSV text, through the writer no cell can use as a formula."""
    buffer = io.StringIO()
    writer = SpreadsheetWriter(buffer)
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    return buffer.getvalue()


def table_json(table: Table, *, title: str) -> str:
    """Return a table as JSON text: its title, licence, columns and one object per row."""
    return DjangoJSONEncoder(ensure_ascii=False, indent=1).encode(_json_document(table, title=title))


def _json_document(table: Table, *, title: str) -> dict:
    return {"title": title, "license": LICENCE, "columns": table.columns, "rows": table.as_records()}


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    """Serve a table as a CSV download."""
    response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def json_response(table: Table, *, title: str, filename: str) -> JsonResponse:
    """Serve a table as JSON."""
    response = JsonResponse(_json_document(table, title=title), json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def yes_no(flag: bool) -> str:
    """Return a demonstration marker's cell: "yes" or "no"."""
    return "yes" if flag else "no"
