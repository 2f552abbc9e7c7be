"""Indicator values written for people in the indicator's unit: thousands separators, no needless decimals."""

from decimal import Decimal

from .models import Unit


def format_number(value) -> str:
    """Write a number with thousands separators and without trailing zeros: 1234.50 -> "1,234.5"."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if number == number.to_integral():
        return f"{number.to_integral():,}"
    return f"{number.normalize():,f}"


def format_in_unit(value, unit: str) -> str:
    """Write a value in an indicator's unit: "85.5%", "1,234", "12.3 per 1,000"."""
    if value is None or value == "":
        return ""
    number = format_number(value)
    if unit == Unit.PERCENT:
        return f"{number}%"
    if unit == Unit.RATE_PER_1000:
        return f"{number} per 1,000"
    if unit == Unit.RATE_PER_100000:
        return f"{number} per 100,000"
    return number


def format_change(value, unit: str) -> str:
    """Write a change with its sign, in percentage points for percentages: "+4 percentage points", "-120"."""
    if value is None:
        return ""
    sign = "+" if value > 0 else "\u2212" if value < 0 else ""
    number = format_number(abs(Decimal(str(value))))
    if unit == Unit.PERCENT:
        return f"{sign}{number} percentage point{'' if abs(value) == 1 else 's'}"
    return f"{sign}{format_in_unit(number.replace(',', ''), unit)}"
