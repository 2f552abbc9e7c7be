"""Forms of the shared layer."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from . import follows


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
