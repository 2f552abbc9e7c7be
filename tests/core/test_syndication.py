"""The Atom feed every app serves sends entry summaries as plain text."""

import xml.etree.ElementTree as ET

from civicportal.core.syndication import PlainTextAtomFeed

ATOM = "{http://www.w3.org/2005/Atom}"
MARKUP = "<img src=x onerror=alert(1)>"


def _feed_with_summary(summary: str) -> str:
    feed = PlainTextAtomFeed(title="Ward news", link="https://example.org/", description="")
    feed.add_item(title="Alley gates", link="https://example.org/gates/", description=summary)
    return feed.writeString("utf-8")


def test_summary_is_plain_text_with_markup_escaped():
    """Seen to fail: with `add_item_elements` removed, the summary came out as `type="html"`."""
    xml = _feed_with_summary(MARKUP)

    assert '<summary type="text">&lt;img src=x onerror=alert(1)&gt;</summary>' in xml
    assert 'type="html"' not in xml
    (summary,) = ET.fromstring(xml).iter(f"{ATOM}summary")  # noqa: S314 - built above
    assert summary.text == MARKUP


def test_entry_keeps_its_other_elements():
    root = ET.fromstring(_feed_with_summary("The gates are in."))  # noqa: S314 - built above

    (entry,) = root.iter(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Alley gates"
    assert entry.find(f"{ATOM}link").get("href") == "https://example.org/gates/"
    assert entry.find(f"{ATOM}id") is not None
    assert len(entry.findall(f"{ATOM}summary")) == 1


def test_entry_without_a_summary_has_no_summary_element():
    feed = PlainTextAtomFeed(title="Ward news", link="https://example.org/", description="")
    feed.add_item(title="Alley gates", link="https://example.org/gates/", description=None)

    assert "<summary" not in feed.writeString("utf-8")
