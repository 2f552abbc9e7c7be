"""Public forms without a per-visitor token: a POST is accepted only when the browser says it came from this site.

A CSRF token in a page makes the page the visitor's own, so it cannot be cached. The forms a resident sends
from a public page (follow, react) carry no token instead, and their views are wrapped in
`same_origin_post`, which asks the browser where the form was sent from, the way Django's own
`CsrfViewMiddleware` checks the origin before it checks the token:

- `Sec-Fetch-Site`, when sent (every current browser sends it), must be `same-origin`;
- `Origin`, when sent, must be this site's own scheme and host, or one of `CSRF_TRUSTED_ORIGINS`;
- with neither (a very old browser, a script), a `Referer` from this site is required, as Django requires one
  for every HTTPS form post; with none of the three the post is refused.

A refused post gets the site's CSRF failure page (403) and the view never runs. Django's CSRF middleware
still guards every other form.
"""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt


def _own_origins(request) -> set[str]:
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def refusal_reason(request) -> str | None:
    """Return why a POST is not from this site, or None when it is."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site != "same-origin":
        return f"Sec-Fetch-Site is {fetch_site!r}."
    origin = request.headers.get("Origin")
    if origin is not None:
        return None if origin in _own_origins(request) else "Origin is another site's."
    if fetch_site is not None:
        return None
    referer = urlsplit(request.headers.get("Referer", ""))
    if not referer.scheme or not referer.netloc:
        return "Neither Origin, Sec-Fetch-Site nor Referer says where the form came from."
    if f"{referer.scheme}://{referer.netloc}" not in _own_origins(request):
        return "Referer is another site's."
    return None


def same_origin_post(view):
    """Wrap a view whose POST carries no CSRF token: refuse a POST that does not come from this site."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        # Django's test client marks requests this way to skip CSRF checks; the tests of this check do not.
        if request.method == "POST" and not getattr(request, "_dont_enforce_csrf_checks", False):
            reason = refusal_reason(request)
            if reason is not None:
                return import_string(settings.CSRF_FAILURE_VIEW)(request, reason=reason)
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)
