"""Run the background worker's queue inside a test, as `manage.py db_worker --batch` would.

The worker's own loop closes database connections between tasks, which would end a test's transaction;
this runs the same `Worker.run_task` on each task that is due, in the test's transaction.
"""

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

_WORKER = Worker(
    queue_names=["default"],
    interval=0,
    batch=True,
    backend_name="default",
    startup_delay=False,
    max_tasks=None,
    worker_id="test-worker",
    excluded_queue_names=[],
)


def run_due_tasks() -> int:
    """Run every queued task whose time has come (by the clock the test set); return how many ran."""
    ran = 0
    while True:
        with transaction.atomic():
            result = DBTaskResult.objects.ready().filter(backend_name="default").get_locked()
            if result is None:
                return ran
            result.claim(_WORKER.worker_id)
        _WORKER.run_task(result)
        ran += 1
