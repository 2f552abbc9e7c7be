"""The shared CSV writer: a text cell a spreadsheet would read as a formula is written as text."""

import csv
import io
from decimal import Decimal

import pytest

from civicportal.core.spreadsheets import SpreadsheetWriter


def _written(*cells) -> str:
    buffer = io.StringIO()
    SpreadsheetWriter(buffer).writerow(cells)
    return buffer.getvalue()


def _read_back(*cells) -> list[str]:
    (row,) = csv.reader(io.StringIO(_written(*cells)))
    return row


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://x","y")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_text_starting_a_formula_gets_a_quote_in_front(text):
    """Seen to fail: with `spreadsheet_cell` returning the text as it came, every case read back unchanged."""
    assert _read_back(text) == [f"'{text}"]


def test_ordinary_text_is_unchanged():
    assert _read_back("Brownies", "Tea, biscuits and a hall", "a=b") == ["Brownies", "Tea, biscuits and a hall", "a=b"]


@pytest.mark.parametrize("number", [-3, Decimal("-2.50"), -1.5, 0, 450])
def test_a_number_stays_a_number_even_when_negative(number):
    """Seen to fail: with numbers sent through the text check, -3 came out as '-3."""
    assert _written(number) == f"{number}\r\n"


def test_nothing_is_an_empty_cell():
    assert _written("a", None, "b") == "a,,b\r\n"


def test_text_that_is_not_a_string_is_neutralised_too():
    """A lazy translation or other object is written as its text, so its text is what gets checked.

    Seen to fail: with `spreadsheet_cell` returning the text as it came, this read back as `=1+1`.
    """

    class Label:
        def __str__(self):
            return "=1+1"

    assert _read_back(Label()) == ["'=1+1"]


def test_writerows_neutralises_every_row():
    """Seen to fail: with `spreadsheet_cell` returning the text as it came, both rows read back unchanged."""
    buffer = io.StringIO()
    SpreadsheetWriter(buffer).writerows([["=1"], ["@2"]])

    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["'=1"], ["'@2"]]
