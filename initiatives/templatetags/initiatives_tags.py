"""Template filters and tags of this app's pages: figures in their units, the share block, the "wrong page" link."""

from urllib.parse import quote, urlencode

from django import template

from .. import numbers

register = template.Library()

CORRECTIONS_MAILBOX = "editors@civicportal.example"


@register.filter
def in_unit(value, unit):
    """Write a value in an indicator's unit: 85.5 with "percent" -> "85.5%"."""
    return numbers.format_in_unit(value, unit)


@register.filter
def change_in_unit(value, unit):
    """Write a change with its sign in an indicator's unit: "+4 percentage points"."""
    return numbers.format_change(value, unit)


@register.filter
def number(value):
    """Write a number for people: 1234.50 -> "1,234.5"."""
    return numbers.format_number(value)


@register.inclusion_tag("initiatives/includes/share.html", takes_context=True)
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


@register.inclusion_tag("initiatives/includes/wrong_page.html", takes_context=True)
def wrong_page(context, title=""):
    """A mailto link to the editors' role mailbox, naming the page that is wrong."""
    request = context["request"]
    subject = f"Something is wrong with {title or 'a page'}"
    body = f"Page: {request.build_absolute_uri()}\n\nWhat is wrong:\n"
    return {"href": f"mailto:{CORRECTIONS_MAILBOX}?" + urlencode({"subject": subject, "body": body}, quote_via=quote)}
