"""The marker every app's update services use for "leave this field as it is".

`None` cannot mean that, because many fields may rightly be emptied (an ask's achievement, an action's
attendance); so each field argument of an update service defaults to `UNCHANGED` instead.
"""

import enum
from typing import Final

from django.db import models


class Unchanged(enum.Enum):
    """The default of an update service's field arguments: leave that field as it is."""

    UNCHANGED = "unchanged"


UNCHANGED: Final = Unchanged.UNCHANGED


def apply_changes(obj: models.Model, **values: object) -> None:
    """Set each field the caller gave, skipping those left `UNCHANGED`."""
    for name, value in values.items():
        if value is not UNCHANGED:
            setattr(obj, name, value)
