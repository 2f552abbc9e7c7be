"""Project-wide checks: migrations match the models, and production settings pass `check --deploy`."""

import logging
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils.log import configure_logging

from neighbourhoods.models import Ward

pytestmark = pytest.mark.django_db


def test_models_have_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="civicportal.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="civicportal.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _manage("check", DJANGO_SETTINGS_MODULE="civicportal.settings.production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_demo_commands_refuse_to_run_with_debug_off():
    result = _manage("create_demo_users", DJANGO_SETTINGS_MODULE="civicportal.settings.test", DEBUG="false")
    assert result.returncode != 0
    assert "only with DEBUG on" in result.stderr


def test_a_django_log_line_is_printed_once_with_debug_on(capsys):
    """Seen to fail without the "django" logger in LOGGING: Django's own console handler (on when DEBUG is) and
    the root's each printed the line, as the worker's task lines were printed twice."""
    try:
        with override_settings(DEBUG=True):
            configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
            logging.getLogger("django.tasks").warning("Task finished")
        printed = capsys.readouterr().err
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)

    assert printed.count("Task finished") == 1


@pytest.mark.django_db
def test_loading_the_demo_if_empty_fills_an_empty_database(settings):
    settings.DEBUG = True
    call_command("load_demo_content", "--if-empty", verbosity=0)

    assert Ward.objects.filter(slug="clifton-north").exists()


@pytest.mark.django_db
def test_loading_the_demo_if_empty_keeps_what_was_changed_since(settings):
    """Seen to fail with --if-empty ignored: the ward's introduction went back to the fixture's."""
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    Ward.objects.filter(slug="clifton-north").update(introduction="Written by a newcomer.")

    call_command("load_demo_content", "--if-empty", verbosity=0)

    assert Ward.objects.get(slug="clifton-north").introduction == "Written by a newcomer."
    assert Ward.objects.count() == 20


@pytest.mark.django_db
def test_loading_the_demo_again_on_purpose_puts_its_words_back(settings):
    settings.DEBUG = True
    call_command("load_demo_content", verbosity=0)
    Ward.objects.filter(slug="clifton-north").update(introduction="Written by a newcomer.")

    call_command("load_demo_content", verbosity=0)

    assert Ward.objects.get(slug="clifton-north").introduction != "Written by a newcomer."


def test_the_suite_talks_to_postgresql_through_the_driver_production_uses():
    """Django picks psycopg 3 whenever it is installed; production pins psycopg2-binary (requirements/base.txt),
    so the suite must run on that one. Seen failing with psycopg[binary] installed beside it."""
    from django.db import connection

    pinned = (settings.BASE_DIR / "requirements" / "base.txt").read_text()
    assert "psycopg2-binary==" in pinned
    assert connection.vendor == "postgresql"
    assert connection.Database.__name__ == "psycopg2"
