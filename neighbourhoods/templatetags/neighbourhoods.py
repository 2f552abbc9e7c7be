"""Template tags of the neighbourhoods app: money for people, the wards for the "find your ward" form, and the
shared share block and corrections link for pages core's tags cannot yet serve."""

from urllib.parse import quote, urlencode

from django import template
from django.utils import timezone
from django.utils.text import slugify

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


# Core's {% share_block obj %} shares one object's page and its {% wrong_page title %} writes to the editors'
# mailbox. The locality page shows no one object, and a ward's pages send corrections to the ward team, so
# these two fill the same shared includes for them until core's tags take a title and a mailbox.


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_page(context, title):
    """Render the shared share block for the page being shown, which has no object of its own."""
    url = context["request"].build_absolute_uri()
    return {
        "url": url,
        "title": title,
        "email": "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        "links": [
            ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
            ("X (Twitter)", "https://twitter.com/intent/tweet?" + urlencode({"url": url, "text": title})),
            ("LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url})),
            ("WhatsApp", "https://wa.me/?" + urlencode({"text": f"{title} {url}"}, quote_via=quote)),
        ],
        "field_id": f"share-url-{slugify(title)}",
    }


@register.inclusion_tag("includes/wrong_page.html", takes_context=True)
def wrong_page_to(context, mailbox, title=""):
    """Render the shared "is something wrong with this page?" link, written to a team's mailbox."""
    subject = f"Something is wrong with {title or 'a page'}"
    body = f"Page: {context['request'].build_absolute_uri()}\n\nWhat is wrong:\n"
    return {
        "href": f"mailto:{mailbox}?" + urlencode({"subject": subject, "body": body}, quote_via=quote),
        "mailbox": mailbox,
    }
