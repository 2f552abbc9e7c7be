"""Counting requests per client in the shared cache, so that floods are refused on every app server alike."""

import logging

from django.core.cache import cache

# Under the name allow() has always used; the one rule for a client's address lives in client_address.
from .client_address import client_address as client_ip


def allow(request, scope: str, *, limit: int, period: int) -> bool:
    """Count one request of this client in `scope`; return False once it has made `limit` in `period` seconds.

    When the cache cannot be reached the request is allowed, with a warning in the log: refusing would turn
    a cache fault into an outage of every form that counts.
    """
    key = f"ratelimit:{scope}:{client_ip(request)}"
    try:
        if cache.add(key, 1, timeout=period):
            return True
        try:
            return cache.incr(key) <= limit
        except ValueError:  # the count expired between the two calls
            cache.add(key, 1, timeout=period)
            return True
    except Exception:  # each cache backend raises errors of its own (redis.ConnectionError, ...)
        logging.getLogger(__name__).warning("Rate limit %r not counted: the cache failed", scope, exc_info=True)
        return True
