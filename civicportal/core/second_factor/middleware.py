"""The one gate every door passes through: a session that owes its second factor reaches nothing else."""

import logging
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from ..database_unavailable import DATABASE_ERRORS, database_unavailable_response
from . import has_second_factor, second_factor_required

logger = logging.getLogger(__name__)

# What a session may reach before its second factor: the step itself, setting it up, and signing out.
# Static files never get here (WhiteNoise answers them above the session).
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {"core:second_factor_verify", "core:second_factor_set_up", "logout", "admin:logout"}
)


class SecondFactorMiddleware:
    """Send a signed-in user whose session has not passed its second factor to the code, or to set-up.

    A user with a confirmed device is asked for a code; a user who must have one (an editor, a superuser)
    and has none is taken to set it up. Everyone else goes where they asked. It needs django-otp's
    `OTPMiddleware` above it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            step = self._step_owed(request.user)
        except DATABASE_ERRORS as error:
            # The session and the user are first read here, before any view, where a lost database would
            # otherwise escape the 503 that DatabaseUnavailableMiddleware gives for errors in views.
            logger.error("Database unavailable while handling %s %s", request.method, request.path, exc_info=error)
            return database_unavailable_response()
        if step is None:
            return None
        # The layout leaves out links that would only lead back here.
        request.second_factor_pending = True
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")

    @staticmethod
    def _step_owed(user) -> str | None:
        """Return the name of the step the user's session still owes, or None when it owes nothing."""
        if not user.is_authenticated or user.is_verified():
            return None
        if has_second_factor(user):
            return "core:second_factor_verify"
        if second_factor_required(user):
            return "core:second_factor_set_up"
        return None
