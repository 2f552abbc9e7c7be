"""Forms that check a code: from an authenticator app, or one of the recovery codes.

Checking a code uses it up, as django-otp does: a right app code cannot be given again (the device keeps
the last time step it accepted), a recovery code is deleted, and each wrong code makes the device wait
longer before it checks another (`OTP_TOTP_THROTTLE_FACTOR`, `OTP_STATIC_THROTTLE_FACTOR`).
"""

import math
import re

from django import forms
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

APP_CODE = re.compile(r"\d{6}")


def _normalised(code: str) -> str:
    """Return the code without the spaces and dashes people type or copy with it."""
    return re.sub(r"[\s-]", "", code).lower()


class CodeForm(forms.Form):
    """Check a code against devices of one user; `device` is the one that accepted it."""

    wrong_code_message = "That code is not right. Enter the code your authenticator app shows now."

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.device = None

    def devices_for(self, code: str):
        """Return the devices that may accept this code, locked for the check."""
        raise NotImplementedError

    def clean_code(self):
        code = _normalised(self.cleaned_data["code"])
        device, locked_until = self._check(code)
        if device is None and locked_until is not None:
            seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
            raise forms.ValidationError(
                f"Too many wrong codes. Wait {seconds} second{'s' if seconds != 1 else ''}, then try again.",
                code="throttled",
            )
        if device is None:
            raise forms.ValidationError(self.wrong_code_message, code="wrong_code")
        self.device = device
        return code

    def _check(self, code: str):
        """Return the device that accepts the code, or None with the time the devices wait until, if they do."""
        locked_until = None
        # Errors are raised after the transaction: raised inside it, they would roll back the count of
        # failures that makes the next try wait.
        with transaction.atomic():
            for device in self.devices_for(code):
                allowed, details = device.verify_is_allowed()
                if not allowed:
                    locked_until = details["locked_until"]
                elif device.verify_token(code):
                    return device, None
        return None, locked_until


class SignInCodeForm(CodeForm):
    """The second step of signing in: a code from the user's app, or one of their recovery codes."""

    code = forms.CharField(
        label="Code",
        help_text="The six-digit code your authenticator app shows, or one of your recovery codes.",
        max_length=40,
        error_messages={"required": "Enter the code from your authenticator app, or a recovery code."},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "spellcheck": "false", "autocapitalize": "none"}
        ),
    )
    wrong_code_message = (
        "That code is not right. Enter the code your authenticator app shows now, or a recovery code you have not used."
    )

    def devices_for(self, code):
        model = TOTPDevice if APP_CODE.fullmatch(code) else StaticDevice
        return model.objects.devices_for_user(self.user, confirmed=True).select_for_update()


class SetUpCodeForm(CodeForm):
    """Setting up an app: the code it shows proves it holds the key."""

    code = forms.CharField(
        label="Code from your app",
        help_text="Six digits. The code changes every 30 seconds.",
        max_length=40,
        error_messages={"required": "Enter the six-digit code your app shows."},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}),
    )

    def __init__(self, *args, device: TOTPDevice, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_up_device = device

    def clean_code(self):
        if not APP_CODE.fullmatch(_normalised(self.cleaned_data["code"])):
            raise forms.ValidationError("Enter the six digits your app shows, with no letters.", code="not_six_digits")
        return super().clean_code()

    def devices_for(self, code):
        return TOTPDevice.objects.filter(pk=self.set_up_device.pk, user=self.user).select_for_update()
