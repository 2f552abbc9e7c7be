"""The select template writes exactly what Django's own writes, in one pass rather than a template per option."""

from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates

from civicportal.core.models import Organisation
from tests.core.factories import OrganisationFactory

CHOICES = [
    ("", "Any"),
    ("a&b", 'Fish "and" <chips>'),
    ("Group", [(1, "One"), (2, "Two")]),
    (3, "Three"),
]


class _Form(forms.Form):
    plain = forms.ChoiceField(choices=CHOICES, required=False)
    several = forms.MultipleChoiceField(choices=CHOICES, required=False)
    attributes = forms.ChoiceField(
        choices=CHOICES, required=False, widget=forms.Select(attrs={"class": "form-select", "disabled": True})
    )


def _rendered(bound_field, renderer=None) -> str:
    widget = bound_field.field.widget
    return str(widget.render(bound_field.html_name, bound_field.value(), {"id": bound_field.auto_id}, renderer))


def test_a_select_is_written_exactly_as_django_writes_it():
    form = _Form({"plain": "a&b", "several": ["1", "3"], "attributes": "2"})

    for name in ("plain", "several", "attributes"):
        ours, django_own = _rendered(form[name]), _rendered(form[name], DjangoTemplates())
        assert "<option" in ours
        assert ours == django_own, name


def test_a_model_choice_select_is_written_exactly_as_django_writes_it(db):
    OrganisationFactory.create_batch(3)

    field = forms.ModelChoiceField(queryset=Organisation.objects.order_by("name"))
    ours = str(field.widget.render("organisation", None))
    django_own = str(field.widget.render("organisation", None, renderer=DjangoTemplates()))

    assert ours.count("<option") == 4
    assert ours == django_own


def test_forms_render_selects_through_the_portals_own_template():
    """Without FORM_RENDERER naming TEMPLATES, Django's own select.html (a template per option) would be used."""
    from django.forms.renderers import get_default_renderer

    origin = get_default_renderer().get_template("django/forms/widgets/select.html").template.origin.name

    assert origin == str(settings.BASE_DIR / "templates" / "django" / "forms" / "widgets" / "select.html")
