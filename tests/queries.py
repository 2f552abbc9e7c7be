"""A helper that proves a page's database queries do not grow with the data."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url: str) -> tuple[int, list[str]]:
    """Return how many queries a GET of the URL makes, and their SQL; the page must answer 200."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured), [query["sql"] for query in captured.captured_queries]


def assert_queries_do_not_grow(client, url: str, *, add_data: Callable[[int], object], factor: int = 10) -> int:
    """Assert a page makes as many queries with `factor` times the data as with the data once.

    `add_data(n)` adds n more rows of whatever the page lists (and what those rows show). Returns
    the query count, so a test may also pin it.
    """
    add_data(1)
    client.get(url)  # warm caches (content types, sessions) so only the page's own queries are compared
    small, small_sql = count_queries(client, url)
    add_data(factor - 1)
    large, large_sql = count_queries(client, url)
    extra = "\n".join(sql for sql in large_sql if sql not in small_sql)[:4000]
    assert large == small, f"{url}: {small} queries with the data, {large} with {factor} times as much. New:\n{extra}"
    return small
