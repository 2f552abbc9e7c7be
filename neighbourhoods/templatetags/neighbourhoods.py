"""Template tags of the neighbourhoods app: money for people, the typed "find your ward" form, and the
shared share block and corrections link for pages core's tags cannot yet serve."""

from django import template
from django.utils import timezone

from civicportal.core.money import format_pence

from ..filters import WardFilter

register = template.Library()


@register.filter
def pence(value):
    """Show an amount of pence as pounds: 123456 becomes £1,234.56."""
    if value in (None, ""):
        return ""
    return format_pence(int(value))


@register.inclusion_tag("neighbourhoods/includes/ward_finder.html")
def ward_finder(*, heading_level: int = 2):
    """Render the typed ward finder: the ward list's name-or-postcode box, sent to the finder view (no query)."""
    form = WardFilter().form
    form.auto_id = "ward-finder-%s"
    field = form["name"]
    hint_id = f"{field.id_for_label}-hint"
    form.fields["name"].widget.attrs |= {"class": "form-control", "aria-describedby": hint_id}
    return {"field": field, "hint_id": hint_id, "heading_level": heading_level}


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
