"""Form widgets' HTML written in Python where Django's templates cost too much per request.

Django renders every `<option>` of a select through a template of its own: a filter listing 200 campaigns
renders 200 templates on every request for the list. `select_options` writes the same HTML (byte for byte,
tested) in one pass; an option with a template of its own (a custom widget's) is still rendered by it.
"""

from django.forms.widgets import Select
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

_OPTION_TEMPLATE = Select.option_template_name


def _attributes(attrs: dict) -> str:
    """Write attributes as django/forms/widgets/attrs.html does: False left out, True as a bare name."""
    written = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            written.append(f" {conditional_escape(name)}")
        else:
            written.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(written)


def select_options(widget: dict) -> SafeString:
    """Return the options (and option groups) of a select widget's context as Django's select.html writes them."""
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in group_choices:
            if option["template_name"] != _OPTION_TEMPLATE:
                parts.append("\n  " + render_to_string(option["template_name"], {"widget": option}))
                continue
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attributes(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped
