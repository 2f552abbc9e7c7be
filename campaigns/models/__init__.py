"""The alliance: chapters and their members, campaigns, public actions and the asks made there, what was won,
news that readers react to, training and research. One module per subject; every name is re-exported here.
"""

from .achievements import Achievement, AchievementQuerySet
from .campaigns import (
    ONGOING_STAGES,
    QUIET_AFTER,
    RESPONSE_AWAITED_FOR,
    STALLED_AFTER,
    Action,
    ActionKind,
    ActionQuerySet,
    Arrangement,
    Ask,
    AskQuerySet,
    AskStatus,
    Campaign,
    CampaignQuerySet,
    CampaignStage,
    DecisionMaker,
    IssueArea,
    Response,
)
from .chapters import Chapter, ChapterOrganiser, Membership, MembershipManager, MembershipQuerySet
from .evidence import DOCUMENT_MAX_BYTES, FACT_FIELDS, AskFact, AskSource, AskSourceQuerySet, RecorderRole
from .news import NewsKind, NewsPost, NewsPostQuerySet, Reaction, ReactionKind
from .research import Research, ResearchKind, ResearchQuerySet
from .training import TrainingCourse

__all__ = [
    "DOCUMENT_MAX_BYTES",
    "FACT_FIELDS",
    "ONGOING_STAGES",
    "QUIET_AFTER",
    "RESPONSE_AWAITED_FOR",
    "STALLED_AFTER",
    "Achievement",
    "AchievementQuerySet",
    "Action",
    "ActionKind",
    "ActionQuerySet",
    "Arrangement",
    "Ask",
    "AskFact",
    "AskQuerySet",
    "AskSource",
    "AskSourceQuerySet",
    "AskStatus",
    "Campaign",
    "CampaignQuerySet",
    "CampaignStage",
    "Chapter",
    "ChapterOrganiser",
    "DecisionMaker",
    "IssueArea",
    "Membership",
    "MembershipManager",
    "MembershipQuerySet",
    "NewsKind",
    "NewsPost",
    "NewsPostQuerySet",
    "Reaction",
    "ReactionKind",
    "RecorderRole",
    "Research",
    "ResearchKind",
    "ResearchQuerySet",
    "Response",
    "TrainingCourse",
]
