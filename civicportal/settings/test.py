"""Settings for the test suite: PostgreSQL, fast hashing, e-mail kept in memory, tasks run at once."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-for-the-suite-0123456789-abcdefghijklmnop")
os.environ.setdefault("DEBUG", "false")
# The suite runs on PostgreSQL: the server DATABASE_URL names, else the local one, else a throwaway
# server that tests/conftest.py starts for the run.
DATABASE_URL_GIVEN = "DATABASE_URL" in os.environ
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/civicportal")

from .base import *  # noqa: E402,F403

DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Off, so that every test (query counts above all) sees its page rendered; tests/core/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0
# Tasks due now run at once; tasks for later (scheduled announcements, batched updates, e-mail retries)
# wait in the database queue, where the tests that need them run the worker.
TASKS = {"default": {"BACKEND": "civicportal.core.task_backends.DueNowBackend", "QUEUES": ["default"]}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # The manifest storage needs collectstatic; the tests serve files straight from the finders.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test run puts uploads in a temporary folder of its own (tests/conftest.py).
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
# Static files come straight from the finders; the tests never run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Sign-in throttling has tests of its own which turn it on.
AXES_ENABLED = False
# Only the export's own tests build it (tests/test_open_data.py turns this on); others would queue builds.
OPEN_DATA_EXPORT_ON_CHANGE = False
