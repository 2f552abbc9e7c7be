"""Every security header and cookie flag, as the production settings send them over HTTPS behind the proxy.

The requests are made in a separate process that runs with `civicportal.settings.production`, as `manage.py
check --deploy` is run in tests/test_project.py: importing the production settings into the test process
would change the test settings under every other test (production adds to base's CSP in place). That process
uses Django's test client against this test database, as the proxy would talk to the app: with the
`X-Forwarded-Proto` header the production settings trust, and the host they are told to serve.

Seen to fail, one change at a time: SECURE_HSTS_PRELOAD off in production.py failed the three HSTS tests;
"'unsafe-inline'" added to base.py's style-src failed the "nothing inline" test (the header still matched the
settings, as it should); SESSION_COOKIE_SECURE off failed the session cookie's; SECURE_SSL_REDIRECT off failed
the plain-HTTP one (200, not 301); PermissionsPolicyMiddleware out of MIDDLEWARE failed the three header tests.
"""

import json
import os
import secrets
import subprocess
import sys

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.models import Session
from django.db import connection

from civicportal.core.permissions_policy import PERMISSIONS_POLICY
from tests.core.factories import UserFactory

# Marked so that the test database is set up; the requests themselves are made by the other process.
pytestmark = pytest.mark.django_db

HOST = "civicportal.example"
PASSWORD = "correct-horse-battery"  # the factory's password

# Run with the production settings; prints what each request got back, as JSON.
PROBE = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.models import Session
from django.test import Client, override_settings

HOST, USERNAME, PASSWORD = sys.argv[1:4]
HTTPS = {"HTTP_X_FORWARDED_PROTO": "https"}


def seen(response):
    cookies = {
        name: {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"]), "samesite": morsel["samesite"]}
        for name, morsel in response.cookies.items()
    }
    return {"status": response.status_code, "headers": dict(response.headers), "cookies": cookies}


# The one departure from production: static files from the finders, since the tests never run collectstatic.
storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
override_settings(STORAGES=storages).enable()
client = Client(HTTP_HOST=HOST)
print(json.dumps({
    "csp_setting": settings.SECURE_CSP,
    "hsts_seconds": settings.SECURE_HSTS_SECONDS,
    "csrf_cookie_httponly": settings.CSRF_COOKIE_HTTPONLY,
    "home": seen(client.get("/", **HTTPS)),
    "not_found": seen(client.get("/no-such-page/", **HTTPS)),
    "sign_in_page": seen(client.get("/accounts/login/", **HTTPS)),
    "sign_in": seen(client.post("/accounts/login/", {"username": USERNAME, "password": PASSWORD}, **HTTPS)),
    "plain_http": seen(client.get("/neighbourhoods/wards/?name=x", HTTP_X_FORWARDED_PROTO="http")),
    "plain_http_health": seen(client.get("/healthz", HTTP_X_FORWARDED_PROTO="http")),
}))
"""


def _database_url() -> str:
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT'] or 5432}/{database['NAME']}"


@pytest.fixture(scope="module")
def production(django_db_setup, django_db_blocker):
    """What the production settings answered to each request."""
    with django_db_blocker.unblock():
        # Hashed with a hasher the production settings know (the test settings' MD5 is not one of them).
        user = UserFactory(username=f"headers-{secrets.token_hex(4)}")
        user.password = PBKDF2PasswordHasher().encode(PASSWORD, secrets.token_hex(8), iterations=1000)
        user.save(update_fields=["password"])
        try:
            environment = {
                key: value for key, value in os.environ.items() if key not in {"DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
            }
            environment.update(
                DJANGO_SETTINGS_MODULE="civicportal.settings.production",
                SECRET_KEY=secrets.token_urlsafe(50),
                ALLOWED_HOSTS=HOST,
                DATABASE_URL=_database_url(),
                CACHE_URL="locmemcache://headers",
            )
            for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):  # the production defaults, not the shell's
                environment.pop(name, None)
            result = subprocess.run(
                [sys.executable, "-c", PROBE, HOST, user.username, PASSWORD],
                cwd=settings.BASE_DIR,
                env=environment,
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
            )
        finally:
            # The sign-in was committed by the other process, outside any test's transaction: undo all of it.
            Session.objects.all().delete()
            for model in (AccessAttempt, AccessFailureLog, AccessLog):
                model.objects.all().delete()
            user.delete()
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def test_pages_answer_over_https(production):
    assert production["home"]["status"] == 200
    assert production["not_found"]["status"] == 404
    assert production["sign_in"]["status"] == 302


@pytest.mark.parametrize("response", ["home", "not_found", "sign_in_page"])
def test_strict_transport_security_asks_for_a_year_subdomains_and_preload(production, response):
    header = production[response]["headers"]["Strict-Transport-Security"]
    parts = [part.strip() for part in header.split(";")]

    assert parts[0] == f"max-age={production['hsts_seconds']}"
    assert production["hsts_seconds"] >= 60 * 60 * 24 * 365
    assert "includeSubDomains" in parts
    assert "preload" in parts


@pytest.mark.parametrize("response", ["home", "not_found", "sign_in_page"])
def test_the_content_security_policy_is_every_directive_the_settings_give(production, response):
    directives = _directives(production[response]["headers"]["Content-Security-Policy"])
    setting = production["csp_setting"]

    assert set(directives) == set(setting)
    for name, values in setting.items():
        assert directives[name] == ([] if values is True else values), name


def test_the_content_security_policy_allows_the_site_alone_and_nothing_inline(production):
    header = production["home"]["headers"]["Content-Security-Policy"]
    directives = _directives(header)

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert "upgrade-insecure-requests" in directives
    assert "'unsafe-inline'" not in header
    assert "'unsafe-eval'" not in header


@pytest.mark.parametrize("response", ["home", "not_found", "sign_in_page"])
def test_the_other_security_headers_are_sent(production, response):
    headers = production[response]["headers"]

    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Permissions-Policy"] == PERMISSIONS_POLICY
    assert {"camera=()", "microphone=()", "geolocation=()"} <= set(PERMISSIONS_POLICY.split(", "))


def test_the_session_cookie_is_secure_http_only_and_same_site(production):
    cookie = production["sign_in"]["cookies"]["sessionid"]

    assert cookie == {"secure": True, "httponly": True, "samesite": "Lax"}


def test_the_csrf_cookie_is_secure_and_same_site(production):
    """The CSRF cookie is not HttpOnly: Django's default, since a script able to read it could read the token in
    the page's form just as well (Django's CSRF_COOKIE_HTTPONLY documentation)."""
    cookie = production["sign_in_page"]["cookies"]["csrftoken"]

    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"] is production["csrf_cookie_httponly"]


def test_plain_http_is_redirected_to_https_at_the_same_address(production):
    response = production["plain_http"]

    assert response["status"] == 301
    assert response["headers"]["Location"] == f"https://{HOST}/neighbourhoods/wards/?name=x"


def test_the_health_check_answers_over_plain_http_for_the_load_balancer(production):
    response = production["plain_http_health"]

    assert response["status"] in (200, 503)
    assert "Location" not in response["headers"]
    assert response["headers"]["Content-Type"] == "application/json"
