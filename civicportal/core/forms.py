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
