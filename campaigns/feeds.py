"""The alliance's open data in the formats people's tools read: Atom for news, iCalendar for upcoming actions."""

import icalendar
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from civicportal.core.syndication import PlainTextAtomFeed

from .models import Action, Arrangement, Campaign, NewsPost
from .partial_dates import DatePrecision

FEED_LENGTH = 30


class NewsFeed(Feed):
    """All the alliance's published news, newest first."""

    feed_type = PlainTextAtomFeed
    title = f"Alliance news – {settings.SITE_NAME}"
    subtitle = "News and campaign updates from Nottingham's community-organising alliance."

    def link(self):
        return reverse("campaigns:news")

    def items(self):
        return self.posts()[:FEED_LENGTH]

    def posts(self):
        return NewsPost.objects.live().select_related("chapter").order_by("-publish_at")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.chapter.name


class CampaignNewsFeed(NewsFeed):
    """The published news of one campaign."""

    def get_object(self, request, slug):
        return get_object_or_404(Campaign.objects.live(), slug=slug)

    def title(self, obj):
        return f"{obj.title}: news – {settings.SITE_NAME}"

    def subtitle(self, obj):
        return obj.summary

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.posts().filter(campaign=obj)[:FEED_LENGTH]


CALENDAR_STATUS = {
    Arrangement.AS_PLANNED: "CONFIRMED",
    Arrangement.POSTPONED: "TENTATIVE",
    Arrangement.CANCELLED: "CANCELLED",
}


def upcoming_actions_calendar(request):
    """Return the upcoming public actions as an iCalendar file that calendar programs subscribe to."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Civic Portal Nottingham//Alliance actions//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Alliance actions and assemblies")
    now = timezone.now()
    actions = Action.objects.live().upcoming().select_related("chapter").order_by("starts_at")[:200]
    for action in actions:
        event = icalendar.Event()
        event.add("uid", f"campaigns-action-{action.pk}@{request.get_host()}")
        event.add("dtstamp", now)
        starts = timezone.localtime(action.starts_at)
        event.add("dtstart", starts if action.date_precision == DatePrecision.TIME else starts.date())
        event.add("summary", action.title)
        description = action.summary
        if action.arrangement != Arrangement.AS_PLANNED:
            description = f"{action.get_arrangement_display()}: {action.arrangement_reason}\n\n{description}"
        event.add("description", description)
        if action.venue:
            event.add("location", action.venue)
        event.add("url", request.build_absolute_uri(action.get_absolute_url()))
        event.add("status", CALENDAR_STATUS[action.arrangement])
        event.add("organizer", f"mailto:{action.chapter.contact_email}", parameters={"cn": action.chapter.name})
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="alliance-actions.ics"'
    return response
