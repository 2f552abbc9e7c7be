"""An indicator's values as CSV: text cells never reach a spreadsheet as formulas, numbers stay numbers."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.initiatives.factories import IndicatorFactory, IndicatorValueFactory

pytestmark = pytest.mark.django_db


def _rows(client, indicator):
    response = client.get(reverse("initiatives:indicator_csv", kwargs={"slug": indicator.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_csv_neutralises_text_a_spreadsheet_would_run(client):
    """Seen to fail: with `csv.writer` back in `indicator_csv`, the title and note came out as formulas."""
    indicator = IndicatorFactory(title='=HYPERLINK("http://x","y")')
    IndicatorValueFactory(indicator=indicator, note="@SUM(A1)")

    (row,) = _rows(client, indicator)

    assert row["indicator"] == '\'=HYPERLINK("http://x","y")'
    assert row["note"] == "'@SUM(A1)"


def test_csv_keeps_a_negative_value_a_number(client):
    """Seen to fail: with numbers sent through the text check in the writer, the value came out as '-3.50."""
    indicator = IndicatorFactory()
    IndicatorValueFactory(indicator=indicator, value=Decimal("-3.50"), base_size=120)

    (row,) = _rows(client, indicator)

    assert row["value"] == "-3.50"
    assert row["base_size"] == "120"
