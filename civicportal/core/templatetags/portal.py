"""Template tags and filters for the shared ideas: rich text, images, following, sharing and corrections."""

from urllib.parse import quote, urlencode

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify

from .. import breadcrumbs, feedback, follows, images, richtext, widgets
from ..outbox import absolute_url

register = template.Library()


class CaptureNode(template.Node):
    # The contents stay in `nodelist`, where {% extends %} looks for blocks, so a child's block still
    # overrides one written inside {% capture %}.
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        context[self.name] = self.nodelist.render(context)
        return ""


@register.tag
def capture(parser, token):
    """Render the contents once into a variable: `{% capture as page_title %}{% block title %}...{% endcapture %}`.

    The layout uses it to write a page's title and description into several <meta> elements from one block.
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Write {% capture as name %}...{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.filter
def absolute(url):
    """Return a path on the portal as a full address at SITE_URL; a full address is left as it is."""
    return absolute_url(str(url))


@register.filter
def rich(text):
    """Render an author's rich text as sanitised HTML."""
    return richtext.render(text)


@register.simple_tag
def image(field_file, alt, *, width=None, height=None, sizes="100vw", css_class="img-fluid"):
    """Render an <img> with its WebP renditions in srcset; `width`/`height` are the stored dimensions."""
    if not field_file:
        return ""
    srcset = format_html_join(
        ", ",
        "{} {}w",
        (
            (field_file.storage.url(images.rendition_name(field_file.name, w)), w)
            for w in images.rendition_widths(width or 0)
        ),
    )
    return format_html(
        '<img src="{}" alt="{}"{}{}{} class="{}" loading="lazy" decoding="async">',
        field_file.url,
        alt,
        format_html(' width="{}" height="{}"', width, height) if width and height else "",
        format_html(' srcset="{}"', srcset) if srcset else "",
        format_html(' sizes="{}"', sizes) if srcset else "",
        css_class,
    )


@register.simple_tag
def trail(*titles):
    """Return a breadcrumb trail from home to a page that has no view of its own to build one."""
    return breadcrumbs.trail(*((title, None) for title in titles))


@register.simple_tag
def follow_reference(target):
    """Return the signed reference the follow form carries for its target."""
    return follows.target_reference(target)


@register.simple_tag
def select_options(widget):
    """A select's options, written in one pass (`civicportal.core.widgets`); used by the select template."""
    return widgets.select_options(widget)


@register.simple_tag
def page_numbers(page_obj):
    """Return the page numbers a list's pagination links to: the first and last, and two either side of the
    current one, with `None` where numbers are left out (GOV.UK's pattern). A list of 1,000 pages gets about
    nine links rather than a thousand."""
    paginator = page_obj.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]


@register.inclusion_tag("includes/share.html", takes_context=True)
def share_block(context, obj=None, title=""):
    """Plain links that share a page by e-mail or on social sites, with no third-party script.

    Shares `obj`'s page; without an object (a page that shows no one thing), the page being shown, by `title`.
    """
    if obj is not None:
        url = context["request"].build_absolute_uri(obj.get_absolute_url())
        title = title or str(obj)
        field_id = f"share-url-{obj._meta.model_name}-{obj.pk}"
    else:
        url = context["request"].build_absolute_uri()
        field_id = f"share-url-{slugify(title) or 'page'}"
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
        "field_id": field_id,
    }


# The render-context key by which a page's own link keeps the footer from adding a second.
_WRONG_PAGE_SHOWN = "core.wrong_page_shown"


@register.inclusion_tag("includes/wrong_page.html", takes_context=True)
def wrong_page(context, title="", mailbox="", footer=False):
    """The link to the form that reports what is wrong with this page, to `mailbox` (a ward team's) or the editors.

    With `footer=True` (the layout's footer) it renders only when the page has not shown its own link above.
    """
    request = context.get("request")
    if request is None or (footer and (context.render_context.get(_WRONG_PAGE_SHOWN) or _is_feedback_page(request))):
        return {"href": ""}
    context.render_context[_WRONG_PAGE_SHOWN] = True
    return {
        "href": feedback.feedback_url(path=request.path, title=str(title), mailbox=mailbox),
        "mailbox": mailbox,
        "footer": footer,
    }


def _is_feedback_page(request) -> bool:
    return request.path.startswith(reverse("core:feedback"))
