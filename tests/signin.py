"""Signing a test client in as a user, the one way every test does it, and the codes a user's app would show."""

import time

import django_otp
from django.test import RequestFactory
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from civicportal.core.second_factor import APP_DEVICE_NAME, app_device, has_second_factor, second_factor_required


def authenticator_app(user) -> TOTPDevice:
    """Return the user's confirmed authenticator app, setting one up if they have none."""
    return app_device(user) or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=True)


def app_code(device: TOTPDevice, *, at: float | None = None) -> str:
    """Return the six-digit code the device's app shows now (or at the Unix time `at`), computed from its key.

    A code is accepted once: when this time step's code has been used, the next step's is returned, which
    the device's tolerance of one step accepts.
    """
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def sign_in(client, user) -> None:
    """Sign the client in as the user, as the sign-in pages would leave it.

    A user who has or needs a second factor gets a confirmed authenticator app (if they have none) and a
    session that django-otp's own `login` has marked verified by it, as the code page does.
    """
    client.force_login(user)
    if not (has_second_factor(user) or second_factor_required(user)):
        return
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    django_otp.login(request, authenticator_app(user))
    request.session.save()
