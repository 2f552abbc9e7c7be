"""The page cache: what an anonymous visitor sees is kept whole and served again until something it shows changes.

`PageCacheMiddleware` serves a GET or HEAD from the cache only for a request that carries nothing of the
visitor: no session cookie (so never a signed-in user), no messages waiting, no cookie an app registered
with `register_personal_cookie` (the reaction cookie). It stores only a 200 answer to a GET that sets no
cookie (a page that rendered a CSRF token sets one, so it is never stored), that is not marked
`private`, `no-cache` or `no-store` (`never_cache` on the view), outside the paths that are never public
(`NEVER_CACHED`). Everything else passes through and, unless the view said otherwise, is marked `private`.

Exact enough, never stale: while a page renders, the database tables it reads are noted from the SQL (a
`connection.execute_wrapper`), each with the version it had *before* it was read. Every write to a table
(INSERT, UPDATE, DELETE, whichever door it came through, `QuerySet.update()` and the admin included) gives
the table a new version, at once and again after the transaction commits; so do the publishing pipeline's
`item_changed` and `item_announced` (a scheduled item's time coming changes what `live()` returns without
a write). An entry is served only while every version it recorded is current, so a change clears exactly
the pages that read the changed table: its page, its lists, its parent's page, the home page, the feeds
and the sitemap, and not the pages that never read it. An entry also never outlives the soonest future
`publish_at` among the publishable tables it read, nor `PAGE_CACHE_SECONDS`.

The keys start with "pagecache:"; the rate limits' start with "ratelimit:", so the two never meet.
When the cache fails, pages are rendered as if it were empty, with a warning in the log.
"""

import hashlib
import logging
import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import connection, transaction
from django.db.backends.signals import connection_created
from django.db.models import Min
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag

from .pipeline import item_announced, item_changed, publishable_models
from .publishing import Status

logger = logging.getLogger(__name__)

# Paths that are never public pages, whatever their answer: the admin, signing in, the editors' queue,
# each author's work, the load balancer's health check and the links in e-mails (which act on a token).
NEVER_CACHED = ("/admin/", "/accounts/", "/review/", "/your-work/", "/healthz", "/follow/confirm/", "/follow/stop/")

_personal_cookies: set[str] = set()

_READ_TABLES = re.compile(r'\b(?:FROM|JOIN)\s+"([^"]+)"', re.IGNORECASE)
_WRITTEN_TABLE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"([^"]+)"', re.IGNORECASE)


def register_personal_cookie(name: str) -> None:
    """Name a cookie whose presence makes a request the visitor's own: it is never served from the cache."""
    _personal_cookies.add(name)


def enabled() -> bool:
    """Return whether the page cache is on (PAGE_CACHE_SECONDS above 0)."""
    return getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0


def _version_key(table: str) -> str:
    return f"pagecache:table:{table}"


def _entry_key(url: str) -> str:
    return "pagecache:page:" + hashlib.sha256(url.encode()).hexdigest()


def tables_changed(tables) -> None:
    """Give each table a new version, so that no cached page that read it is served again."""
    tables = set(tables)
    if not tables or not enabled():
        return
    try:
        cache.set_many({_version_key(table): uuid.uuid4().hex for table in tables}, timeout=None)
    except Exception:  # each cache backend raises errors of its own
        logger.warning("Page cache not cleared for %s: the cache failed", sorted(tables), exc_info=True)


class _AfterCommit:
    """The tables written in one transaction, changed again once it commits (what readers saw before is old)."""

    def __init__(self):
        self.tables: set[str] = set()

    def __call__(self):
        tables_changed(self.tables)


def _note_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    match = _WRITTEN_TABLE.match(sql) if isinstance(sql, str) else None
    if match is None or not enabled():
        return result
    table = match.group(1)
    db = context["connection"]
    if not db.in_atomic_block:
        tables_changed([table])
        return result
    pending = next((func for _, func, _ in db.run_on_commit if isinstance(func, _AfterCommit)), None)
    if pending is None:
        pending = _AfterCommit()
        transaction.on_commit(pending, using=db.alias)
    pending.tables.add(table)
    # At once too, for every statement: a test's transaction never commits, and within a transaction a later
    # read (this process's own) must not be served what an earlier statement of it made old.
    tables_changed([table])
    return result


@receiver(connection_created, dispatch_uid="core.page_cache.note_writes")
def _watch_writes(sender, connection, **kwargs):
    if _note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_writes)


@receiver(item_changed, dispatch_uid="core.page_cache.item_changed")
@receiver(item_announced, dispatch_uid="core.page_cache.item_announced")
def _item_event(sender, instance, **kwargs):
    tables_changed([instance._meta.db_table])


class _ReadRecorder:
    """Notes each table a page reads, with its version fetched before the first read of it."""

    def __init__(self):
        self.versions: dict[str, str] = {}
        self.failed = False

    def __call__(self, execute, sql, params, many, context):
        new = (
            {table for table in _READ_TABLES.findall(sql) if table not in self.versions} if isinstance(sql, str) else ()
        )
        if new and not self.failed:
            try:
                self.versions.update(_current_versions(new))
            except Exception:  # the page is still rendered, and not kept
                logger.warning("Page cache versions not read: the cache failed", exc_info=True)
                self.failed = True
        return execute(sql, params, many, context)


def _current_versions(tables) -> dict[str, str]:
    """Return each table's version, giving a table that has none a fresh one."""
    keys = {_version_key(table): table for table in tables}
    found = cache.get_many(list(keys))
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    for key, version in missing.items():
        if not cache.add(key, version, timeout=None):
            missing[key] = cache.get(key)
    found.update(missing)
    return {table: found[key] for key, table in keys.items()}


def _seconds_until_next_publication(tables) -> float | None:
    """Return the seconds until the soonest scheduled item among the tables goes live, or None."""
    now = timezone.now()
    soonest = None
    for model in publishable_models():
        if model._meta.db_table in tables:
            at = (
                model._default_manager.filter(status=Status.PUBLISHED, publish_at__gt=now)
                .aggregate(at=Min("publish_at"))
                .get("at")
            )
            if at is not None and (soonest is None or at < soonest):
                soonest = at
    return None if soonest is None else (soonest - now).total_seconds()


def _request_is_personal(request) -> bool:
    cookies = {settings.SESSION_COOKIE_NAME, CookieStorage.cookie_name, *_personal_cookies}
    return any(name in request.COOKIES for name in cookies) or "HTTP_AUTHORIZATION" in request.META


def _response_is_public(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    varies = {value.strip().lower() for value in response.get("Vary", "").split(",") if value.strip()}
    # Cookie: the request carried none of the visitor's; Accept-Encoding: no middleware here compresses.
    return varies <= {"cookie", "accept-encoding"}


def _mark_public(response, etag: str) -> None:
    response["ETag"] = etag
    # Browsers ask again each time (and get a 304); a shared cache such as nginx may keep it a few seconds.
    patch_cache_control(response, public=True, max_age=0, s_maxage=getattr(settings, "PAGE_CACHE_PROXY_SECONDS", 0))


class PageCacheMiddleware:
    """Serve anonymous visitors' GET and HEAD requests from the page cache, and keep what can be kept."""

    def __init__(self, get_response: Callable):
        self.get_response = get_response

    def __call__(self, request):
        url = self._cacheable_url(request)
        if url is None:
            response = self.get_response(request)
            if enabled() and "Cache-Control" not in response:
                patch_cache_control(response, private=True)
            return response
        key = _entry_key(url)
        hit = self._cached(key)
        if hit is not None:
            return get_conditional_response(request, etag=hit["ETag"], response=hit) or hit
        recorder = _ReadRecorder()
        with connection.execute_wrapper(recorder):
            response = self.get_response(request)
        if request.method == "GET" and not recorder.failed and _response_is_public(response):
            self._store(key, response, recorder.versions)
            return get_conditional_response(request, etag=response["ETag"], response=response) or response
        if "Cache-Control" not in response:
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _cacheable_url(request) -> str | None:
        if not enabled() or request.method not in ("GET", "HEAD") or _request_is_personal(request):
            return None
        if request.path.startswith(NEVER_CACHED):
            return None
        try:
            return request.build_absolute_uri()
        except DisallowedHost:  # Django answers 400 further in
            return None

    @staticmethod
    def _cached(key: str) -> HttpResponse | None:
        try:
            entry = cache.get(key)
            if entry is None:
                return None
            versions = entry["versions"]
            current = cache.get_many([_version_key(table) for table in versions])
        except Exception:
            logger.warning("Page cache not read: the cache failed", exc_info=True)
            return None
        if any(current.get(_version_key(table)) != version for table, version in versions.items()):
            return None
        response = HttpResponse(entry["content"], status=200, headers=entry["headers"])
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _store(key: str, response, versions: dict[str, str]) -> None:
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        _mark_public(response, etag)
        try:
            timeout = settings.PAGE_CACHE_SECONDS
            until_next = _seconds_until_next_publication(versions)
            if until_next is not None:
                timeout = min(timeout, until_next)
            if timeout < 1:
                return
            entry = {"content": response.content, "headers": dict(response.items()), "versions": versions}
            cache.set(key, entry, timeout=int(timeout))
        except Exception:
            logger.warning("Page not kept: the cache failed", exc_info=True)
