"""The one CSV writer for every download: no text cell reaches a spreadsheet as a formula.

A spreadsheet program reads a cell that starts with `=`, `+`, `-` or `@` as a formula, and some read one
that starts with a tab or a carriage return the same way; a recipient named `=HYPERLINK(...)` would then
run when a resident opens the file. Following OWASP's guidance on CSV injection, such a cell is written
with a single quote in front (`'=HYPERLINK(...)`), which the spreadsheet shows as text; the `csv` module
quotes separators and quotes within cells as usual.

Numbers (`int`, `float`, `Decimal`) are written as they are, so `-3.50` stays a negative number a
spreadsheet can add up: a number the portal computed cannot carry a formula. Everything else is written
as its text and neutralised if it starts with one of those characters, so a text such as `-5 on last
year` arrives as `'-5 on last year`. A figure must therefore be passed as a number, not as formatted text.
"""

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_TYPES = (int, float, Decimal)


def spreadsheet_cell(value: Any) -> Any:
    """Return a cell's value as the writer sends it: a number or nothing as it is, text never as a formula."""
    if value is None or isinstance(value, NUMBER_TYPES):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


class SpreadsheetWriter:
    """A `csv.writer` whose text cells a spreadsheet cannot take for a formula."""

    def __init__(self, file, **fmtparams: Any) -> None:
        self._writer = csv.writer(file, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        """Write one row, each cell through `spreadsheet_cell`."""
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        """Write each row through `writerow`."""
        for row in rows:
            self.writerow(row)
