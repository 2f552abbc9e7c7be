"""The second factor at sign-in: who must use one, who has one, and the writes that set it up or take it away.

A person's second factor is django-otp's: a confirmed TOTP device (an authenticator app's six-digit codes)
and a static device holding their recovery codes. Editors and administrators must use one; anyone else who
signs in may turn it on. A session has passed its second factor when django-otp's middleware finds the
device that verified it (`request.user.is_verified()`); until then `middleware.SecondFactorMiddleware`
lets it reach nothing but the pages here and signing out.
"""

import django_otp
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..roles import Role, user_has_role

RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"
# Recovery codes made at set-up or on request wait here until their one showing.
NEW_CODES_SESSION_KEY = "second_factor_new_recovery_codes"


def second_factor_required(user) -> bool:
    """Return whether the user must pass a second factor to sign in: editors and superusers."""
    return bool(user.is_authenticated and (user.is_superuser or user_has_role(user, Role.EDITOR)))


def has_second_factor(user) -> bool:
    """Return whether the user has a confirmed device (an app or recovery codes) that sign-in must ask for."""
    return django_otp.user_has_device(user, confirmed=True)


def app_device(user) -> TOTPDevice | None:
    """Return the user's confirmed authenticator app, if they have one."""
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    """Return how many unused recovery codes the user has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def app_device_for_set_up(*, user) -> TOTPDevice:
    """Return the user's unconfirmed authenticator app, making one with a fresh random key if there is none."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def app_device_confirm(*, device: TOTPDevice, user) -> list[str]:
    """Confirm the user's authenticator app once it has given a right code; return a new set of recovery codes."""
    TOTPDevice.objects.devices_for_user(user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_replace(user=user)


@transaction.atomic
def recovery_codes_replace(*, user) -> list[str]:
    """Give the user a new set of recovery codes, voiding every code they had; return the new codes."""
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": RECOVERY_DEVICE_NAME})
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def second_factor_turn_off(*, user) -> None:
    """Remove the user's authenticator app and recovery codes, so that sign-in no longer asks for a code."""
    TOTPDevice.objects.devices_for_user(user).delete()
    StaticDevice.objects.devices_for_user(user).delete()


def session_verify(request, device) -> None:
    """Mark the request's session as having passed its second factor with the device, under a new session key."""
    request.session.cycle_key()
    django_otp.login(request, device)
