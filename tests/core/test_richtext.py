"""Rich text: authors' Markdown renders, and markup or scripts they type never reach a page."""

import re

import pytest

from civicportal.core import richtext
from civicportal.core.models import Page
from tests.core.factories import PageFactory

HOSTILE_BODY = (
    "Before the script.\n\n"
    "<script>alert('script')</script>\n\n"
    '<img src="x" onerror="alert(\'image\')">\n\n'
    "[Click me](javascript:alert('link'))\n\n"
    "After the script."
)


def _main_content(response) -> str:
    """Return the page's <main> element, where an author's text is shown."""
    match = re.search(r"<main\b.*?</main>", response.text, flags=re.DOTALL)
    assert match, "the page has no <main> element"
    return match.group(0)


# Through a published page


@pytest.mark.django_db
def test_script_typed_in_a_page_body_never_reaches_the_page(client):
    page = PageFactory(published=True, body=HOSTILE_BODY)

    response = client.get(f"/pages/{page.slug}/")

    assert response.status_code == 200
    assert b"<script" not in response.content
    assert "Before the script." in response.text
    assert "After the script." in response.text


@pytest.mark.django_db
def test_event_handler_typed_in_a_page_body_never_reaches_the_page(client):
    page = PageFactory(published=True, body=HOSTILE_BODY)

    response = client.get(f"/pages/{page.slug}/")

    assert response.status_code == 200
    assert "Before the script." in response.text
    assert b"onerror" not in response.content
    assert b"<img" not in response.content


@pytest.mark.django_db
def test_javascript_link_in_a_page_body_is_not_a_link(client):
    page = PageFactory(published=True, body=HOSTILE_BODY)

    response = client.get(f"/pages/{page.slug}/")

    assert response.status_code == 200
    assert "Click me" in response.text
    assert not re.search(rb"href\s*=\s*[\"']?\s*javascript:", response.content, flags=re.IGNORECASE)


@pytest.mark.django_db
def test_markup_stored_without_the_field_s_cleaning_is_still_not_rendered(client):
    # A row written with .update() skips RichTextField.pre_save, so only the rendering protects the page.
    page = PageFactory(published=True)
    Page.objects.filter(pk=page.pk).update(
        body='<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n<a href="javascript:alert(3)">go</a>'
    )

    response = client.get(f"/pages/{page.slug}/")

    assert response.status_code == 200
    assert page.title in response.text
    assert b"<script" not in response.content
    assert not re.search(rb"<img[^>]*onerror", response.content, flags=re.IGNORECASE)
    assert not re.search(rb"href\s*=\s*[\"']?\s*javascript:", response.content, flags=re.IGNORECASE)


@pytest.mark.django_db
def test_markdown_list_bold_and_link_render_on_the_page(client):
    body = "Some **strong words** here.\n\n- first item\n- second item\n\nRead [the council's site](https://www.nottinghamcity.gov.uk/)."
    page = PageFactory(published=True, body=body)

    main = _main_content(client.get(f"/pages/{page.slug}/"))

    assert "<strong>strong words</strong>" in main
    assert re.search(r"<ul>\s*<li>first item</li>\s*<li>second item</li>\s*</ul>", main)
    assert re.search(r'<a href="https://www.nottinghamcity.gov.uk/"[^>]*>the council(\'|&#x27;|&#39;)s site</a>', main)


@pytest.mark.django_db
def test_heading_in_a_page_body_becomes_h2_so_the_page_keeps_one_h1(client):
    page = PageFactory(published=True, title="The title", body="# A heading the author wrote\n\nText.")

    response = client.get(f"/pages/{page.slug}/")

    assert "<h2>A heading the author wrote</h2>" in response.text
    assert response.text.count("<h1") == 1


@pytest.mark.django_db
def test_page_body_is_stored_with_tags_removed():
    page = PageFactory(body="<p>Hello <b>there</b></p><script>alert(1)</script>\n\n- a list item")
    page.refresh_from_db()

    assert "<" not in page.body
    assert page.body.startswith("Hello there")
    assert "- a list item" in page.body


# richtext.clean_source


def test_clean_source_removes_tags_and_keeps_their_text():
    assert richtext.clean_source("<em>Hello</em> <a href='https://example.org'>world</a>") == "Hello world"


def test_clean_source_keeps_markdown():
    source = "## Heading\n\n- **one**\n- [two](https://example.org)"

    assert richtext.clean_source(source) == source


def test_clean_source_turns_nothing_into_an_empty_string():
    assert richtext.clean_source(None) == ""
    assert richtext.clean_source("  \n ") == ""


# richtext.render


def test_render_makes_paragraphs_from_blank_lines():
    assert richtext.render("One.\n\nTwo.") == "<p>One.</p>\n<p>Two.</p>\n"


def test_render_makes_a_list():
    assert richtext.render("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n"


def test_render_makes_bold_and_emphasis():
    assert richtext.render("**bold** and _soft_") == "<p><strong>bold</strong> and <em>soft</em></p>\n"


def test_render_makes_a_link_that_opens_no_window_handle():
    html = richtext.render("[words](https://example.org/a)")

    assert html == '<p><a href="https://example.org/a" rel="noopener noreferrer">words</a></p>\n'


def test_render_turns_h1_into_h2():
    assert richtext.render("# Title") == "<h2>Title</h2>\n"


def test_render_keeps_h2_and_h3():
    assert richtext.render("## Two\n\n### Three") == "<h2>Two</h2>\n<h3>Three</h3>\n"


def test_render_drops_a_script_tag():
    html = richtext.render("<script>alert(1)</script>")

    assert "<script" not in html
    assert "&lt;script" not in html


def test_render_drops_an_event_handler():
    assert "onerror" not in richtext.render('<img src="x" onerror="alert(1)">')


def test_render_does_not_link_javascript_urls():
    html = richtext.render("[Click](javascript:alert(1))")

    assert "<a" not in html
    assert "href" not in html


def test_render_does_not_link_data_urls():
    assert "href" not in richtext.render("[Click](data:text/html;base64,PHNjcmlwdD4=)")


def test_render_returns_safe_html():
    assert hasattr(richtext.render("text"), "__html__")


# richtext.sanitise_html, the last layer


def test_sanitise_html_removes_script_elements():
    assert richtext.sanitise_html("<p>Hi</p><script>alert(1)</script>") == "<p>Hi</p>"


def test_sanitise_html_removes_event_handler_attributes():
    assert richtext.sanitise_html('<p onclick="alert(1)">Hi</p>') == "<p>Hi</p>"


def test_sanitise_html_removes_javascript_hrefs():
    assert richtext.sanitise_html('<a href="javascript:alert(1)">x</a>') == '<a rel="noopener noreferrer">x</a>'


def test_sanitise_html_removes_tags_outside_the_allow_list():
    assert richtext.sanitise_html("<h1>Big</h1><img src=x><iframe src=x></iframe>") == "Big"


def test_markdown_autolinks_survive_the_removal_of_tags():
    assert (
        richtext.clean_source("See <https://example.org/a?b=1>.")
        == "See [https://example.org/a?b=1](https://example.org/a?b=1)."
    )
    assert 'href="https://example.org/a?b=1"' in richtext.render("See <https://example.org/a?b=1>.")
