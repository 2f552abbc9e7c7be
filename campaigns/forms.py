"""Front-end forms for the alliance's organisers. They validate; the services in services.py act."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError

from civicportal.core.money import PoundsField

from .models import Achievement, Action, Ask, AskSource, Campaign, NewsPost, OutcomeAnswerChoice, ReactionKind
from .permissions import chapters_organised_by

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ChapterScopedForm(forms.ModelForm):
    """A form whose chapter and campaign choices are only those the user may write for."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            verb = "Choose" if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) else "Enter"
            field.error_messages["required"] = f"{verb} the {str(field.label).lower()}."
        chapters = chapters_organised_by(user)
        if "chapter" in self.fields:
            self.fields["chapter"].queryset = chapters
            self.fields["chapter"].empty_label = None
        if "campaign" in self.fields:
            self.fields["campaign"].queryset = Campaign.objects.filter(chapter__in=chapters).order_by("title")
        if "action" in self.fields:
            self.fields["action"].queryset = Action.objects.filter(chapter__in=chapters).order_by("-starts_at")
        if "achievement" in self.fields:
            self.fields["achievement"].queryset = Achievement.objects.filter(campaign__chapter__in=chapters).order_by(
                "headline"
            )

    def service_fields(self) -> dict:
        """Return the cleaned values the service takes, keyed by model field."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class NewsPostForm(ChapterScopedForm):
    class Meta:
        model = NewsPost
        fields = [
            "chapter",
            "campaign",
            "kind",
            "title",
            "summary",
            "body",
            "dated_on",
            "date_precision",
            "date_note",
        ]
        widgets = {"dated_on": DATE_INPUT, "summary": forms.Textarea(attrs={"rows": 2})}


class ActionForm(ChapterScopedForm):
    class Meta:
        model = Action
        fields = [
            "chapter",
            "campaign",
            "kind",
            "title",
            "summary",
            "description",
            "starts_at",
            "date_precision",
            "date_note",
            "venue",
            "expected_attendance",
            "actual_attendance",
            "attendance_more_than",
            "attendance_description",
            "arrangement",
            "arrangement_reason",
        ]
        widgets = {
            "starts_at": DATETIME_INPUT,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "arrangement_reason": forms.Textarea(attrs={"rows": 3}),
        }


class AskPrefillForm(forms.Form):
    """The query string that fills in an ask from an action's page: the action's slug."""

    action = forms.SlugField(required=False, max_length=200)


class AskForm(ChapterScopedForm):
    class Meta:
        model = Ask
        fields = [
            "campaign",
            "action",
            "number",
            "topic",
            "wording",
            "decision_maker",
            "response",
            "responded_on",
            "due_on",
            "progress_on",
            "achievement",
        ]
        widgets = {
            "responded_on": DATE_INPUT,
            "due_on": DATE_INPUT,
            "progress_on": DATE_INPUT,
            "wording": forms.Textarea(attrs={"rows": 3}),
        }


class OptionalPoundsField(PoundsField):
    """An amount in pounds that may be left empty or be nothing at all (£0)."""

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=Decimal(0), max_digits=14, **kwargs)


def _pounds(pence: int | None) -> Decimal | None:
    return None if pence is None else Decimal(pence) / 100


class AchievementForm(ChapterScopedForm):
    money_per_year = OptionalPoundsField(label="Money a year (£)", help_text="The total a year, in pounds.")
    money_per_person_per_year = OptionalPoundsField(
        label="Money a year per person (£)", help_text="Or an average per person; with the people, it gives the total."
    )
    money_once = OptionalPoundsField(
        label="Money invested once (£)", help_text="A single sum rather than a yearly one."
    )

    class Meta:
        model = Achievement
        fields = [
            "campaign",
            "headline",
            "description",
            "won_on",
            "date_precision",
            "date_note",
            "partial",
            "people_benefited",
            "people_more_than",
            "people_description",
            "things_delivered",
            "things_unit",
        ]
        widgets = {"won_on": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("money_per_year", _pounds(self.instance.money_per_year_pence))
            self.initial.setdefault("money_per_person_per_year", _pounds(self.instance.money_per_person_per_year_pence))
            self.initial.setdefault("money_once", _pounds(self.instance.money_once_pence))
        # Keep the money fields beside the other figures.
        order = list(self.Meta.fields)
        order[order.index("people_description") + 1 : order.index("people_description") + 1] = [
            "money_per_year",
            "money_per_person_per_year",
            "money_once",
        ]
        self.order_fields(order)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("money_per_year") is not None and cleaned.get("money_per_person_per_year") is not None:
            raise ValidationError(
                {
                    "money_per_person_per_year": ValidationError(
                        "Give either the total a year or the amount per person, not both.", code="money_twice"
                    )
                }
            )
        return cleaned

    def _post_clean(self):
        self.instance.money_per_year_pence = self.cleaned_data.get("money_per_year")
        self.instance.money_per_person_per_year_pence = self.cleaned_data.get("money_per_person_per_year")
        self.instance.money_once_pence = self.cleaned_data.get("money_once")
        super()._post_clean()

    def service_fields(self) -> dict:
        fields = super().service_fields()
        fields["money_per_year_pence"] = self.cleaned_data.get("money_per_year")
        fields["money_per_person_per_year_pence"] = self.cleaned_data.get("money_per_person_per_year")
        fields["money_once_pence"] = self.cleaned_data.get("money_once")
        return fields


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(
        choices=ReactionKind.choices,
        error_messages={"invalid_choice": "Choose one of the reactions offered.", "required": "Choose a reaction."},
    )


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label="Publish at",
        required=False,
        widget=DATETIME_INPUT,
        help_text="Leave empty to publish now; a time in the future schedules the post.",
    )


class OutcomeAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label="Did this happen?",
        choices=OutcomeAnswerChoice.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose one of the answers offered.", "required": "Choose an answer."},
    )


class AskSourceForm(forms.ModelForm):
    """The source of one fact of an ask: a link, a PDF or a short quotation with the text it comes from."""

    class Meta:
        model = AskSource
        fields = ["fact", "checked_on", "url", "document", "quotation", "quoted_from"]
        widgets = {"checked_on": DATE_INPUT, "quotation": forms.Textarea(attrs={"rows": 2})}

    def service_fields(self) -> dict:
        """Return the cleaned values the service takes, keyed by model field."""
        fields = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
        if fields.get("document") is None:
            fields.pop("document", None)
        return fields
