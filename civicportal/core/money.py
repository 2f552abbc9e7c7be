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


def pence_as_pounds_text(pence: int) -> str:
    """Return pence as the pounds a person would type: 1234 -> "12.34", 100000 -> "1000.00"."""
    return f"{Decimal(int(pence)) / 100:.2f}"


class PoundsInput(forms.TextInput):
    """A text box for pounds, with a £ before it that screen readers skip (the label says pounds)."""

    template_name = "core/widgets/pounds.html"

    def __init__(self, attrs=None):
        defaults = {"inputmode": "decimal", "autocomplete": "off", "spellcheck": "false", "class": "pounds-input__box"}
        super().__init__({**defaults, **(attrs or {})})


class PoundsField(forms.DecimalField):
    """Money typed in pounds ("£1,234.50", "250") and cleaned to whole pence (123450); never a float.

    Stored pence are shown as pounds with two figures of pence ("12.34"). The smallest amount is a penny unless
    `min_value` says otherwise (0 where nothing at all is a true answer).
    """

    widget = PoundsInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0.01"))
        minimum = kwargs["min_value"]
        messages = {
            "invalid": "Enter an amount in pounds and pence, such as 250 or 1,250.50.",
            "min_value": (
                "Enter an amount of £0 or more."
                if minimum is not None and minimum <= 0
                else "Enter an amount of at least £%(limit_value)s."
            ),
            "max_value": "Enter an amount of at most £%(limit_value)s.",
            "max_decimal_places": "Enter pence as two figures after the point, such as 12.50.",
            "max_digits": "Enter a smaller amount.",
            "max_whole_digits": "Enter a smaller amount.",
        }
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # Django's DecimalField would make the box a number input with a step; this one takes "£1,250.50".
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        return attrs

    def prepare_value(self, value):
        # A stored amount arrives as pence; show it as pounds.
        if isinstance(value, int) and not isinstance(value, bool):
            return pence_as_pounds_text(value)
        if isinstance(value, Decimal):
            return f"{value:.2f}"
        return value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("£", "", 1).replace(",", "").strip()
        return super().to_python(value)

    def clean(self, value):
        pounds = super().clean(value)
        return None if pounds is None else int(pounds * 100)

    def has_changed(self, initial, data):
        # `initial` is in pence (from the model) or pounds (from a form's initial); compare in pence.
        try:
            typed = self.clean(data) if data not in self.empty_values else None
        except forms.ValidationError:
            return True
        if isinstance(initial, Decimal):
            initial = int(initial * 100)
        return initial != typed
