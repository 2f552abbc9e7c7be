"""The alliance: chapters and their members, campaigns, public actions and the asks made there, what was won,
news that readers react to, training and research. One module per subject; every name is re-exported here.
"""

from .achievements import Achievement, AchievementQuerySet
from .campaigns import (
    ONGOING_STAGES,
    QUIET_AFTER,
    RESPONSE_AWAITED_FOR,
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
from .news import NewsKind, NewsPost, NewsPostQuerySet, Reaction, ReactionKind
from .research import Research, ResearchKind, ResearchQuerySet
from .training import TrainingCourse

__all__ = [
    "ONGOING_STAGES",
    "QUIET_AFTER",
    "RESPONSE_AWAITED_FOR",
    "Achievement",
    "AchievementQuerySet",
    "Action",
    "ActionKind",
    "ActionQuerySet",
    "Arrangement",
    "Ask",
    "AskQuerySet",
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
    "Research",
    "ResearchKind",
    "ResearchQuerySet",
    "Response",
    "TrainingCourse",
]
