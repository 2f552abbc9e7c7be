"""Fixtures for the core tests: a database that cannot be reached."""

import pytest
from django.db import connection


@pytest.fixture
def database_at_a_closed_port(django_db_blocker, monkeypatch):
    """Point the connection at a port where nothing listens, for real, outside any test transaction."""
    with django_db_blocker.unblock():
        connection.close()
        monkeypatch.setitem(connection.settings_dict, "PORT", "1")
        yield
        connection.close()  # the next connection is made with the real port, restored after this
