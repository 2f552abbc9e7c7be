"""Fill in an admin form as a browser would: every named field of the page's form with the value it shows."""

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self, form_ids: tuple[str, ...]):
        super().__init__(convert_charrefs=True)
        self.form_ids = form_ids
        self.inside = False
        self.data: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") in self.form_ids:
            self.inside = True
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.setdefault(name, []).append(attrs.get("value", "on" if attrs.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data[self._textarea] = ["".join(self._text).lstrip("\n")]
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)


def admin_form_data(html: str, model_name: str) -> dict[str, list[str]]:
    """Return what submitting the admin change form of `model_name` (or its history revert form) would post."""
    parser = _FormFields((f"{model_name}_form", f"historical{model_name}_form"))
    parser.feed(html)
    return {name: values for name, values in parser.data.items() if values}
