"""Random hostile input to every public list and every form a resident can send: never a 500, never echoed raw.

Hypothesis makes the input: text from all of Unicode, NUL and other control characters, bytes that are not
UTF-8 (a lone surrogate's encoding among them), numbers too big for any column, unknown choices, 10,000
characters, and markup. Lists get it in their filters, `?page=` and parameters no page reads; forms get it in
every field. The profile is derandomised (the same examples every run), with a modest number of examples and
no deadline (time is not what is tested). Each example runs in a savepoint that is rolled back and with the
cache cleared, so nothing one example saves or counts (a subscription, a reaction, a rate limit) reaches the
next; the data the pages show is made once per test, outside the examples.

Seen to fail, each protection switched off in turn: with the validators of `QueryTextField` cleared (Django's
NUL check with them), the ward finder's examples raised DataError ("PostgreSQL text fields cannot contain NUL");
with `page_of` handing `?page=` raw to `Paginator.page`, 23 of the 50 tests failed (`int(" ")`, `int("\\x00")`);
with `{{ request.GET.name|safe }}` put in the ward list's heading, "'<script>alert(1)</script>' is echoed raw".
"""

from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import Reaction
from civicportal.core import follows
from civicportal.core.models import Subscription
from neighbourhoods.models import Event
from tests.campaigns.factories import (
    AchievementFactory,
    ActionFactory,
    AskFactory,
    CampaignFactory,
    MembershipFactory,
    NewsPostFactory,
    ResearchFactory,
    TrainingCourseFactory,
)
from tests.core.factories import PageFactory, UserFactory
from tests.initiatives.factories import CaseStudyFactory, IndicatorFactory, InitiativeFactory, ProjectFactory
from tests.neighbourhoods.factories import (
    AllocationFactory,
    EventFactory,
    LocalCampaignFactory,
    SurveyResultFactory,
    WardBudgetFactory,
)
from tests.test_list_filters import LISTS

pytestmark = pytest.mark.django_db

settings.register_profile(
    "civicportal-fuzz",
    derandomize=True,
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FUZZ = settings.get_profile("civicportal-fuzz")

# Markup a page must never carry as it was sent; each is looked for in every response.
MARKUP = ["<script>alert(1)</script>", '"><svg onload=alert(1)>', "<img src=x onerror=alert(1)>"]
# Names no page reads, and the names the brief lists; a page must ignore the ones it does not know.
EXTRA_PARAMETERS = ["page", "sort", "search", "q", "year", "ward", "type", "month", "target", "o", "ordering"]

_awkward = st.sampled_from(
    [
        "",
        " ",
        "\x00",
        "a\x00b",
        "\x1b[31m",
        "\r\n",
        "\u202e",
        "\ufeff",
        "0",
        "-1",
        "1.5",
        "1e30",
        "1e999999999",
        "NaN",
        "Infinity",
        str(10**30),
        str(-(10**30)),
        "9" * 5000,
        "x" * 10_000,
        "\uff12\uff10\uff12\uff16",  # 2026 in full-width digits, which int() reads
        "city-wide",
        "upcoming",
        *MARKUP,
    ]
)
hostile_text = st.one_of(
    _awkward,
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Nd"]), max_size=20),
    st.integers().map(str),
    st.builds(lambda before, markup: before + markup, st.text(max_size=5), st.sampled_from(MARKUP)),
)


def _query_names(filterset) -> list[str]:
    return [*filterset.base_filters, *EXTRA_PARAMETERS]


def _choices(filterset_class, name) -> list[str]:
    """Return the values a list's own form offers for a filter, so that examples mix good values with bad."""
    # The event filter names no model: its view hands it the events.
    filterset = filterset_class() if filterset_class._meta.model else filterset_class(queryset=Event.objects.all())
    field = filterset.form.fields.get(name)
    return [str(value) for value, _ in getattr(field, "choices", []) if value not in ("", None)]


def _assert_answered(response, sent: list[str]) -> None:
    assert response.status_code < 500, response.status_code
    text = response.content.decode("utf-8", "replace")
    for markup in MARKUP:
        assert not (any(markup in value for value in sent) and markup in text), f"{markup!r} is echoed raw"


def _isolated(send):
    """Run one example in a savepoint that is rolled back, with the rate limits' counts cleared around it."""
    cache.clear()
    try:
        with transaction.atomic():
            send()
            transaction.set_rollback(True)
    finally:
        cache.clear()


@pytest.fixture
def content(db):
    """A little of everything the lists show and filter by, so that filters and pages have something to do."""
    campaign = CampaignFactory(published=True, slug="living-wage")
    MembershipFactory()
    ActionFactory(campaign=campaign)
    AskFactory(campaign=campaign)
    AchievementFactory(campaign=campaign)
    post = NewsPostFactory(published=True, campaign=campaign, slug="news")
    ResearchFactory()
    TrainingCourseFactory()
    budget = WardBudgetFactory(year=2026)
    AllocationFactory(budget=budget)
    EventFactory(ward=budget.ward, published=True)
    LocalCampaignFactory(ward=budget.ward, published=True)
    SurveyResultFactory(ward=budget.ward)
    ProjectFactory()
    IndicatorFactory()
    InitiativeFactory(slug="hostile", published=True)
    CaseStudyFactory(published=True)
    return {"post": post, "page": PageFactory(published=True), "ward": budget.ward}


LIST_CASES = [pytest.param(address, filterset, id=address) for address, filterset, _ in LISTS]
OTHER_PAGES = {
    "/": [],
    "/alliance/": [],
    "/alliance/training/": [],
    "/neighbourhoods/": [],
    "/neighbourhoods/budgets/": ["year"],
    "/neighbourhoods/satisfaction/": ["ward"],
    "/neighbourhoods/wards/find/": ["ward", "name"],
    "/initiatives/": [],
    "/follow/": ["target"],
    "/follow/sent/": ["target"],
    "/accounts/login/": ["next"],
    "/accounts/password_reset/": [],
}


@pytest.mark.parametrize(("address", "filterset"), LIST_CASES)
def test_a_list_answers_any_query_without_a_500(content, address, filterset):
    """Every list, sent random values in its filters, `?page=` and names it does not read."""
    names = _query_names(filterset)
    good = {name: _choices(filterset, name) for name in filterset.base_filters}
    value_for = {
        name: st.one_of(hostile_text, st.sampled_from(good[name])) if good.get(name) else hostile_text for name in names
    }
    query = st.sampled_from(names).flatmap(lambda name: st.tuples(st.just(name), value_for[name]))

    @FUZZ
    @given(st.lists(query, min_size=1, max_size=4))
    def check(pairs):
        url = f"{address}?{urlencode(pairs)}"
        _isolated(lambda: _assert_answered(Client().get(url), [value for _, value in pairs]))

    check()


@pytest.mark.parametrize("address", list(OTHER_PAGES))
def test_a_page_answers_any_query_without_a_500(content, address):
    """The pages outside the lists that read a parameter (a year, a ward, a follow target, where to go next)."""
    names = [*OTHER_PAGES[address], *EXTRA_PARAMETERS]

    @FUZZ
    @given(st.dictionaries(st.sampled_from(names), hostile_text, min_size=1, max_size=4))
    def check(query):
        _isolated(lambda: _assert_answered(Client().get(address, query), list(query.values())))

    check()


@pytest.mark.parametrize("address", [address for address, _, _ in LISTS[:8]] + list(OTHER_PAGES)[:8])
def test_a_page_answers_bytes_that_are_not_utf8_without_a_500(content, address):
    """Raw bytes in a query string, as a hand-made request sends them: a lone surrogate's encoding, 0xFF, NUL."""
    names = [*OTHER_PAGES.get(address, []), "page", "ward", "name", "year", "kind", "campaign"]
    raw = st.one_of(st.binary(max_size=30), st.sampled_from([b"\xed\xa0\x80", b"\xff\xfe", b"\xc0\x80", b"\x00"]))

    @FUZZ
    @given(st.sampled_from(names), raw)
    def check(name, value):
        query = f"{name}={quote_from_bytes(value)}"
        _isolated(lambda: _assert_answered(Client().get(f"{address}?{query}"), []))

    check()


def _post(address, data):
    return Client().post(address, data)


def test_the_follow_form_answers_any_input_without_a_500(content):
    """Following by e-mail: any address, any target (a real signed one, one tampered with, nonsense)."""
    reference = follows.target_reference(content["page"])
    targets = st.one_of(st.just(reference), hostile_text, hostile_text.map(lambda text: reference + text))

    @FUZZ
    @given(st.fixed_dictionaries({"email": st.one_of(st.emails(), hostile_text), "target": targets}))
    def check(data):
        _isolated(lambda: _assert_answered(_post("/follow/", data), list(data.values())))

    check()
    assert not Subscription.objects.exists(), "an example's subscription outlived its savepoint"


def test_reacting_to_news_answers_any_input_without_a_500(content):
    """Reacting to a news post: any kind, one that exists among them."""
    kinds = st.one_of(st.sampled_from(["support", "solidarity", "celebrate", "thanks"]), hostile_text)

    @FUZZ
    @given(st.dictionaries(st.sampled_from(["kind", "post", "csrfmiddlewaretoken"]), kinds, max_size=3))
    def check(data):
        _isolated(lambda: _assert_answered(_post("/alliance/news/news/react/", data), list(data.values())))

    check()
    assert not Reaction.objects.exists(), "an example's reaction outlived its savepoint"


def test_signing_in_answers_any_input_without_a_500(content):
    """The sign-in form, and where it sends people next."""
    UserFactory(username="officer")

    @FUZZ
    @given(
        st.fixed_dictionaries(
            {"username": st.one_of(st.just("officer"), hostile_text), "password": hostile_text},
            optional={"next": hostile_text},
        )
    )
    def check(data):
        _isolated(lambda: _assert_answered(_post("/accounts/login/", data), list(data.values())))

    check()


def test_password_reset_answers_any_input_without_a_500(content):
    """Asking for a password reset: any address, one that belongs to an account among them."""
    UserFactory(email="officer@civicportal.example")
    emails = st.one_of(st.just("officer@civicportal.example"), st.emails(), hostile_text)

    @FUZZ
    @given(st.fixed_dictionaries({"email": emails}))
    def check(data):
        _isolated(lambda: _assert_answered(_post("/accounts/password_reset/", data), list(data.values())))

    check()


def test_links_with_a_token_answer_any_token_without_a_500(content):
    """The links in e-mails (confirm a subscription, stop e-mails, set a new password), sent any token."""
    tokens = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="/?#%"), min_size=1, max_size=60)
    addresses = [
        "/follow/confirm/{}/",
        "/follow/stop/{}/",
        "/accounts/reset/{}/set-password/",
        "/accounts/reset/MQ/{}/",
    ]

    @FUZZ
    @given(st.sampled_from(addresses), tokens, st.booleans())
    def check(address, token, post):
        url = address.format(quote_from_bytes(token.encode()))
        client = Client()
        _isolated(lambda: _assert_answered(client.post(url) if post else client.get(url), [token]))

    check()


def test_the_ward_finder_answers_any_input_without_a_500(content):
    """The home page's "find your ward" form, sent as a browser sends it and as a script might."""

    @FUZZ
    @given(st.dictionaries(st.sampled_from(["ward", "name"]), st.one_of(st.just(content["ward"].slug), hostile_text)))
    def check(query):
        url = "/neighbourhoods/wards/find/?" + urlencode(query)
        _isolated(lambda: _assert_answered(Client().get(url), list(query.values())))

    check()


# The parameters that pages outside the lists read, each through a form of its own.


@pytest.mark.parametrize("year", ["abc", "2019", "1" * 5000, "a\x00b"])
def test_the_budget_comparison_ignores_a_year_it_has_no_budgets_for(client, year):
    """Seen to fail before `BudgetYearForm`: ?year=abc and 5,000 digits answered 404, ?year=2019 showed an empty
    2019/20 comparison, and the NUL byte 404 as well."""
    WardBudgetFactory(year=2026)
    WardBudgetFactory(year=2025)

    response = client.get("/neighbourhoods/budgets/", {"year": year})

    assert response.status_code == 200
    assert '<h2 id="year-heading">2026/27</h2>' in response.text


def test_the_budget_comparison_shows_the_year_asked_for(client):
    WardBudgetFactory(year=2026)
    WardBudgetFactory(year=2025)

    response = client.get("/neighbourhoods/budgets/", {"year": "2025"})

    assert '<h2 id="year-heading">2025/26</h2>' in response.text


@pytest.mark.parametrize("ward", ["atlantis", "a\x00b", "x" * 10_000])
def test_the_satisfaction_page_ignores_a_ward_without_figures(client, ward):
    """Never seen to fail: the old lookup compared slugs and found nothing as well; this keeps it so."""
    SurveyResultFactory()
    SurveyResultFactory(ward=WardBudgetFactory().ward)

    response = client.get("/neighbourhoods/satisfaction/", {"ward": ward})

    assert response.status_code == 200
    assert '<th scope="col">Nottingham</th></tr>' in response.text
    assert " selected>" not in response.text


def test_the_satisfaction_page_compares_the_ward_asked_for(client):
    ward = WardBudgetFactory().ward
    SurveyResultFactory()
    SurveyResultFactory(ward=ward)

    response = client.get("/neighbourhoods/satisfaction/", {"ward": ward.slug})

    assert f'<option value="{ward.slug}" selected>' in response.text
    assert f'<th scope="col">{ward.name}</th>' in response.text


@pytest.mark.parametrize("page", ["abc", "-1", "0", "\x00", "9" * 5000, " "])
def test_a_list_shows_its_first_page_for_a_page_that_is_not_a_number(client, page):
    """Seen to fail with `page_of` handing the value to `Paginator.page`: ValueError, a 500."""
    for _ in range(25):
        TrainingCourseFactory()

    response = client.get("/alliance/training/", {"page": page})

    assert response.status_code == 200
    assert '<span class="visually-hidden">Page </span>1</span>' in response.text


def test_a_list_shows_its_last_page_for_a_page_past_the_end(client):
    for _ in range(25):
        TrainingCourseFactory()

    response = client.get("/alliance/training/", {"page": str(10**30)})

    assert response.status_code == 200
    assert '<span class="visually-hidden">Page </span>2</span>' in response.text
