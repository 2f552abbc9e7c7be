"""The client's address: REMOTE_ADDR with no proxies, else the entry the outermost trusted proxy wrote."""

from django.test import RequestFactory

from civicportal.core.client_address import client_address


def _request(*, remote="10.0.0.1", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_proxies_the_forwarded_header_is_ignored(settings):
    settings.PROXY_COUNT = 0
    assert client_address(_request(remote="198.51.100.7", forwarded="203.0.113.9")) == "198.51.100.7"


def test_behind_one_proxy_the_right_most_entry_is_the_client(settings):
    """Seen failing with `forwarded[0]` (the left-most entry): the answer was the forged 192.0.2.66."""
    settings.PROXY_COUNT = 1
    assert client_address(_request(forwarded="192.0.2.66, 198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_entry_before_the_inner_proxy_is_the_client(settings):
    settings.PROXY_COUNT = 2
    request = _request(forwarded="192.0.2.66, 198.51.100.7, 10.0.0.2")
    assert client_address(request) == "198.51.100.7"


def test_a_chain_shorter_than_the_proxies_counts_under_remote_addr(settings):
    settings.PROXY_COUNT = 2
    assert client_address(_request(forwarded="198.51.100.7")) == "10.0.0.1"
    assert client_address(_request()) == "10.0.0.1"


def test_an_entry_that_is_not_an_address_counts_under_remote_addr(settings):
    settings.PROXY_COUNT = 1
    assert client_address(_request(forwarded="unknown")) == "10.0.0.1"
