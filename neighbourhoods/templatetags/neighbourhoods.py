"""Template tags of the neighbourhoods app: money for people, the wards for the "find your ward" form, and the
shared share block and corrections link for pages core's tags cannot yet serve."""

from django import template
from django.utils import timezone

from civicportal.core.money import format_pence

from ..models import Ward

register = template.Library()


@register.filter
def pence(value):
    """Show an amount of pence as pounds: 123456 becomes £1,234.56."""
    if value in (None, ""):
        return ""
    return format_pence(int(value))


@register.simple_tag
def ward_choices():
    """Return the wards' slugs and names, for the "find your ward" form on pages whose view does not pass them."""
    return list(Ward.objects.values_list("slug", "name"))


@register.filter
def clock(value):
    """Show a time as people write it in Britain: 5:30pm, or 5pm on the hour, in Nottingham time."""
    if not value:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    if local.hour == 12 and local.minute == 0:
        return "midday"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"
