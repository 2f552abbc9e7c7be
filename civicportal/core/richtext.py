"""Rich text that authors write as plain text with a little Markdown, shown as HTML cut to an allow-list.

Authors never need HTML: a blank line starts a paragraph, `- ` starts a list item, `**bold**`,
`_emphasis_`, `## Heading` and `[words](https://…)` are all there is. Two layers keep markup out:
the stored text has any HTML tags removed, and what is rendered passes through nh3 with an allow-list.
"""

import re

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

HELP_TEXT = (
    "Plain text. Leave a blank line between paragraphs; start a line with '- ' for a list or '## ' for a "
    "heading; **bold**, _emphasis_ and [link text](https://example.org) also work. HTML is removed."
)

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "h2", "h3", "h4", "code", "pre", "hr"}
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

# CommonMark with raw HTML switched off, so markup typed by an author is shown as text, never run.
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


# Markdown's autolinks (<https://example.org>) look like tags; they become ordinary links first.
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^\s<>]+)>")


def clean_source(text: str) -> str:
    """Return the author's text with any HTML tags removed, as it is stored."""
    return strip_tags(_AUTOLINK.sub(r"[\1](\1)", text or "")).strip()


def sanitise_html(html: str) -> SafeString:
    """Return HTML cut down to the allow-list of tags, attributes and link schemes."""
    return mark_safe(  # noqa: S308 - nh3 has just removed everything outside the allow-list.
        nh3.clean(
            html,
            tags=set(ALLOWED_TAGS),
            attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
            url_schemes=set(ALLOWED_URL_SCHEMES),
            link_rel="noopener noreferrer",
        )
    )


def render(text: str) -> SafeString:
    """Render an author's text to safe HTML; headings start at h2 because a page has one h1."""
    html = _markdown.render(clean_source(text))
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return sanitise_html(html)
