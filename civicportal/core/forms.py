"""Forms of the shared layer."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from . import feedback, follows


def reject_control_characters(value: str) -> None:
    """Refuse text holding a control character (NUL, escape, a line break): no one types them into a search box."""
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise ValidationError("Use letters, numbers and punctuation only.", code="control_character")


class QueryTextField(forms.CharField):
    """A line of text read from a query string: short, and free of control characters."""

    default_validators = [reject_control_characters]

    def __init__(self, *, max_length: int = 200, **kwargs):
        super().__init__(max_length=max_length, **kwargs)


class FollowForm(forms.Form):
    email = forms.EmailField(
        label="Your e-mail address",
        max_length=254,
        error_messages={
            "required": "Enter your e-mail address.",
            "invalid": "Enter an e-mail address in the right form, like name@example.org.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    target = forms.CharField(widget=forms.HiddenInput)

    def clean_target(self):
        target = follows.target_from_reference(self.cleaned_data["target"])
        if target is None:
            raise forms.ValidationError("This can no longer be followed.", code="not_followable")
        return target


class SendBackForm(forms.Form):
    reason = forms.CharField(
        label="What should the author change?",
        help_text="The author gets this by e-mail and sees it on their “Your work” page.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what should change before sending it back."},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say what should change before sending it back.", code="reason_required")
        return reason


class PageReportForm(forms.Form):
    """What is wrong with a page, and optionally where to reply; with a hidden trap and a signed start time."""

    what_is_wrong = forms.CharField(
        label="What is wrong with this page?",
        help_text="For example a fact that is out of date, a broken link, or something hard to read or use.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Say what is wrong with the page.",
            "max_length": "Keep it to 2,000 characters or fewer (it has %(show_value)d).",
        },
    )
    reply_email = forms.EmailField(
        label="Your e-mail address (optional)",
        help_text="Only if you would like a reply. We delete it after six months and never show it on the site.",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an e-mail address in the right form, like name@example.org, or leave it empty."
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    # People never see this field (it is not displayed); a bot that fills every field fills it.
    website = forms.CharField(
        label="Leave this empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    page = forms.CharField(widget=forms.HiddenInput, max_length=feedback.MAX_PATH_LENGTH)
    about = forms.CharField(widget=forms.HiddenInput, required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean_what_is_wrong(self):
        text = self.cleaned_data["what_is_wrong"].strip()
        if not text:
            raise forms.ValidationError("Say what is wrong with the page.", code="required")
        if any(unicodedata.category(c) == "Cc" and c not in "\r\n\t" for c in text):
            raise forms.ValidationError("Use letters, numbers and punctuation only.", code="control_character")
        return text

    def clean_page(self):
        page = self.cleaned_data["page"]
        if not feedback.is_local_path(page):
            raise forms.ValidationError("This form can only report a page of this site.", code="not_local")
        return page

    def clean(self):
        cleaned = super().clean()
        age = feedback.form_age(cleaned.get("started") or "")
        if age is None or age > feedback.FORM_LASTS:
            raise forms.ValidationError(
                "This form was open too long or was changed. Check what you wrote and send it again.",
                code="form_expired",
            )
        if age < feedback.FASTEST_PERSON:
            raise forms.ValidationError(
                "That was sent faster than a person can usually write. Check what you wrote and send it again.",
                code="too_fast",
            )
        return cleaned

    @property
    def is_trapped(self) -> bool:
        """Return whether the field people never see was filled in: a bot sent the form."""
        return bool(self.cleaned_data.get("website"))
