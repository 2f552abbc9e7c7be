"""The Nottingham demo content: which fixture files make it up, in the order they load, and the demo users."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction

from campaigns.models import Chapter, ChapterOrganiser
from civicportal.core.models import Organisation
from civicportal.core.roles import Role
from civicportal.core.second_factor import second_factor_turn_off
from neighbourhoods.models import OfficerAssignment, Ward

# Each app adds its file here; natural keys make loading them again update rows rather than add them.
FIXTURES = [
    "core.json",
    "campaigns.json",
    "neighbourhoods.json",
    "initiatives.json",
]

DEMO_PASSWORD = "nottingham-demo"


@dataclass(frozen=True)
class DemoUser:
    username: str
    email: str
    role: Role | None
    is_staff: bool = False
    is_superuser: bool = False


# Role accounts with role mailboxes, never a person's name or address.
DEMO_USERS = [
    DemoUser("admin", "portal-admin@civicportal.example", None, is_staff=True, is_superuser=True),
    DemoUser("editor", "editors@civicportal.example", Role.EDITOR, is_staff=True),
    DemoUser("officer", "neighbourhood-officers@civicportal.example", Role.COUNCIL_OFFICER, is_staff=True),
    DemoUser("staff", "university-partnerships@civicportal.example", Role.UNIVERSITY_STAFF),
    DemoUser("organiser", "alliance-organisers@civicportal.example", Role.ALLIANCE_ORGANISER),
]

# What the demo officer and organiser look after, so that their edit pages have something in them.
DEMO_OFFICER_WARDS = ["clifton-north", "clifton-south"]
DEMO_ORGANISER_CHAPTER = "nottingham-citizens"


def has_content() -> bool:
    """Return whether the database holds any organisation or ward: content loaded or written before."""
    return Organisation.objects.exists() or Ward.objects.exists()


def load_demo_content(*, verbosity: int = 0) -> None:
    """Load every fixture file, then index it for search; running it again updates the same rows."""
    call_command("loaddata", *FIXTURES, verbosity=verbosity)
    call_command("rebuild_search_index", verbosity=verbosity)


@transaction.atomic
def create_demo_users(*, reset_second_factor: bool = False) -> list[str]:
    """Create (or reset) one account per role, each with the demo password; return their usernames.

    The editor and admin set up their second factor at their first sign-in and keep it when this runs
    again (as each `make run` does); `reset_second_factor` takes every demo account's away, so that the
    next sign-in sets one up afresh.

    Run after `load_demo_content`: the officer is given the Clifton wards and the organiser the
    Nottingham Citizens chapter, when those exist.
    """
    User = get_user_model()
    for demo in DEMO_USERS:
        user, _ = User.objects.update_or_create(
            username=demo.username,
            defaults={
                "email": demo.email,
                "is_staff": demo.is_staff,
                "is_superuser": demo.is_superuser,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        if reset_second_factor:
            second_factor_turn_off(user=user)
        if demo.role is not None:
            user.groups.add(Group.objects.get(name=demo.role.label))
        if demo.role == Role.COUNCIL_OFFICER:
            for ward in Ward.objects.filter(slug__in=DEMO_OFFICER_WARDS):
                OfficerAssignment.objects.get_or_create(user=user, ward=ward)
        if demo.role == Role.ALLIANCE_ORGANISER:
            for chapter in Chapter.objects.filter(slug=DEMO_ORGANISER_CHAPTER):
                ChapterOrganiser.objects.get_or_create(user=user, chapter=chapter)
    return [demo.username for demo in DEMO_USERS]
