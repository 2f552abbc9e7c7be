"""What every app's open data is made of: a dataset, its downloads, its table of live rows, and the licence.

Each app's `opendata.py` has a `datasets()` that returns its `Dataset`s; the project collects them into the
catalogue at `/open-data/`, its `datapackage.json` and the whole-portal export. A dataset's `table` gives
every live row (never a draft, never an e-mail address), which the app's own CSV and JSON downloads and the
export both write, so the two never differ.
"""

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse

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
