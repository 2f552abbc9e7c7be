"""Run site-wide search on SQLite, as the demo does, and print what it found as JSON (tests/core/test_search_sqlite.py).

Run in its own process, because the suite's database is PostgreSQL: `DATABASE_URL=sqlite://:memory:`
and the test settings. It migrates the empty database as `make run` does, writes a few rows through the
factories (whose saves index them), and asks the search's fallback and the search page each query.
"""

import json
import os
import sys

sys.path.insert(0, os.getcwd())

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from civicportal.core import search  # noqa: E402
from tests.campaigns.factories import CampaignFactory, MembershipFactory, NewsPostFactory  # noqa: E402
from tests.core.factories import OrganisationFactory  # noqa: E402

QUERIES = ["fouling", "LIVING wage", "wage sanctuary", "Secret", "Karimia", "Karimia Instiute", "<b>wage</b>", ""]


def main() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    CampaignFactory(published=True, title="Living wage", summary="A fair wage for every worker.", body="")
    NewsPostFactory(
        published=True,
        title="Streets kept clean",
        summary="A ward tidies up.",
        body="<p>Less dog fouling in the park.</p>",
    )
    NewsPostFactory(published=True, title="A sanctuary city", summary="Welcome.", body="<p>A living wage for all.</p>")
    NewsPostFactory(title="Secret draft", summary="Not yet.", body="<p>Secret plans.</p>")
    MembershipFactory(organisation=OrganisationFactory(name="Karimia Institute", slug="karimia-institute"))
    answers = {}
    for text in QUERIES:
        results = search.Results(text)
        answers[text] = {
            "total": results.total,
            "facets": {facet.kind: facet.count for facet in results.facets},
            "hits": [{"title": hit.title, "kind": hit.kind, "snippet": str(hit.snippet)} for hit in results[0:10]],
        }
    answers["campaigns only"] = [hit.title for hit in search.Results("wage", kind="campaigns")[0:10]]
    page = Client().get("/search/", {"q": "fouling"})
    answers["page"] = {"status": page.status_code, "text": page.content.decode()}
    hostile = Client().get("/search/", {"q": "<script>alert(1)</script>"})
    answers["hostile page"] = {"status": hostile.status_code, "text": hostile.content.decode()}
    print(json.dumps({"vendor": connection.vendor, "answers": answers}))


if __name__ == "__main__":
    main()
