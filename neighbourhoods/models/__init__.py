"""Locality working: wards and their area committees, Neighbourhood Action Teams, ward budgets and their
allocations, co-produced events, behaviour-change campaigns and residents' satisfaction figures. One module
per subject; every name is re-exported here."""

from .budgets import (
    Allocation,
    AllocationCategory,
    AllocationManager,
    AllocationQuerySet,
    RecipientKind,
    WardBudget,
    WardBudgetManager,
    WardBudgetQuerySet,
)
from .events import Event, EventQuerySet
from .local_campaigns import LocalCampaign, LocalCampaignQuerySet
from .news import WardNews
from .postcodes import PostcodeLookup, PostcodeLookupQuerySet, looks_like_postcode, normalise_postcode
from .surveys import SurveyMeasure, SurveyResult, SurveyResultManager, SurveyResultQuerySet
from .wards import (
    DEMONSTRATION_HELP,
    ROLE_MAILBOX_HELP,
    AreaCommittee,
    OfficerAssignment,
    OfficerAssignmentQuerySet,
    TeamPosition,
    TeamPositionManager,
    TeamRole,
    Ward,
    WardQuerySet,
)

__all__ = [
    "DEMONSTRATION_HELP",
    "ROLE_MAILBOX_HELP",
    "Allocation",
    "AllocationCategory",
    "AllocationManager",
    "AllocationQuerySet",
    "AreaCommittee",
    "Event",
    "EventQuerySet",
    "LocalCampaign",
    "LocalCampaignQuerySet",
    "OfficerAssignment",
    "OfficerAssignmentQuerySet",
    "PostcodeLookup",
    "PostcodeLookupQuerySet",
    "RecipientKind",
    "SurveyMeasure",
    "SurveyResult",
    "SurveyResultManager",
    "SurveyResultQuerySet",
    "TeamPosition",
    "TeamPositionManager",
    "TeamRole",
    "Ward",
    "WardBudget",
    "WardBudgetManager",
    "WardBudgetQuerySet",
    "WardNews",
    "WardQuerySet",
    "looks_like_postcode",
    "normalise_postcode",
]
