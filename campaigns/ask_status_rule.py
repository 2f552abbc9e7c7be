"""The one rule that says where an ask stands, in plain words, written from the constants the code applies
(`AskQuerySet.with_status` and `Ask.status_on`), so that the published rule cannot drift from the code."""

from .models import RESPONSE_AWAITED_FOR, STALLED_AFTER, AskStatus, Response


def _days(delta) -> str:
    return f"{delta.days} days"


def rule_explanation() -> list[tuple[AskStatus, str]]:
    """Return each status with the condition that gives it, in the order the rule tries them."""
    return [
        (AskStatus.DECLINED, f"The decision-maker’s response is recorded as “{Response.DECLINED.label}”."),
        (
            AskStatus.AWAITING,
            f"No response is recorded, and the ask was put at a public action less than "
            f"{_days(RESPONSE_AWAITED_FOR)} ago.",
        ),
        (
            AskStatus.NO_RESPONSE,
            f"No response is recorded, and the ask was put {_days(RESPONSE_AWAITED_FOR)} ago or more, or where it was "
            "put is not recorded. The ledger does not say the answer is on its way.",
        ),
        (
            AskStatus.PARTLY_DELIVERED,
            f"An achievement is recorded against the ask, and either the response was “{Response.PARTLY_AGREED.label}” "
            "or the achievement is recorded as only partly achieved.",
        ),
        (
            AskStatus.DELIVERED,
            f"The response was “{Response.AGREED.label}” and an achievement that is not partial is recorded "
            "against it.",
        ),
        (AskStatus.OVERDUE, "It was agreed, nothing is delivered yet, and the date it was due by has passed."),
        (
            AskStatus.STALLED,
            f"It was agreed, nothing is delivered, it is not overdue, and no progress has been recorded for more than "
            f"{_days(STALLED_AFTER)}: counted from the latest step towards delivery, or from the response when no "
            "step is recorded.",
        ),
        (
            AskStatus.AGREED,
            "It was agreed (in full or in part) and none of the above applies: it is on its way, or too recent "
            "to judge.",
        ),
    ]
