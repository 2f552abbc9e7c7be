"""Sign-in throttling with django-axes: per username and address, and per address across usernames."""

import pytest
from django.urls import reverse

from tests.core.factories import UserFactory

SPRAYED = "Winter-2026-password"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.PROXY_COUNT = 0


def _sign_in(client, username, password=SPRAYED, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_spraying_one_password_over_forty_usernames_is_refused_before_the_password_check(client, settings):
    """Seen failing with AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]: all 39 answered 200 and the
    40th, whose password was the sprayed one, signed in (302)."""
    UserFactory(username="resident40", password=SPRAYED)
    limit = settings.SIGNIN_FAILURES_PER_ADDRESS
    statuses = [_sign_in(client, f"resident{n}").status_code for n in range(1, 40)]
    # The failure that reaches the limit is answered with the locked page; every later attempt too.
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1 :]) == {429}

    response = _sign_in(client, "resident40")  # the right password, still refused

    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_one_username_is_locked_after_its_own_five_failures_but_not_the_address(client):
    UserFactory(username="typist", password=SPRAYED)
    UserFactory(username="neighbour", password=SPRAYED)
    for _ in range(4):
        assert _sign_in(client, "typist", "wrong-password").status_code == 200
    assert _sign_in(client, "typist", "wrong-password").status_code == 429

    assert _sign_in(client, "typist").status_code == 429
    assert _sign_in(client, "neighbour").status_code == 302


def test_signing_in_to_an_own_account_does_not_reset_the_address_count(client, settings):
    """Seen failing with AXES_RESET_ON_SUCCESS = True: the success wiped the address's 19 failures and the
    20th spray answered 200."""
    UserFactory(username="attacker", password="attackers-own-password")
    for n in range(19):
        _sign_in(client, f"resident{n}")
    assert _sign_in(client, "attacker", "attackers-own-password").status_code == 302
    client.logout()

    assert _sign_in(client, "resident19").status_code == 429


def test_behind_one_proxy_clients_are_counted_apart_and_cannot_forge_their_address(client, settings):
    """Seen failing with AXES_IPWARE_PROXY_COUNT = PROXY_COUNT in place of AXES_CLIENT_IP_CALLABLE: axes read
    the one-entry chain as the proxy's own and counted both clients as one, so 203.0.113.9 was refused (429)."""
    settings.PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for n in range(25):
        forged = f"192.0.2.{n}, 198.51.100.7"
        _sign_in(client, f"resident{n}", HTTP_X_FORWARDED_FOR=forged, **proxy)

    assert _sign_in(client, "resident99", HTTP_X_FORWARDED_FOR="192.0.2.200, 198.51.100.7", **proxy).status_code == 429
    assert _sign_in(client, "resident99", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy).status_code == 200
