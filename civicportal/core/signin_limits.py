"""Two sign-in limits for django-axes, which compares every lockout combination with a single limit.

django-axes counts failures for each combination in AXES_LOCKOUT_PARAMETERS (here username with
address, and address alone), takes the largest count and compares it with one AXES_FAILURE_LIMIT.
One limit cannot serve both: five would lock a whole library or mobile network after one resident's
typing slips, and twenty would give every username twenty guesses. So the limit itself depends on
the request: a username that has used up its own allowance from this address is held to it, and
otherwise the address's larger allowance across all usernames applies.
"""

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def signin_failure_limit(request, credentials) -> int:
    """Return the failure limit for this sign-in: the per-username one once it is used up, else the per-address one."""
    per_username = settings.SIGNIN_FAILURES_PER_USERNAME
    failures = (
        AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        ).aggregate(total=Sum("failures_since_start"))["total"]
        or 0
    )
    return per_username if failures >= per_username else settings.SIGNIN_FAILURES_PER_ADDRESS
