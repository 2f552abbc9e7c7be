"""Money, which the portal keeps as whole pence: shown to people as pounds, typed by them in pounds."""

from decimal import Decimal

from django import forms


def format_pence(pence: int | None) -> str:
    """Return an amount of pence as pounds for people: £1,234.56, or £1,234 when there are no pence."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(int(pence)), 100)
    return f"{sign}£{pounds:,}" if rest == 0 else f"{sign}£{pounds:,}.{rest:02d}"


class PoundsField(forms.DecimalField):
    """Money typed in pounds ("£1,234.50", "250") and cleaned to whole pence (123450); never a float."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        kwargs.setdefault(
            "error_messages",
            {
                "invalid": "Enter an amount in pounds, such as 250 or 1,250.50.",
                "min_value": "Enter an amount of at least £%(limit_value)s.",
                "max_decimal_places": "Enter pence as two figures after the point, such as 12.50.",
            },
        )
        super().__init__(**kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false"})

    def prepare_value(self, value):
        # A stored amount arrives as pence; show it as pounds.
        if isinstance(value, int):
            return f"{Decimal(value) / 100:.2f}"
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removeprefix("£").replace(",", "").strip()
        return super().to_python(value)

    def clean(self, value):
        pounds = super().clean(value)
        return None if pounds is None else int(pounds * 100)
