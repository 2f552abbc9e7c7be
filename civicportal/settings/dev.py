"""Settings for a developer's machine and the `make run` demo: DEBUG on, the SQLite file, e-mail on the console."""

import os

# The demo has a development key of its own, so that `make run` needs no configuration; never use it elsewhere.
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-for-the-local-demo-0123456789")
os.environ.setdefault("DEBUG", "true")

from .base import *  # noqa: F403

# Locally the django-tasks worker is one more process to remember; run tasks in the request instead,
# unless the environment asks for the database queue (TASKS_IMMEDIATE=false and `manage.py db_worker`).
if env.bool("TASKS_IMMEDIATE", default=True):  # noqa: F405
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
