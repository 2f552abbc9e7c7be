"""`/healthz` answers 200 when the database, cache, storage and worker are well, and 503 naming what is not."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from civicportal.core.health import WORKER_MAX_WAIT_SECONDS

CLOSED_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


def _waiting_task(*, due_ago: int) -> DBTaskResult:
    due = timezone.now() - datetime.timedelta(seconds=due_ago)
    task = DBTaskResult.objects.create(
        task_path="civicportal.core.follows.send_follow_digest",
        args_kwargs={"args": [], "kwargs": {"subscription_id": 1}},
        queue_name="default",
        backend_name="default",
        run_after=due,
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=due)  # enqueued_at is set on creation
    return task


@pytest.mark.django_db
def test_all_well_answers_200_with_each_check_ok_and_nothing_cached(client):
    _waiting_task(due_ago=30)
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
        "worker": "ok",
    }
    assert 30 <= body["checks"]["worker"]["oldest_waiting_seconds"] < WORKER_MAX_WAIT_SECONDS
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_storage_check_leaves_no_file_behind(client, settings):
    client.get("/healthz")
    folder = settings.MEDIA_ROOT / "healthz"
    assert not folder.exists() or list(folder.iterdir()) == []


@pytest.mark.django_db
def test_cache_at_a_closed_port_answers_503_naming_the_cache_and_no_address(client, settings):
    """Seen failing with check_cache taken out of CHECKS: 200, and "cache" nowhere in the answer."""
    settings.CACHES = CLOSED_REDIS
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["cache"]
    assert body["checks"]["cache"]["status"] == "failing"
    assert "127.0.0.1" not in response.text
    assert "redis" not in response.text.lower()


@pytest.mark.django_db
def test_a_task_due_long_ago_and_still_waiting_answers_503_naming_the_worker(client):
    """Seen failing with check_worker counting from the newest waiting task instead of the oldest (Max for
    Min): 200, as the fresh task hid the old one."""
    _waiting_task(due_ago=WORKER_MAX_WAIT_SECONDS + 60)
    _waiting_task(due_ago=5)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["worker"]


@pytest.mark.django_db
def test_a_task_for_later_or_already_running_does_not_count_as_waiting(client):
    later = _waiting_task(due_ago=-3600)
    DBTaskResult.objects.filter(pk=later.pk).update(enqueued_at=timezone.now() - datetime.timedelta(days=1))
    running = _waiting_task(due_ago=WORKER_MAX_WAIT_SECONDS * 3)
    DBTaskResult.objects.filter(pk=running.pk).update(status="RUNNING")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["oldest_waiting_seconds"] == 0


def test_database_at_a_closed_port_answers_503_naming_the_database(client, database_at_a_closed_port):
    """Seen failing with check_database taken out of CHECKS: "database" was not among the failing checks
    (only the worker, whose query failed too)."""
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert "database" in body["failing"]
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["storage"]["status"] == "ok"
    assert "port" not in response.text.lower()
