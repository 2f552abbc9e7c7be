"""Test-wide fixtures: a PostgreSQL server for the run, uploads in a temporary folder, role users."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile

import pytest
from django.conf import settings

from tests.core.factories import UserFactory


def _pg_ctl() -> str | None:
    """Return the path of PostgreSQL's pg_ctl, from the PATH or Debian's versioned folders."""
    found = shutil.which("pg_ctl")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return candidates[-1] if candidates else None


def _accepts_connections(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def throwaway_postgresql(tmp_path_factory):
    """A PostgreSQL server of the run's own, from the installed binaries, in a temporary folder, on 127.0.0.1
    only; stopped and removed when the run ends. Started only when neither DATABASE_URL nor a server at
    127.0.0.1:5432 is there (see below)."""
    pg_ctl = _pg_ctl()
    data = tmp_path_factory.mktemp("postgresql") / "data"
    sockets = tempfile.mkdtemp(prefix="pg-")
    port = _free_port()
    subprocess.run(
        [pg_ctl, "initdb", "-s", "-D", str(data), "-o", "--auth=trust --username=postgres --encoding=UTF8"],
        check=True,
    )
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {sockets} -c fsync=off"
    subprocess.run([pg_ctl, "start", "-s", "-w", "-D", str(data), "-l", str(data / "log"), "-o", options], check=True)
    try:
        yield {"host": "127.0.0.1", "port": port, "user": "postgres"}
    finally:
        subprocess.run([pg_ctl, "stop", "-s", "-m", "fast", "-D", str(data)], check=False)
        shutil.rmtree(sockets, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request, django_db_modify_db_settings_parallel_suffix):
    """Use the server DATABASE_URL names, else the one at 127.0.0.1:5432, else a throwaway one."""
    database = settings.DATABASES["default"]
    if getattr(settings, "DATABASE_URL_GIVEN", True) or _accepts_connections(
        database["HOST"], int(database["PORT"] or 5432)
    ):
        return
    if _pg_ctl() is None:
        pytest.exit(
            "No PostgreSQL server answers at 127.0.0.1:5432, DATABASE_URL is not set, and PostgreSQL's "
            "pg_ctl is not installed to start one for the run. Install Debian's 'postgresql' package "
            "(apt-get install postgresql) or set DATABASE_URL.",
            returncode=2,
        )
    if os.geteuid() == 0:
        pytest.exit(
            "No PostgreSQL server answers at 127.0.0.1:5432 and PostgreSQL refuses to start a throwaway "
            "server as root. Start the installed one (pg_ctlcluster 15 main start), set DATABASE_URL, "
            "or run the tests as an ordinary user.",
            returncode=2,
        )
    server = request.getfixturevalue("throwaway_postgresql")
    database.update(HOST=server["host"], PORT=server["port"], USER=server["user"], PASSWORD="")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Keep each test's uploads in a folder of its own, removed with the test's temporary files."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def editor(db):
    return UserFactory(editor=True)


@pytest.fixture
def resident_user(db):
    """A signed-in account that holds no role."""
    return UserFactory()
