"""Template filters and tags of the alliance's pages: money in pounds, the share block, the "wrong page" link."""

from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse

from ..models import AskStatus

register = template.Library()

CORRECTIONS_MAILBOX = "editors@civicportal.example"


@register.filter
def pounds(pence):
    """Write a whole number of pence as pounds: 194735000 -> "£1,947,350", 745 -> "£7.45"."""
    if pence is None or pence == "":
        return ""
    whole, part = divmod(int(pence), 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


@register.filter
def count_of(number, more_than=False):
    """Write a count with thousands separators, with "more than" when the source says so."""
    if number is None:
        return ""
    return f"{'more than ' if more_than else ''}{int(number):,}"


@register.inclusion_tag("campaigns/includes/share.html", takes_context=True)
def share_block(context, obj):
    """Plain links that share a page by e-mail or on social sites, with no third-party script."""
    url = context["request"].build_absolute_uri(obj.get_absolute_url())
    title = str(obj)
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
        "field_id": f"share-url-{obj._meta.model_name}-{obj.pk}",
    }


@register.inclusion_tag("campaigns/includes/wrong_page.html", takes_context=True)
def wrong_page(context, title=""):
    """A mailto link to the editors' role mailbox, naming the page that is wrong."""
    request = context["request"]
    subject = f"Something is wrong with {title or 'a page'}"
    body = f"Page: {request.build_absolute_uri()}\n\nWhat is wrong:\n"
    return {"href": f"mailto:{CORRECTIONS_MAILBOX}?" + urlencode({"subject": subject, "body": body}, quote_via=quote)}


@register.filter
def ask_status_label(value):
    """Return the words for an ask's worked-out status value."""
    return AskStatus(value).label if value else ""


@register.filter
def get_count(counts, key):
    """Return the count for a key of a dict of counts, 0 when it is missing."""
    return counts.get(key, 0)


@register.inclusion_tag("campaigns/includes/calendar_links.html", takes_context=True)
def calendar_links(context):
    """Offer the upcoming actions as a calendar subscription (webcal) and as a file to download."""
    url = context["request"].build_absolute_uri(reverse("campaigns:calendar"))
    return {"path": reverse("campaigns:calendar"), "webcal": "webcal://" + url.split("://", 1)[1]}
