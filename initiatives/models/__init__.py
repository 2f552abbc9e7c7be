"""The app's models, one module per subject; every name is re-exported here."""

from .bearings import IndicatorBearing
from .case_studies import CaseStudy, CaseStudyImage, CaseStudyQuerySet, Theme
from .collective import (
    Initiative,
    KeyArea,
    NextStepReview,
    Outcome,
    ProgressReport,
    ReportItem,
    Section,
    SteeringGroupMember,
    WorkingGroup,
)
from .indicators import Indicator, IndicatorValue, Unit
from .programmes import (
    ALLOWED_MOVES,
    EVALUATION_REQUIRED_FROM,
    FIRST_STAGE,
    Evaluation,
    Programme,
    Project,
    ProjectMove,
    Stage,
    StrandKind,
    WorkStrand,
)

__all__ = [
    "ALLOWED_MOVES",
    "EVALUATION_REQUIRED_FROM",
    "FIRST_STAGE",
    "CaseStudy",
    "CaseStudyImage",
    "CaseStudyQuerySet",
    "Evaluation",
    "Indicator",
    "IndicatorBearing",
    "IndicatorValue",
    "Initiative",
    "KeyArea",
    "NextStepReview",
    "Outcome",
    "Programme",
    "ProgressReport",
    "Project",
    "ProjectMove",
    "ReportItem",
    "Section",
    "Stage",
    "SteeringGroupMember",
    "StrandKind",
    "Theme",
    "Unit",
    "WorkStrand",
    "WorkingGroup",
]
