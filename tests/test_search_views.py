"""The search page and the header's search box, as residents use them: what they find, and what they may type."""

import pytest
from django.urls import reverse

from tests.campaigns.factories import MembershipFactory, NewsPostFactory
from tests.core.factories import OrganisationFactory
from tests.neighbourhoods.factories import EventFactory, WardFactory, WardNewsFactory
from tests.queries import assert_queries_do_not_grow

pytestmark = pytest.mark.django_db

URL = reverse("search")


@pytest.mark.parametrize("name", ["campaigns:index", "neighbourhoods:index", "initiatives:index", "search"])
def test_every_page_but_the_home_page_has_the_search_box_in_its_header(client, name):
    """The home page has its own box instead (tests/test_home.py)."""
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert '<form class="site-search" role="search" method="get" action="/search/"' in response.text
    assert '<label class="visually-hidden" for="site-search-q">Search the portal</label>' in response.text


def test_a_word_only_in_a_news_posts_body_finds_it(client):
    NewsPostFactory(published=True, campaign=None, title="Assembly report", body="The kingfishers came back.")

    response = client.get(URL, {"q": "kingfishers"})

    assert response.status_code == 200
    assert '<a href="/alliance/news/' in response.text
    assert ">Assembly report</a>" in response.text
    assert "<mark>kingfishers</mark>" in response.text
    assert "1 result for “kingfishers”." in response.text


def test_a_demonstration_event_says_so_in_its_search_result(client):
    EventFactory(published=True, title="Kingfisher walk", is_demonstration=True)

    response = client.get(URL, {"q": "kingfisher"})

    assert response.status_code == 200
    assert ">Kingfisher walk (demonstration event)</a>" in response.text


def test_an_event_of_record_has_no_demonstration_mark_in_its_search_result(client):
    EventFactory(published=True, title="Kingfisher walk")

    response = client.get(URL, {"q": "kingfisher"})

    assert response.status_code == 200
    assert ">Kingfisher walk</a>" in response.text
    assert "demonstration" not in response.text.lower()


def test_a_misspelt_member_organisation_finds_it(client):
    MembershipFactory(organisation=OrganisationFactory(name="Karimia Institute", slug="karimia-institute"))

    response = client.get(URL, {"q": "Karimia Instiute"})

    assert response.status_code == 200
    assert '<a href="/alliance/members/karimia-institute/">Karimia Institute</a>' in response.text
    assert "These have names like them" in response.text


def test_a_drafts_words_find_nothing(client):
    NewsPostFactory(campaign=None, title="Secret plans", body="Moonlit otters.")
    NewsPostFactory(in_review=True, campaign=None, title="Plans in review", body="Moonlit otters.")
    NewsPostFactory(scheduled=True, campaign=None, title="Plans for tomorrow", body="Moonlit otters.")

    response = client.get(URL, {"q": "moonlit otters"})

    assert response.status_code == 200
    assert "Nothing published matches “moonlit otters”." in response.text
    assert "Secret plans" not in response.text
    assert "Plans in review" not in response.text
    assert "Plans for tomorrow" not in response.text


def test_an_empty_search_explains_what_to_type(client):
    response = client.get(URL, {"q": "   "})

    assert response.status_code == 200
    assert "Type a word or two to search everything the portal publishes" in response.text
    assert "<h1>Search</h1>" in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("a" * 201, "Keep your search to 200 characters or fewer (it has 201)."),
        ("otters\x00", "Your search has characters in it that cannot be searched for."),
        ("otters\x1b[2J", "Your search has characters in it that cannot be searched for."),
    ],
)
def test_a_query_too_long_or_with_control_characters_gets_a_message_not_a_search(client, query, message):
    """Seen to fail: with `SearchForm.clean_q` not refusing control characters (the escape sequence is searched)."""
    response = client.get(URL, {"q": query})

    assert response.status_code == 400
    assert message in response.text
    assert "Your search was not run" in response.text


def test_an_unknown_type_gets_a_message(client):
    response = client.get(URL, {"q": "otters", "type": "secrets"})

    assert response.status_code == 400
    assert "Choose a type of result from the list." in response.text


@pytest.mark.parametrize("query", ['"', '"unclosed', "a & b | !c (", "-", "'; drop table x; --", "<>", "😀 ∑ ¬"])
def test_a_query_with_search_syntax_or_symbols_gets_a_page(client, query):
    WardFactory(name="Bulwell")

    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.text


def test_the_query_is_echoed_escaped(client):
    response = client.get(URL, {"q": '<script>alert("x")</script>'})

    assert response.status_code == 200
    assert "<script>alert" not in response.text
    assert "“&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;”" in response.text


def test_results_can_be_narrowed_to_one_type_and_each_type_is_counted(client):
    NewsPostFactory(published=True, campaign=None, title="Bridge repairs", body="The bridge.")
    WardNewsFactory(published=True, title="Bridge ward news", body="The bridge.")
    WardFactory(name="Bridge")

    response = client.get(URL, {"q": "bridge", "type": "news"})

    assert response.status_code == 200
    assert ">Bridge repairs</a>" in response.text
    assert ">Bridge ward news</a>" in response.text
    assert '">Bridge</a>' not in response.text
    assert '<option value="news" selected>News (2)</option>' in response.text
    assert '<option value="wards">Wards (1)</option>' in response.text
    assert "2 results for “bridge” among news." in response.text


def test_results_are_paginated(client):
    NewsPostFactory.create_batch(23, published=True, campaign=None, body="Otters again.")

    first = client.get(URL, {"q": "otters"})
    second = client.get(URL, {"q": "otters", "page": 2})

    assert first.text.count('class="search-results__item"') == 20
    assert second.status_code == 200
    assert second.text.count('class="search-results__item"') == 3
    assert '<ol class="search-results" start="21">' in second.text


@pytest.mark.parametrize(("page", "last"), [("5", True), ("-1", True), ("last", False)])
def test_a_page_out_of_range_shows_the_last_and_one_not_a_number_the_first(client, page, last):
    """As Django's Paginator.get_page reads page numbers."""
    NewsPostFactory.create_batch(23, published=True, campaign=None, body="Otters again.")

    response = client.get(URL, {"q": "otters", "page": page})

    assert response.status_code == 200
    start = '<ol class="search-results" start="21">' if last else '<ol class="search-results" start="1">'
    assert start in response.text
    assert response.text.count('class="search-results__item"') == (3 if last else 20)


def test_a_page_of_results_comes_with_every_types_count_in_one_query(client, django_assert_num_queries):
    """Seen to fail: with the counts and the page as a query each (2)."""
    NewsPostFactory.create_batch(3, published=True, campaign=None, title="Otters", body="Otters again.")
    WardFactory(name="Otter Bridge")

    with django_assert_num_queries(1):
        response = client.get(URL, {"q": "otter", "type": "wards"})

    assert response.status_code == 200
    assert '<option value="news">News (3)</option>' in response.text
    assert ">Otter Bridge</a>" in response.text


def test_the_search_page_makes_as_many_queries_with_ten_times_the_results(client):
    def add_data(n):
        NewsPostFactory.create_batch(n, published=True, campaign=None, body="Otters again.")
        WardNewsFactory.create_batch(n, published=True, body="Otters in the ward.")

    count = assert_queries_do_not_grow(client, f"{URL}?q=otters", add_data=add_data)
    assert count <= 3


def test_a_misspelt_search_makes_as_many_queries_with_ten_times_the_data(client):
    def add_data(n):
        for _ in range(n):
            WardFactory(name=f"Bulwell {_}{n}")

    count = assert_queries_do_not_grow(client, f"{URL}?q=Bulwel", add_data=add_data)
    assert count <= 3
