"""The open-data catalogue, its Frictionless data package, and the whole-portal export, composed from every app.

Each app says what it publishes in its own `opendata.py`: `datasets()` for the catalogue, `export_tables()` for
the export, which holds every kind of live item (the catalogue's datasets among them); this module lists them.
The export is one zip of every export table's live rows as CSV and JSON, with the data package, kept in default storage
under EXPORT_NAME. It is built by the worker, never in a request: any change to content asks for a build
EXPORT_DELAY later, and a build that a newer request has overtaken does nothing, so a burst of changes
(a fixture load, a bulk action in the admin) builds the file once.
"""

import datetime
import io
import json
import zipfile

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from campaigns import opendata as campaigns_data
from civicportal.core.opendata import (
    LICENCE,
    Dataset,
    ExportTable,
    pages_export_tables,
    table_csv,
    table_json,
    without_email_addresses,
)
from civicportal.core.outbox import absolute_url
from initiatives import opendata as initiatives_data
from neighbourhoods import opendata as neighbourhoods_data

EXPORT_NAME = "open-data/civic-portal-nottingham.zip"
EXPORT_DELAY = datetime.timedelta(minutes=1)
PACKAGE_NAME = "civic-portal-nottingham"
_WAITING_KEY = "opendata:export:waiting"
# Changes to these apps' models can change what the export holds.
EXPORTED_APPS = {"campaigns", "neighbourhoods", "initiatives"}
EXPORTED_CORE_MODELS = {"page"}  # core's other models (mail, subscriptions, the search index) are not content


def datasets() -> list[Dataset]:
    """Return every dataset the portal publishes, app by app."""
    return [*campaigns_data.datasets(), *neighbourhoods_data.datasets(), *initiatives_data.datasets()]


def export_tables() -> list[ExportTable]:
    """Return every kind of live item the whole-portal export holds, app by app, then the portal's own pages."""
    return [
        *campaigns_data.export_tables(),
        *neighbourhoods_data.export_tables(),
        *initiatives_data.export_tables(),
        *pages_export_tables(),
    ]


def catalogue() -> list[dict]:
    """Return each dataset with when its live rows last changed (one query per dataset, whatever the data)."""
    return [{"dataset": dataset, "last_changed": dataset.last_changed()} for dataset in datasets()]


def datapackage(*, in_export: bool = False) -> dict:
    """Return the catalogue as a Frictionless Data Package: the portal's downloads, or the export's files."""
    resources = []
    if in_export:
        for table in export_tables():
            for extension, media_type in (("csv", "text/csv"), ("json", "application/json")):
                resources.append(_resource(table.name, extension, media_type, f"{table.name}.{extension}", table))
    else:
        for dataset in datasets():
            for d in dataset.distributions:
                resources.append(_resource(dataset.name, d.extension, d.media_type, absolute_url(d.url), dataset))
    return {
        "name": PACKAGE_NAME,
        "title": "Civic Portal Nottingham open data",
        "description": "What Nottingham's civic initiatives publish on the portal: every live item, no drafts.",
        "homepage": absolute_url("/open-data/"),
        "licenses": [LICENCE],
        "created": timezone.now().isoformat(),
        "resources": resources,
    }


def _resource(name: str, extension: str, media_type: str, path: str, described: Dataset | ExportTable) -> dict:
    description = getattr(described, "description", "")
    return {
        "name": f"{name}-{extension}",
        "path": path,
        "title": described.title,
        "description": f"{description} A row: {described.row}".strip(),
        "format": extension,
        "mediatype": media_type,
        "encoding": "utf-8",
        "licenses": [LICENCE],
    }


def export_bytes() -> bytes:
    """Return the whole-portal export: every kind of live item as CSV and JSON, and the data package."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for export in export_tables():
            table = without_email_addresses(export.table())
            archive.writestr(f"{export.name}.csv", table_csv(table))
            archive.writestr(f"{export.name}.json", table_json(table, title=export.title))
        archive.writestr("datapackage.json", json.dumps(datapackage(in_export=True), ensure_ascii=False, indent=1))
    return buffer.getvalue()


def export_build() -> str:
    """Build the export and store it under EXPORT_NAME in default storage; return its stored name."""
    content = export_bytes()
    if default_storage.exists(EXPORT_NAME):
        default_storage.delete(EXPORT_NAME)
    return default_storage.save(EXPORT_NAME, ContentFile(content))


def export_built_at() -> datetime.datetime | None:
    """Return when the stored export was built, or None when there is none yet."""
    if not default_storage.exists(EXPORT_NAME):
        return None
    return default_storage.get_modified_time(EXPORT_NAME)


def export_request() -> None:
    """Ask the worker to build the export EXPORT_DELAY from now, unless a build is already waiting to run.

    The waiting mark lasts exactly until the waiting build is due, so a change that finds it is one the
    waiting build will read; a change after that asks for a build of its own.
    """
    try:
        waiting = not cache.add(_WAITING_KEY, True, timeout=int(EXPORT_DELAY.total_seconds()))
    except Exception:  # without the cache every change asks for a build: more work, never a stale file
        waiting = False
    if not waiting:
        build_open_data_export.using(run_after=timezone.now() + EXPORT_DELAY).enqueue()


@task()
def build_open_data_export() -> str:
    """Build the whole-portal export and store it; return its stored name."""
    return export_build()


def content_changed(sender, **kwargs) -> None:
    """Listen for any change to our apps' content and ask for an export once the transaction commits."""
    if not settings.OPEN_DATA_EXPORT_ON_CHANGE:
        return
    meta = getattr(sender, "_meta", None)
    if meta is not None:
        exported = meta.app_label in EXPORTED_APPS or (
            meta.app_label == "core" and meta.model_name in EXPORTED_CORE_MODELS
        )
        if not exported or meta.model_name.startswith("historical"):
            return
    transaction.on_commit(export_request)
