"""The forms officers fill in to keep their wards' pages current; they validate and never save by themselves."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from civicportal.core.forms import QueryTextField
from civicportal.core.money import PoundsField
from civicportal.core.publishing import Status

from . import recurrence
from .models import Allocation, Event, LocalCampaign, SurveyResult, TeamRole, Ward, WardNews

LOCAL_DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
PUBLISHING_CHOICES = [(Status.DRAFT.value, "Draft: only officers can see it"), (Status.PUBLISHED.value, "Published")]


def _offer_current_status(form) -> None:
    # An editor may have put the item in review or archived it; the officer's form keeps that choice.
    status = form.instance.status
    if status not in dict(PUBLISHING_CHOICES):
        form.fields["status"].choices = [(status, form.instance.get_status_display()), *PUBLISHING_CHOICES]


class CrispyMixin:
    """Crispy renders the fields; the template writes the <form> tag and the button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the browser's own picker, read as Nottingham time."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_DATETIME_FORMAT)
    input_formats = [LOCAL_DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class WardForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Ward
        fields = ["introduction", "contact_email"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 8})}


class TeamPositionForm(CrispyMixin, forms.Form):
    mailbox = forms.EmailField(
        label="Role mailbox",
        required=False,
        help_text="A role mailbox such as housing.arboretum@civicportal.example, never a person's own address.",
        error_messages={"invalid": "Enter a mailbox in the right form, like housing.ward@civicportal.example."},
    )
    is_vacant = forms.BooleanField(label="The role is vacant", required=False)
    note = forms.CharField(
        label="Note", required=False, max_length=200, help_text="For example who covers the role while it is vacant."
    )

    def __init__(self, *args, role: TeamRole, **kwargs):
        self.role = role
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("is_vacant") and not cleaned.get("mailbox") and "mailbox" not in self.errors:
            self.add_error(
                "mailbox", ValidationError("Give the role's mailbox, or tick that the role is vacant.", code="required")
            )
        return cleaned


class AllocationForm(CrispyMixin, forms.ModelForm):
    amount_pence = PoundsField(
        label="Amount in pounds", help_text="For example 250 or 1,250.50.", max_value=Decimal("21474836.47")
    )

    class Meta:
        model = Allocation
        fields = [
            "recipient_kind",
            "recipient_name",
            "recipient_charity_number",
            "category",
            "amount_pence",
            "decided_on",
            "purpose",
        ]
        widgets = {"decided_on": DateInput(), "purpose": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "recipient_name": {"required": "Enter who or what the money is for."},
            "decided_on": {"required": "Enter the date the allocation was decided.", "invalid": "Enter a real date."},
            "purpose": {"required": "Say in a sentence what the money is for."},
            "amount_pence": {"required": "Enter the amount allocated."},
        }

    def clean_recipient_charity_number(self):
        number = self.cleaned_data["recipient_charity_number"].strip()
        if number and self.cleaned_data.get("recipient_kind") not in (None, "group"):
            raise ValidationError("Only a local group has a charity number.", code="not_a_group")
        return number


def _repeat_fields() -> tuple[forms.Field, forms.Field, forms.Field]:
    """Return the repeat picker's fields: how often, until when, or how many times."""
    return (
        forms.ChoiceField(
            label="Repeats",
            required=False,
            choices=recurrence.picker_choices(),
            help_text="It repeats on the weekday or the date of the first time.",
        ),
        forms.DateField(
            label="Repeats until",
            required=False,
            widget=DateInput(),
            help_text="The last day it can take place. Leave empty to repeat until you change it.",
        ),
        forms.IntegerField(
            label="Or a number of times",
            required=False,
            min_value=2,
            max_value=520,
            help_text="How many times it takes place in all, counting the first.",
            error_messages={
                "min_value": "A repeating event takes place at least twice.",
                "max_value": "Give at most 520 times, or an end date.",
                "invalid": "Give the number of times as a whole number, such as 10.",
            },
        ),
    )


class RepeatFieldsMixin:
    """Repeats picked from a list (with an end date or a number of times) and built into the event's RRULE.

    A stored rule the list cannot express is offered back as "custom rule" and kept as it is; only a user for
    whom `allows_custom_rule` is set (an admin, in the Django admin) sees it as text and may change it.
    """

    allows_custom_rule = False

    def _set_up_repeats(self) -> None:
        current = self.instance.recurrence or ""
        starts_at = self.instance.starts_at
        choice = recurrence.read_rule(current, starts_at)
        choices = recurrence.picker_choices(starts_at)
        if choice == recurrence.Frequency.CUSTOM or self.allows_custom_rule:
            try:
                words = recurrence.describe(current, starts_at) if current and starts_at else ""
            except ValidationError:
                words = ""
            label = f"Custom rule ({words})" if words else "Custom rule"
            choices.append((recurrence.Frequency.CUSTOM, label))
        self.fields["recurrence"].choices = choices
        if not self.allows_custom_rule:
            self.fields.pop("custom_rule", None)
        else:
            self.initial.setdefault("custom_rule", current if choice == recurrence.Frequency.CUSTOM else "")
        # The model gives the stored rule; the picker shows which choice it is.
        self.initial["recurrence"] = choice
        if choice != recurrence.Frequency.CUSTOM:
            self.initial.setdefault("repeat_until", recurrence.rule_end(current))
            self.initial.setdefault("repeat_count", recurrence.rule_count(current))

    def _clean_repeats(self, cleaned: dict) -> None:
        stem, until, count = cleaned.get("recurrence") or "", cleaned.get("repeat_until"), cleaned.get("repeat_count")
        starts_at = cleaned.get("starts_at")
        if stem == recurrence.Frequency.CUSTOM:
            typed = (cleaned.get("custom_rule") or "").strip().removeprefix("RRULE:")
            if self.allows_custom_rule and not typed:
                self.add_error("custom_rule", ValidationError("Type the custom rule.", code="required"))
            cleaned["recurrence"] = typed if self.allows_custom_rule else (self.instance.recurrence or "")
            return
        if (until or count) and not stem:
            field = "repeat_until" if until else "repeat_count"
            self.add_error(field, ValidationError("Choose how often the event repeats.", code="no_repeat"))
        elif until and count:
            self.add_error(
                "repeat_count", ValidationError("Give an end date or a number of times, not both.", code="end_twice")
            )
        elif until and starts_at and until < timezone.localtime(starts_at).date():
            self.add_error(
                "repeat_until", ValidationError("The repeats must end after the first time.", code="until_too_early")
            )
        elif stem and starts_at:
            try:
                recurrence.check_first_time(stem, starts_at)
            except ValidationError as error:
                self.add_error("recurrence", error)
                return
            cleaned["recurrence"] = recurrence.build_rule(stem, starts_at, until=until, count=count)


def _offer_owners(form: forms.ModelForm, owners, noun: str) -> None:
    """Offer as the owner only the people the officer may name (colleagues in their own wards), or no choice.

    `owners` is `permissions.owners_offered` for the user: None leaves the field out (the owner stays as it is,
    or is the user for a new item). Someone else, in a forged form, is refused at the field.
    """
    if owners is None:
        del form.fields["owner"]
        return
    owner = form.fields["owner"]
    # Keeping the owner the item has is always allowed, whoever they are.
    keeps = owners.model._default_manager.filter(pk=form.instance.owner_id)
    owner.queryset = (owners | keeps).order_by("username")
    owner.label = "Owner"
    owner.help_text = f"Who keeps this {noun} up to date and may see it before it is live. Empty: as now."
    owner.error_messages["invalid_choice"] = "Choose someone who works in one of your wards."


class EventForm(RepeatFieldsMixin, CrispyMixin, forms.ModelForm):
    starts_at = LocalDateTimeField(label="Starts", help_text="For a repeating event, the first time it takes place.")
    ends_at = LocalDateTimeField(label="Ends")
    recurrence, repeat_until, repeat_count = _repeat_fields()
    status = forms.ChoiceField(label="Publishing", choices=PUBLISHING_CHOICES)

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "description",
            "starts_at",
            "ends_at",
            "recurrence",
            "venue",
            "venue_address",
            "accessibility",
            "organiser",
            "owner",
            "status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6}), "accessibility": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {"required": "Enter the event's title."},
            "summary": {"required": "Describe the event in one sentence."},
            "venue": {"required": "Enter where the event takes place."},
            "organiser": {"required": "Enter who runs the event."},
        }

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_repeats()
        _offer_owners(self, owners, "event")
        self.order_fields(["title", "summary", "description", "starts_at", "ends_at", "recurrence", "repeat_until"])
        _offer_current_status(self)
        for name in ("starts_at", "ends_at"):
            if self.initial.get(name):
                self.initial[name] = timezone.localtime(self.initial[name]).strftime(LOCAL_DATETIME_FORMAT)

    def clean(self):
        cleaned = super().clean()
        self._clean_repeats(cleaned)
        return cleaned


class EventAdminForm(RepeatFieldsMixin, forms.ModelForm):
    """The admin's event form: the same repeat picker; `EventAdmin` lets an admin type a custom rule."""

    recurrence, repeat_until, repeat_count = _repeat_fields()
    custom_rule = forms.CharField(
        label="Custom rule",
        required=False,
        max_length=200,
        help_text="Only with \u201cCustom rule\u201d above: an iCalendar RRULE such as FREQ=YEARLY;BYMONTH=7.",
    )

    class Meta:
        model = Event
        fields = [
            "ward",
            "title",
            "slug",
            "summary",
            "description",
            "starts_at",
            "ends_at",
            "recurrence",
            "venue",
            "venue_address",
            "accessibility",
            "organiser",
            "is_demonstration",
            "status",
            "publish_at",
            "owner",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_repeats()

    def clean(self):
        cleaned = super().clean()
        self._clean_repeats(cleaned)
        return cleaned


class LocalCampaignForm(CrispyMixin, forms.ModelForm):
    status = forms.ChoiceField(label="Publishing", choices=PUBLISHING_CHOICES)

    class Meta:
        model = LocalCampaign
        fields = ["title", "summary", "issue", "ask", "results", "year", "starts_on", "ends_on", "owner", "status"]
        widgets = {
            "issue": forms.Textarea(attrs={"rows": 4}),
            "ask": forms.Textarea(attrs={"rows": 4}),
            "results": forms.Textarea(attrs={"rows": 4}),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
        }
        error_messages = {
            "title": {"required": "Enter the campaign's title."},
            "summary": {"required": "Describe the campaign in one sentence."},
            "ask": {"required": "Say what residents are asked to do."},
            "year": {"required": "Enter the year the campaign started."},
        }

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_owners(self, owners, "campaign")
        _offer_current_status(self)


class SurveyResultForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = SurveyResult
        fields = ["year", "measure", "percent", "sample_size", "source"]
        error_messages = {
            "year": {"required": "Enter the year of the survey."},
            "percent": {"required": "Enter the per cent of residents who agreed."},
        }

    def clean(self):
        cleaned = super().clean()
        year, measure = cleaned.get("year"), cleaned.get("measure")
        others = SurveyResult.objects.filter(year=year, measure=measure, ward=self.instance.ward).exclude(
            pk=self.instance.pk
        )
        if year and measure and others.exists():
            self.add_error(
                "year",
                ValidationError("There is already a figure for this measure in this year.", code="duplicate"),
            )
        return cleaned


class WardNewsForm(CrispyMixin, forms.ModelForm):
    status = forms.ChoiceField(label="Publishing", choices=PUBLISHING_CHOICES)

    class Meta:
        model = WardNews
        fields = ["title", "summary", "body", "owner", "status"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "title": {"required": "Enter the post's title."},
            "summary": {"required": "Sum the news up in one sentence."},
            "body": {"required": "Write the news."},
        }

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_owners(self, owners, "news post")
        _offer_current_status(self)


class BudgetYearForm(forms.Form):
    """`?year=` of the budget comparison: one of the financial years that have budgets, or nothing."""

    year = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, year) for year in years]


class SatisfactionWardForm(forms.Form):
    """`?ward=` of the satisfaction page: the slug of a ward that has figures of their own, or nothing."""

    ward = forms.ChoiceField(required=False)

    def __init__(self, *args, wards: list[Ward], **kwargs):
        super().__init__(*args, **kwargs)
        self._wards = {ward.slug: ward for ward in wards}
        self.fields["ward"].choices = [(slug, ward.name) for slug, ward in self._wards.items()]

    def clean_ward(self) -> Ward | None:
        return self._wards.get(self.cleaned_data["ward"])


class WardFindForm(forms.Form):
    """What the "find your ward" forms send: a ward's name or a postcode typed in, or a ward's slug.

    `name` is what the home page's box and the ward list's filter send; `ward` is what the older drop-down
    sent, kept so its links still work. Either may hold a slug, a name, or a postcode.
    """

    ward = QueryTextField(required=False, max_length=150)
    name = QueryTextField(required=False, max_length=150)

    @property
    def query(self) -> str:
        return self.cleaned_data["ward"] or self.cleaned_data["name"]
