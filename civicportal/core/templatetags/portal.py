"""Template tags and filters for the shared ideas: rich text and images with renditions."""

from django import template
from django.utils.html import format_html, format_html_join

from .. import breadcrumbs, follows, images, richtext

register = template.Library()


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
