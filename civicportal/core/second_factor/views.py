"""The second factor's pages: the code at sign-in, setting up an app, recovery codes, and the account page."""

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_static.models import StaticDevice

from ..breadcrumbs import trail
from . import (
    NEW_CODES_SESSION_KEY,
    app_device,
    app_device_confirm,
    app_device_for_set_up,
    has_second_factor,
    recovery_codes_left,
    recovery_codes_replace,
    second_factor_required,
    second_factor_turn_off,
    session_verify,
)
from .forms import SetUpCodeForm, SignInCodeForm

QR_SCALE = 5
QR_BORDER = 4


def _next_url(request) -> str:
    """Return where the person was going, if it is on this site; else the page after signing in."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(view_name: str, next_url: str) -> str:
    return f"{reverse(view_name)}?{urlencode({'next': next_url})}"


def _account_trail(title: str):
    return trail(("Two-step verification", reverse("core:second_factor")), (title, None))


@never_cache
@login_required
def verify(request):
    """Ask a signed-in user for a code from their app, or a recovery code, before the session is verified."""
    user, next_url = request.user, _next_url(request)
    if user.is_verified():
        return redirect(next_url)
    if not has_second_factor(user):
        return redirect(_with_next("core:second_factor_set_up", next_url) if second_factor_required(user) else next_url)
    form = SignInCodeForm(request.POST or None, user=user)
    if form.is_valid():
        session_verify(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = recovery_codes_left(user)
            messages.warning(
                request,
                f"You used a recovery code; {left} {'is' if left == 1 else 'are'} left. "
                "Make a new set from your two-step verification page if you are running short.",
            )
        return redirect(next_url)
    context = {"form": form, "next": next_url, "breadcrumbs": trail(("Enter your code", None))}
    return render(request, "core/second_factor/verify.html", context, status=400 if form.is_bound else 200)


@never_cache
@login_required
def set_up(request):
    """Set up an authenticator app: its key as a QR code and as text, confirmed by a code the app shows."""
    user, next_url = request.user, _next_url(request)
    if app_device(user) is not None:
        return redirect("core:second_factor")
    if has_second_factor(user) and not user.is_verified():
        # Someone holding recovery codes proves it is them before adding an app.
        return redirect(_with_next("core:second_factor_verify", next_url))
    device = app_device_for_set_up(user=user)
    form = SetUpCodeForm(request.POST or None, user=user, device=device)
    if form.is_valid():
        codes = app_device_confirm(device=device, user=user)
        session_verify(request, device)
        request.session[NEW_CODES_SESSION_KEY] = codes
        return redirect(_with_next("core:second_factor_recovery_codes", next_url))
    qr = segno.make(device.config_url, error="m")
    width, height = qr.symbol_size(scale=QR_SCALE, border=QR_BORDER)
    context = {
        "form": form,
        "next": next_url,
        "required": second_factor_required(user),
        "qr_code": qr.svg_data_uri(scale=QR_SCALE, border=QR_BORDER, dark="#000", light="#fff"),
        "qr_width": width,
        "qr_height": height,
        "key_groups": _groups(b32encode(device.bin_key).decode()),
        "breadcrumbs": _account_trail("Set up"),
    }
    return render(request, "core/second_factor/set_up.html", context, status=400 if form.is_bound else 200)


def _groups(key: str, size: int = 4) -> list[str]:
    """Return the key in groups of four letters, as people copy it most easily."""
    return [key[start : start + size] for start in range(0, len(key), size)]


@never_cache
@login_required
def recovery_codes(request):
    """Show new recovery codes once, or offer to make a new set, which voids the old."""
    user = request.user
    if request.method == "POST":
        if not (user.is_verified() and app_device(user) is not None):
            raise PermissionDenied
        request.session[NEW_CODES_SESSION_KEY] = recovery_codes_replace(user=user)
        return redirect("core:second_factor_recovery_codes")
    codes = request.session.pop(NEW_CODES_SESSION_KEY, None)
    context = {
        "codes": codes,
        "codes_left": recovery_codes_left(user),
        "has_app": app_device(user) is not None,
        "next": _next_url(request),
        "breadcrumbs": _account_trail("Recovery codes"),
    }
    return render(request, "core/second_factor/recovery_codes.html", context)


@login_required
def account(request):
    """Say whether the user's sign-in asks for a code, and let them turn it on, off, or renew recovery codes."""
    user = request.user
    context = {
        "device": app_device(user),
        "codes_left": recovery_codes_left(user),
        "required": second_factor_required(user),
        "breadcrumbs": trail(("Two-step verification", None)),
    }
    return render(request, "core/second_factor/account.html", context)


@require_POST
@login_required
def turn_off(request):
    """Turn the second factor off, for someone who is not required to use it and has passed it this session."""
    user = request.user
    if second_factor_required(user) or (has_second_factor(user) and not user.is_verified()):
        raise PermissionDenied
    second_factor_turn_off(user=user)
    messages.success(request, "Two-step verification is off. Signing in asks only for your password.")
    return redirect("core:second_factor")
