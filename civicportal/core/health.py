"""`/healthz`: whether the database, the cache, file storage and the background worker are working.

A load balancer or monitor asks this page; it answers 200 when every check passes and 503 when any fails,
as JSON naming each check. It is a small view of the portal's own rather than django-health-check: the
checks are four short functions, the worker check (how long the oldest due task has waited in
django-tasks-db's queue) would be custom code in either, and no dependency is added for it.

The answer says only "ok" or "failing" and a number of seconds: error messages name hosts, ports and users,
so they go to the log, not to whoever asks. Nothing is cached, by the browser or any proxy.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks_db.models import DBTaskResult, get_date_max

# A task due this long ago and still waiting means no worker is taking tasks.
WORKER_MAX_WAIT_SECONDS = 10 * 60

logger = logging.getLogger(__name__)


def check_database() -> dict:
    """Run one query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache() -> dict:
    """Write, read back and delete one key."""
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    cache.set(key, value, timeout=30)
    stored = cache.get(key)
    cache.delete(key)
    if stored != value:
        raise RuntimeError("The cache did not give back the value just written.")
    return {}


def check_storage() -> dict:
    """Write and delete a small file in the default storage."""
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    default_storage.delete(name)
    return {}


def check_worker() -> dict:
    """Measure how long the oldest task that is due has waited; too long means no worker is running."""
    # A task with no run_after carries the far-future sentinel and has been due since it was enqueued.
    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(due_since))["oldest"]
    waited = 0 if oldest is None else max(0, int((timezone.now() - oldest).total_seconds()))
    if waited > WORKER_MAX_WAIT_SECONDS:
        raise RuntimeError(f"The oldest due task has waited {waited} seconds.")
    return {"oldest_waiting_seconds": waited}


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "worker": check_worker,
}


def _run(name: str, check) -> dict:
    started = time.monotonic()
    try:
        result = {"status": "ok", **check()}
    except Exception:  # any failure of a dependency, whatever library raised it, is what is being asked
        logger.warning("Health check %r failing", name, exc_info=True)
        result = {"status": "failing"}
    result["milliseconds"] = round((time.monotonic() - started) * 1000)
    return result


@never_cache
@require_safe
def healthz(request):
    """Answer 200 with each check "ok", or 503 naming the checks that fail."""
    checks = {name: _run(name, check) for name, check in CHECKS.items()}
    failing = [name for name, result in checks.items() if result["status"] != "ok"]
    body = {"status": "failing" if failing else "ok", "failing": failing, "checks": checks}
    return JsonResponse(body, status=503 if failing else 200)
