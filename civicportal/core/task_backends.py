"""A task backend for the demo and the test suite: what is due now runs at once, what is for later waits.

Django's ImmediateBackend cannot hold a task for later (`run_after`), which scheduled announcements, batched
updates and e-mail retries need. This backend runs a task that is due at once, in the process, as the
ImmediateBackend does, and stores a task for later in django-tasks-db's queue, where `manage.py db_worker`
picks it up when its time comes. Production uses django-tasks-db's own backend, with every task in the queue.
"""

import dataclasses

from django.tasks.backends.immediate import ImmediateBackend
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend


class DueNowBackend(DatabaseBackend):
    def __init__(self, alias, params):
        super().__init__(alias, params)
        self._now = ImmediateBackend(alias, params)

    def enqueue(self, task, args, kwargs):
        if task.run_after is None or task.run_after <= timezone.now():
            return self._now.enqueue(dataclasses.replace(task, run_after=None), args, kwargs)
        return super().enqueue(task, args, kwargs)
