"""Settings for a developer's machine and the `make run` demo: DEBUG on, the SQLite file, e-mail on the console."""

import os

# The demo has a development key of its own, so that `make run` needs no configuration; never use it elsewhere.
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-for-the-local-demo-0123456789")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403

# Locally, a task due now runs in the request; a task for later (a scheduled announcement, batched updates,
# an e-mail retry) waits for `manage.py db_worker`, which `make run` starts. TASKS_IMMEDIATE=false queues
# every task for the worker, as in production.
if env.bool("TASKS_IMMEDIATE", default=True):  # noqa: F405
    TASKS = {"default": {"BACKEND": "civicportal.core.task_backends.DueNowBackend", "QUEUES": ["default"]}}
