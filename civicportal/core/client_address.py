"""Finding the address a request came from, trusting only the proxies the site really sits behind."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """Return the client's address: the one the outermost of our `PROXY_COUNT` proxies saw, else REMOTE_ADDR.

    Each proxy appends the address it was connected from to X-Forwarded-For, and the last one is
    REMOTE_ADDR. Read as a chain (X-Forwarded-For, then REMOTE_ADDR), the right-most `PROXY_COUNT`
    entries are our proxies and the entry before them is the client; everything further left is
    whatever the client chose to send, so it is never read. A request with too short a chain did not
    come through every proxy, and one whose entry is not an address was not written by one: both
    are counted under REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if not proxies:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        ipaddress.ip_address(candidate)
    except ValueError:
        return remote
    return candidate
