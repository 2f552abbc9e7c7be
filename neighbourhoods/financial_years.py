"""Financial years, 1 April to 31 March: which one a day falls in, its first and last days, and its name."""

import datetime

FIRST_MONTH = 4  # a council's financial year starts on 1 April


def financial_year_of(day: datetime.date) -> int:
    """Return the financial year a day falls in, named by the calendar year in which it starts."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of a financial year."""
    return datetime.date(year, FIRST_MONTH, 1), datetime.date(year + 1, FIRST_MONTH, 1) - datetime.timedelta(days=1)


def financial_year_label(year: int) -> str:
    """Return a financial year as people write it: 2016 is "2016/17"."""
    return f"{year}/{(year + 1) % 100:02d}"
