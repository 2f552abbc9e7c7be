"""RFC 2369 list headers written as mail programs read them: URLs in angle brackets, never encoded-words.

Python's e-mail policies fold a header line longer than 78 characters, and a word too long to fold (a signed
unsubscribe URL) they write as RFC 2047 encoded-words (`=?utf-8?q?...`). Mail programs do not decode those in
List-Unsubscribe, so the one-click unsubscribe button of RFC 8058 would not appear. RFC 5322 allows lines of
998 characters; these headers break only between their URLs.
"""

import email.policy
from email.headerregistry import UnstructuredHeader

LIST_HEADERS = ("list-unsubscribe", "list-help", "list-subscribe", "list-archive")


class ListURLHeader(UnstructuredHeader):
    """A list header of comma-separated URLs in angle brackets, folded only at its commas."""

    def fold(self, *, policy):
        value = str(self)
        if not value.isascii():
            return super().fold(policy=policy)
        urls = [part.strip() for part in value.split(",")]
        return f"{self.name}: " + f",{policy.linesep} ".join(urls) + policy.linesep


def register() -> None:
    """Have every standard e-mail policy (they share one header registry) write list headers as URLs."""
    for name in LIST_HEADERS:
        email.policy.default.header_factory.map_to_type(name, ListURLHeader)
