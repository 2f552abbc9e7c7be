"""Template tags of the neighbourhoods app: money for people, and the wards for the "find your ward" form."""

from django import template

from .. import periods
from ..models import Ward

register = template.Library()


@register.filter
def pence(value):
    """Show an amount of pence as pounds: 123456 becomes £1,234.56."""
    if value in (None, ""):
        return ""
    return periods.format_pence(int(value))


@register.simple_tag
def ward_choices():
    """Return the wards' slugs and names, for the "find your ward" form on pages whose view does not pass them."""
    return list(Ward.objects.values_list("slug", "name"))
