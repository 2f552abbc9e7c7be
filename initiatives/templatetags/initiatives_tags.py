"""Template filters and tags of this app's pages: figures in their units."""

from django import template

from .. import units

register = template.Library()


@register.filter
def in_unit(value, unit):
    """Write a value in an indicator's unit: 85.5 with "percent" -> "85.5%"."""
    return units.format_in_unit(value, unit)


@register.filter
def change_in_unit(value, unit):
    """Write a change with its sign in an indicator's unit: "+4 percentage points"."""
    return units.format_change(value, unit)


@register.filter
def number(value):
    """Write a number for people: 1234.50 -> "1,234.5"."""
    return units.format_number(value)
