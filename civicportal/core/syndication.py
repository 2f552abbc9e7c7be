"""The Atom feed every app serves: entry summaries go out as plain text, never as HTML.

Django's `Atom1Feed` writes an item's description as `<summary type="html">`, which tells a feed reader to
parse it as markup. The portal's summaries are plain text that anyone with an editor's role types; sent as
HTML, `<img src=x onerror=...>` in a summary would run in the reader. As `type="text"` the reader shows
the characters, escaped by the XML writer like any other text.
"""

from django.utils.feedgenerator import Atom1Feed


class PlainTextAtomFeed(Atom1Feed):
    """An Atom feed whose entry summaries are `type="text"`."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        # Atom does not order an entry's children, so the summary may follow the rest.
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
