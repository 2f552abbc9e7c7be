"""Every write to the alliance's content that matters: views, the admin, commands and tests all call these.

Each checks that the user may make the change, validates the whole row (`full_clean`) and saves it.
An update service changes only the fields it is given: each of its field arguments defaults to `UNCHANGED`, so
`None` still clears a field that may be empty.
Changes of publishing state go through the shared pipeline (`civicportal.core.pipeline`), which checks
who may publish, keeps the history and announces a post to its followers once, when it is first live.
"""

import datetime
import hashlib
import ipaddress

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.tasks import task
from django.utils import timezone
from django.utils.crypto import salted_hmac

from civicportal.core import permissions as core_permissions
from civicportal.core import pipeline
from civicportal.core.follows import followers_notify
from civicportal.core.publishing import Status
from civicportal.core.slugs import unique_slug
from civicportal.core.unchanged import UNCHANGED, Unchanged, apply_changes

from .models import (
    Achievement,
    Action,
    ActionKind,
    Arrangement,
    Ask,
    AskSource,
    AskStatus,
    Campaign,
    Chapter,
    DecisionMaker,
    NewsKind,
    NewsPost,
    OutcomeAnswer,
    OutcomeAnswerChoice,
    OutcomeQuestion,
    OutcomeReason,
    Reaction,
    RecorderRole,
    Response,
)
from .outcome_links import answer_url, respondent_key, subscription_id_from
from .partial_dates import DatePrecision
from .permissions import check_can_write_for

# Slugs that would be read as one of the app's own addresses ("news/new/", "news/feed/").
RESERVED_SLUGS = frozenset({"new", "feed", "write"})


def _save(obj: models.Model) -> models.Model:
    obj.full_clean()
    obj.save()
    return obj


# News


@transaction.atomic
def news_post_create(
    *,
    user,
    chapter: Chapter,
    title: str,
    summary: str,
    body: str,
    campaign: Campaign | None = None,
    kind: str = NewsKind.NEWS,
    dated_on: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    date_note: str = "",
) -> NewsPost:
    """Create a draft post for a chapter, owned by its author, dated today unless `dated_on` says otherwise."""
    check_can_write_for(user, chapter)
    post = NewsPost(
        chapter=chapter,
        campaign=campaign,
        kind=kind,
        title=title,
        summary=summary,
        body=body,
        dated_on=timezone.localdate() if dated_on is None else dated_on,
        date_precision=date_precision,
        date_note=date_note,
        owner=user,
        status=Status.DRAFT,
    )
    post.slug = unique_slug(NewsPost.objects.all(), title, reserved=RESERVED_SLUGS)
    core_permissions.check_can_change(user, post)
    return _save(post)


@transaction.atomic
def news_post_update(
    *,
    post: NewsPost,
    user,
    chapter: Chapter | Unchanged = UNCHANGED,
    campaign: Campaign | Unchanged | None = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    title: str | Unchanged = UNCHANGED,
    summary: str | Unchanged = UNCHANGED,
    body: str | Unchanged = UNCHANGED,
    dated_on: datetime.date | Unchanged = UNCHANGED,
    date_precision: str | Unchanged = UNCHANGED,
    date_note: str | Unchanged = UNCHANGED,
) -> NewsPost:
    """Change a post's content; its publishing state changes only through submit, publish and unpublish."""
    core_permissions.check_can_change(user, post)
    apply_changes(
        post,
        chapter=chapter,
        campaign=campaign,
        kind=kind,
        title=title,
        summary=summary,
        body=body,
        dated_on=dated_on,
        date_precision=date_precision,
        date_note=date_note,
    )
    core_permissions.check_can_change(user, post)
    return _save(post)


def news_post_submit(*, post: NewsPost, user) -> NewsPost:
    """Send a draft to the editors for review."""
    return pipeline.submit(item=post, user=user)


def news_post_publish(*, post: NewsPost, user, publish_at: datetime.datetime | None = None) -> NewsPost:
    """Publish a post now or at `publish_at`; its followers hear of it when it is first live."""
    return pipeline.publish(item=post, user=user, publish_at=publish_at)


def news_post_unpublish(*, post: NewsPost, user) -> NewsPost:
    """Take a post off the site and back to draft."""
    return pipeline.unpublish(item=post, user=user)


def _news_post_notices(post: NewsPost) -> list[pipeline.Notice]:
    """Return what the followers of a post's campaign and chapter hear when it is first live."""
    subject = f"{post.chapter.name}: {post.title}"
    url = post.get_absolute_url()
    targets = [post.campaign] if post.campaign_id and post.campaign.is_live else []
    return [pipeline.Notice(target, subject, post.summary, url) for target in (*targets, post.chapter)]


def _campaign_notices(campaign: Campaign) -> list[pipeline.Notice]:
    """Return what the followers of a chapter hear when one of its campaigns is first live."""
    subject = f"{campaign.chapter.name}: a new campaign, {campaign.title}"
    return [pipeline.Notice(campaign.chapter, subject, campaign.summary, campaign.get_absolute_url())]


pipeline.register_announcer(NewsPost, _news_post_notices)
pipeline.register_announcer(Campaign, _campaign_notices)


def browser_hash(token: str) -> str:
    """Return the one-way hash of a browser's reaction token, which is all that is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def address_hash(*, post: NewsPost, address: str, day: datetime.date) -> str:
    """Return the keyed hash of a reader's network for one post on one day; IPv6 is taken by its /64."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        network = address
    else:
        network = str(ipaddress.ip_network(f"{parsed}/64", strict=False) if parsed.version == 6 else parsed)
    return salted_hmac(
        "campaigns.reaction.address", f"{post.pk}:{day.isoformat()}:{network}", algorithm="sha256"
    ).hexdigest()


class AddressAlreadyReactedError(Exception):
    """A new reaction came from a network that has already left one on the post today."""


def reaction_record(*, post: NewsPost, kind: str, browser_token: str, address: str) -> tuple[Reaction, bool]:
    """Record a browser's reaction to a post, replacing its earlier one; return it and whether it is new.

    A browser keeps one reaction per post through its cookie. A client that drops the cookie gets a
    fresh token each time, so new reactions are also held to one per post per network address per day
    (raising AddressAlreadyReactedError). The rate limit alone let one address add thirty every ten
    minutes; a lower per-address count would still let a flood add several. The cost is that a second
    reader on a shared network (a library, a mobile operator) cannot add a reaction that day, which is
    the better error for a count that is meant to mean readers.
    """
    if not post.is_live:
        raise PermissionDenied
    hashed = browser_hash(browser_token)
    reaction = Reaction.objects.filter(post=post, browser_hash=hashed).first()
    if reaction is not None:
        reaction.kind = kind
        reaction.full_clean()
        reaction.save(update_fields=["kind"])
        return reaction, False
    reaction = Reaction(
        post=post,
        kind=kind,
        browser_hash=hashed,
        address_hash=address_hash(post=post, address=address, day=timezone.localdate()),
    )
    reaction.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            reaction.save()
    except IntegrityError:  # a reaction raced this one: the first one counts
        existing = Reaction.objects.filter(post=post, browser_hash=hashed).first()
        if existing is None:
            raise AddressAlreadyReactedError from None
        return existing, False
    return reaction, True


# Actions, asks and achievements


@transaction.atomic
def action_create(
    *,
    user,
    chapter: Chapter,
    title: str,
    summary: str,
    starts_at: datetime.datetime,
    campaign: Campaign | None = None,
    kind: str = ActionKind.ACTION,
    description: str = "",
    date_precision: str = DatePrecision.TIME,
    date_note: str = "",
    venue: str = "",
    expected_attendance: int | None = None,
    actual_attendance: int | None = None,
    attendance_more_than: bool = False,
    attendance_description: str = "",
    arrangement: str = Arrangement.AS_PLANNED,
    arrangement_reason: str = "",
) -> Action:
    """Add a public action or assembly to a chapter."""
    check_can_write_for(user, chapter)
    action = Action(
        chapter=chapter,
        campaign=campaign,
        kind=kind,
        title=title,
        summary=summary,
        description=description,
        starts_at=starts_at,
        date_precision=date_precision,
        date_note=date_note,
        venue=venue,
        expected_attendance=expected_attendance,
        actual_attendance=actual_attendance,
        attendance_more_than=attendance_more_than,
        attendance_description=attendance_description,
        arrangement=arrangement,
        arrangement_reason=arrangement_reason,
    )
    action.slug = unique_slug(Action.objects.all(), f"{title} {starts_at:%Y}", reserved=RESERVED_SLUGS)
    core_permissions.check_can_change(user, action)
    _save(action)
    action_saved_tell_followers(action=action)
    return action


@transaction.atomic
def action_update(
    *,
    action: Action,
    user,
    chapter: Chapter | Unchanged = UNCHANGED,
    campaign: Campaign | Unchanged | None = UNCHANGED,
    kind: str | Unchanged = UNCHANGED,
    title: str | Unchanged = UNCHANGED,
    summary: str | Unchanged = UNCHANGED,
    description: str | Unchanged = UNCHANGED,
    starts_at: datetime.datetime | Unchanged = UNCHANGED,
    date_precision: str | Unchanged = UNCHANGED,
    date_note: str | Unchanged = UNCHANGED,
    venue: str | Unchanged = UNCHANGED,
    expected_attendance: int | Unchanged | None = UNCHANGED,
    actual_attendance: int | Unchanged | None = UNCHANGED,
    attendance_more_than: bool | Unchanged = UNCHANGED,
    attendance_description: str | Unchanged = UNCHANGED,
    arrangement: str | Unchanged = UNCHANGED,
    arrangement_reason: str | Unchanged = UNCHANGED,
) -> Action:
    """Change an action: its details, or that it is postponed or cancelled and why."""
    core_permissions.check_can_change(user, action)
    apply_changes(
        action,
        chapter=chapter,
        campaign=campaign,
        kind=kind,
        title=title,
        summary=summary,
        description=description,
        starts_at=starts_at,
        date_precision=date_precision,
        date_note=date_note,
        venue=venue,
        expected_attendance=expected_attendance,
        actual_attendance=actual_attendance,
        attendance_more_than=attendance_more_than,
        attendance_description=attendance_description,
        arrangement=arrangement,
        arrangement_reason=arrangement_reason,
    )
    core_permissions.check_can_change(user, action)
    return _save(action)


@transaction.atomic
def ask_create(
    *,
    user,
    campaign: Campaign,
    topic: str,
    action: Action | None = None,
    number: int = 1,
    wording: str = "",
    decision_maker: DecisionMaker | None = None,
    response: str = Response.PENDING,
    responded_on: datetime.date | None = None,
    due_on: datetime.date | None = None,
    progress_on: datetime.date | None = None,
    achievement: Achievement | None = None,
) -> Ask:
    """Record an ask put to a decision-maker for a campaign."""
    check_can_write_for(user, campaign.chapter)
    ask = Ask(
        campaign=campaign,
        action=action,
        number=number,
        topic=topic,
        wording=wording,
        decision_maker=decision_maker,
        response=response,
        responded_on=responded_on,
        due_on=due_on,
        progress_on=progress_on,
        achievement=achievement,
    )
    core_permissions.check_can_change(user, ask)
    _save(ask)
    ask_saved_tell_followers(ask=ask, response_changed=ask.response != Response.PENDING)
    return ask


@transaction.atomic
def ask_update(
    *,
    ask: Ask,
    user,
    campaign: Campaign | Unchanged = UNCHANGED,
    action: Action | Unchanged | None = UNCHANGED,
    number: int | Unchanged = UNCHANGED,
    topic: str | Unchanged = UNCHANGED,
    wording: str | Unchanged = UNCHANGED,
    decision_maker: DecisionMaker | Unchanged | None = UNCHANGED,
    response: str | Unchanged = UNCHANGED,
    responded_on: datetime.date | Unchanged | None = UNCHANGED,
    due_on: datetime.date | Unchanged | None = UNCHANGED,
    progress_on: datetime.date | Unchanged | None = UNCHANGED,
    achievement: Achievement | Unchanged | None = UNCHANGED,
) -> Ask:
    """Change an ask: its wording, the response it got, its due date or what it delivered."""
    core_permissions.check_can_change(user, ask)
    response_before = ask.response
    apply_changes(
        ask,
        campaign=campaign,
        action=action,
        number=number,
        topic=topic,
        wording=wording,
        decision_maker=decision_maker,
        response=response,
        responded_on=responded_on,
        due_on=due_on,
        progress_on=progress_on,
        achievement=achievement,
    )
    core_permissions.check_can_change(user, ask)
    _save(ask)
    ask_saved_tell_followers(ask=ask, response_changed=ask.response != response_before)
    return ask


def recorder_role(user) -> str:
    """Return the role a source is signed with: the highest the user holds, never their name."""
    if getattr(user, "is_superuser", False):
        return RecorderRole.ADMINISTRATOR
    if core_permissions.is_editor(user):
        return RecorderRole.EDITOR
    return RecorderRole.ORGANISER


@transaction.atomic
def ask_source_create(
    *,
    user,
    ask: Ask,
    fact: str,
    checked_on: datetime.date,
    url: str = "",
    document=None,
    quotation: str = "",
    quoted_from: str = "",
) -> AskSource:
    """Record the source of one fact of an ask, signed with the recorder's role."""
    core_permissions.check_can_change(user, ask)
    source = AskSource(
        ask=ask,
        fact=fact,
        checked_on=checked_on,
        url=url,
        quotation=quotation,
        quoted_from=quoted_from,
        recorded_by=recorder_role(user),
    )
    if document:
        source.document = document
    return _save(source)


@transaction.atomic
def ask_source_update(
    *,
    source: AskSource,
    user,
    fact: str | Unchanged = UNCHANGED,
    checked_on: datetime.date | Unchanged = UNCHANGED,
    url: str | Unchanged = UNCHANGED,
    document=UNCHANGED,
    quotation: str | Unchanged = UNCHANGED,
    quoted_from: str | Unchanged = UNCHANGED,
) -> AskSource:
    """Change a source, or say it was checked again; the role that last recorded it signs it."""
    core_permissions.check_can_change(user, source.ask)
    if document is False:  # a form's "clear" box: the source keeps no document
        document = ""
    apply_changes(
        source, fact=fact, checked_on=checked_on, url=url, document=document, quotation=quotation,
        quoted_from=quoted_from,
    )  # fmt: skip
    source.recorded_by = recorder_role(user)
    return _save(source)


@transaction.atomic
def ask_source_delete(*, source: AskSource, user) -> None:
    """Remove a source recorded in error; its history keeps it."""
    core_permissions.check_can_change(user, source.ask)
    source.delete()


@transaction.atomic
def achievement_create(
    *,
    user,
    campaign: Campaign,
    headline: str,
    won_on: datetime.date,
    description: str = "",
    date_precision: str = DatePrecision.DAY,
    date_note: str = "",
    partial: bool = False,
    people_benefited: int | None = None,
    people_more_than: bool = False,
    people_description: str = "",
    money_per_year_pence: int | None = None,
    money_per_person_per_year_pence: int | None = None,
    money_once_pence: int | None = None,
    things_delivered: int | None = None,
    things_unit: str = "",
) -> Achievement:
    """Record something a campaign won, with its figures."""
    check_can_write_for(user, campaign.chapter)
    achievement = Achievement(
        campaign=campaign,
        headline=headline,
        description=description,
        won_on=won_on,
        date_precision=date_precision,
        date_note=date_note,
        partial=partial,
        people_benefited=people_benefited,
        people_more_than=people_more_than,
        people_description=people_description,
        money_per_year_pence=money_per_year_pence,
        money_per_person_per_year_pence=money_per_person_per_year_pence,
        money_once_pence=money_once_pence,
        things_delivered=things_delivered,
        things_unit=things_unit,
    )
    achievement.slug = unique_slug(Achievement.objects.all(), headline, reserved=RESERVED_SLUGS)
    core_permissions.check_can_change(user, achievement)
    _save(achievement)
    achievement_saved_tell_followers(achievement=achievement)
    return achievement


@transaction.atomic
def achievement_update(
    *,
    achievement: Achievement,
    user,
    campaign: Campaign | Unchanged = UNCHANGED,
    headline: str | Unchanged = UNCHANGED,
    description: str | Unchanged = UNCHANGED,
    won_on: datetime.date | Unchanged = UNCHANGED,
    date_precision: str | Unchanged = UNCHANGED,
    date_note: str | Unchanged = UNCHANGED,
    partial: bool | Unchanged = UNCHANGED,
    people_benefited: int | Unchanged | None = UNCHANGED,
    people_more_than: bool | Unchanged = UNCHANGED,
    people_description: str | Unchanged = UNCHANGED,
    money_per_year_pence: int | Unchanged | None = UNCHANGED,
    money_per_person_per_year_pence: int | Unchanged | None = UNCHANGED,
    money_once_pence: int | Unchanged | None = UNCHANGED,
    things_delivered: int | Unchanged | None = UNCHANGED,
    things_unit: str | Unchanged = UNCHANGED,
) -> Achievement:
    """Change an achievement or its figures."""
    core_permissions.check_can_change(user, achievement)
    apply_changes(
        achievement,
        campaign=campaign,
        headline=headline,
        description=description,
        won_on=won_on,
        date_precision=date_precision,
        date_note=date_note,
        partial=partial,
        people_benefited=people_benefited,
        people_more_than=people_more_than,
        people_description=people_description,
        money_per_year_pence=money_per_year_pence,
        money_per_person_per_year_pence=money_per_person_per_year_pence,
        money_once_pence=money_once_pence,
        things_delivered=things_delivered,
        things_unit=things_unit,
    )
    core_permissions.check_can_change(user, achievement)
    return _save(achievement)


# What a campaign's followers hear when a step of its story moves. News and the campaign itself are announced by
# the pipeline when first live; actions, asks and achievements have no publishing state of their own, so their
# services tell the followers of a live campaign here.


def _tell_campaign_followers(campaign: Campaign, *, subject: str, message: str, url: str, personal=None) -> int:
    if not Campaign.objects.live().filter(pk=campaign.pk).exists():
        return 0
    return followers_notify(target=campaign, subject=subject, message=message, url=url, personal=personal)


def ask_saved_tell_followers(*, ask: Ask, response_changed: bool) -> None:
    """Tell a saved ask's campaign followers what moved: a new response, and "Did this happen?" once it is due.

    The ask services call it; so does the admin, which saves an ask itself.
    """
    if response_changed and ask.response != Response.PENDING:
        _tell_response(ask)
    _outcome_follow_up(ask)


def action_saved_tell_followers(*, action: Action) -> None:
    """Tell the followers of a new action's live campaign of it (the admin's door to what `action_create` does)."""
    if action.campaign_id is not None:
        subject = f"{action.campaign.title}: {action.get_kind_display().lower()}, {action.title}, {action.when_display}"
        _tell_campaign_followers(
            action.campaign, subject=subject, message=action.summary, url=action.get_absolute_url()
        )


def achievement_saved_tell_followers(*, achievement: Achievement) -> None:
    """Tell the followers of a new achievement's live campaign of it."""
    campaign = achievement.campaign
    subject = f"{campaign.title}: won, {achievement.headline}"
    _tell_campaign_followers(
        campaign, subject=subject, message=achievement.headline, url=achievement.get_absolute_url()
    )


def _tell_response(ask: Ask) -> None:
    to = ask.decision_maker.office if ask.decision_maker_id else "The decision-maker"
    subject = f"{ask.campaign.title}: {to} answered an ask: {ask.get_response_display().lower()}"
    _tell_campaign_followers(ask.campaign, subject=subject, message=ask.topic, url=ask.get_absolute_url())


# Residents confirming the outcome: "Did this happen?"

# The statuses on which followers are asked, and the reason recorded for each.
OUTCOME_ASKED_ON = {
    AskStatus.DELIVERED: OutcomeReason.DELIVERED,
    AskStatus.PARTLY_DELIVERED: OutcomeReason.DELIVERED,
    AskStatus.OVERDUE: OutcomeReason.DUE_DATE_PASSED,
}
# An agreed ask, whether or not it has stalled, is asked about the day after its due date.
_AGREED_STATUSES = (AskStatus.AGREED, AskStatus.STALLED)


class InvalidOutcomeLinkError(Exception):
    """The answer link is forged, altered, too old, made for another ask, or for an ask nobody was asked about."""


def _outcome_message(ask: Ask, reason: str) -> str:
    why = (
        f"It is recorded as {'partly delivered' if ask.status == AskStatus.PARTLY_DELIVERED else 'delivered'}."
        if reason == OutcomeReason.DELIVERED
        else f"It was due by {ask.due_on.day} {ask.due_on:%B %Y}, and nothing delivered is recorded yet."
    )
    put_to = f" It was put to {ask.decision_maker.office}." if ask.decision_maker_id else ""
    return f"“{ask.topic}”, an ask of {ask.campaign.title}.{put_to} {why}\nDid this happen? One click answers:"


def _answer_links(ask_id: int):
    def links(subscription) -> str:
        return "\n".join(
            f"{label}: {answer_url(ask_id=ask_id, subscription_id=subscription.pk, answer=choice)}"
            for choice, label in OutcomeAnswerChoice.choices
        )

    return links


@transaction.atomic
def outcome_question_send(*, ask: Ask) -> OutcomeQuestion | None:
    """Ask the confirmed followers of a delivered or overdue ask's campaign "Did this happen?", once in its life.

    Returns the question, or None when the ask is not delivered or overdue today, is not public, or was asked about
    already. Each follower's update e-mail carries links signed for their own subscription.
    """
    locked = Ask.objects.select_for_update(of=("self",)).filter(pk=ask.pk).order_by().first()
    if locked is None or OutcomeQuestion.objects.filter(ask=locked).exists():
        return None
    reason = OUTCOME_ASKED_ON.get(locked.status)
    if reason is None or not Ask.objects.live().filter(pk=locked.pk).exists():
        return None
    question = OutcomeQuestion.objects.create(ask=locked, reason=reason)
    question.asked_count = _tell_campaign_followers(
        locked.campaign,
        subject=f"Did this happen? {locked.topic}",
        message=_outcome_message(locked, reason),
        url=locked.get_absolute_url(),
        personal=_answer_links(locked.pk),
    )
    question.save(update_fields=["asked_count"])
    return question


def _outcome_follow_up(ask: Ask) -> None:
    """Ask the followers now if the ask is delivered or overdue; else, if it has a due date, the day after it."""
    if ask.status in OUTCOME_ASKED_ON:
        outcome_question_send(ask=ask)
    elif ask.due_on is not None and ask.status in _AGREED_STATUSES:
        day_after = datetime.datetime.combine(ask.due_on + datetime.timedelta(days=1), datetime.time.min)
        when = timezone.make_aware(day_after)
        ask_id = ask.pk
        transaction.on_commit(lambda: ask_outcome_due.using(run_after=when).enqueue(ask_id=ask_id))


@task()
def ask_outcome_due(*, ask_id: int) -> bool:
    """Ask the followers about an ask whose due date has passed, unless it was delivered, moved or asked already."""
    ask = Ask.objects.filter(pk=ask_id).first()
    return ask is not None and outcome_question_send(ask=ask) is not None


def outcome_questions_send_due() -> int:
    """Ask about every public delivered or overdue ask nobody was asked about yet; return how many were sent."""
    due = Ask.objects.live().in_statuses(list(OUTCOME_ASKED_ON)).filter(outcome_question__isnull=True)
    return sum(outcome_question_send(ask=ask) is not None for ask in due)


@transaction.atomic
def outcome_answer_record(*, ask: Ask, token: str, answer: str) -> tuple[OutcomeAnswer, bool]:
    """Record a resident's answer from their signed link; a second answer replaces the first. Return it and created.

    No account is needed: the link is the credential. The answer is stored under a keyed hash of the subscription,
    with no address, so it stays counted (and changeable) after its owner unsubscribes.
    """
    subscription_id = subscription_id_from(token, ask_id=ask.pk)
    if subscription_id is None or not OutcomeQuestion.objects.filter(ask=ask).exists():
        raise InvalidOutcomeLinkError
    answer_row, created = OutcomeAnswer.objects.get_or_create(
        ask=ask, respondent_key=respondent_key(subscription_id), defaults={"answer": answer}
    )
    if not created and answer_row.answer != answer:
        answer_row.answer = answer
        answer_row.full_clean()
        answer_row.save(update_fields=["answer", "changed_at"])
    return answer_row, created
