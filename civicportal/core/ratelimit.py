"""Counting requests per client in the shared cache, so that floods are refused on every app server alike."""

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """Return the client's address, trusting only as many X-Forwarded-For entries as there are proxies."""
    proxies = getattr(settings, "PROXY_COUNT", 0)
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


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
