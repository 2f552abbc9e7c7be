"""Forms of the shared layer."""

from django import forms

from . import follows


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
