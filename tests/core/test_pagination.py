"""A list's pagination: which page `?page=` asks for, and the few page links a long list shows."""

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def _pagination_html(number: int, pages: int) -> str:
    request = RequestFactory().get("/alliance/news/", {"campaign": "living-wage", "page": number})
    page_obj = Paginator(range(pages * 2), 2).get_page(number)
    return render_to_string("includes/pagination.html", {"page_obj": page_obj, "label": "news"}, request=request)


def test_a_long_list_links_the_first_and_last_pages_and_those_near_the_current_one():
    """Seen failing before page_numbers: page 500 of 1,000 linked to every one of the 1,000 pages."""
    html = _pagination_html(500, 1000)

    links = html.count('class="page-link" href=')
    assert links == 8  # previous, 1, 498, 499, 501, 502, 1000, next
    assert "?campaign=living-wage&amp;page=1000" in html
    assert "?campaign=living-wage&amp;page=499" in html
    assert "page=250" not in html
    assert html.count("&hellip;") == 2
    assert 'aria-current="page"><span class="visually-hidden">Page </span>500<' in html


def test_a_short_list_links_every_page():
    html = _pagination_html(2, 4)

    for number in (1, 3, 4):
        assert f"page={number}" in html
    assert "&hellip;" not in html
