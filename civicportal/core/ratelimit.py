"""Counting requests per client in the shared cache, so that floods are refused on every app server alike."""

from django.core.cache import cache

# Under the name allow() has always used; the one rule for a client's address lives in client_address.
from .client_address import client_address as client_ip


def allow(request, scope: str, *, limit: int, period: int) -> bool:
    """Count one request of this client in `scope`; return False once it has made `limit` in `period` seconds."""
    key = f"ratelimit:{scope}:{client_ip(request)}"
    if cache.add(key, 1, timeout=period):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the count expired between the two calls
        cache.add(key, 1, timeout=period)
        return True
