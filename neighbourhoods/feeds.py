"""Feeds residents take into their own tools: a ward's news as Atom, events as iCalendar (with repeat rules)."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from icalendar import Calendar, vRecur
from icalendar import Event as CalendarEvent

from civicportal.core.syndication import PlainTextAtomFeed

from . import recurrence
from .models import Event, LocalCampaign, Ward, WardNews

FEED_LENGTH = 30


# An invented event must not reach someone's calendar or feed reader looking like a real one.
DEMONSTRATION_NOTE = "Demonstration event: its date and place illustrate the portal and are not a published fact."


def _demonstration_note(event: Event, *, end: str = " ") -> str:
    return f"{DEMONSTRATION_NOTE}{end}" if event.is_demonstration else ""


class WardFeed(Feed):
    """A ward's news, new events and campaigns (its own and the city-wide ones), newest first."""

    feed_type = PlainTextAtomFeed

    def get_object(self, request, slug):
        return get_object_or_404(Ward, slug=slug)

    def title(self, ward):
        return f"{ward.name} ward: news, events and campaigns"

    def link(self, ward):
        return ward.get_absolute_url()

    def subtitle(self, ward):
        return f"News, events and behaviour-change campaigns of the {ward.name} Neighbourhood Action Team."

    def items(self, ward):
        events = list(
            Event.objects.live().filter(ward=ward).select_related("ward").order_by("-publish_at")[:FEED_LENGTH]
        )
        campaigns = list(
            LocalCampaign.objects.live().reaching(ward).select_related("ward").order_by("-publish_at")[:FEED_LENGTH]
        )
        news = list(WardNews.objects.live().filter(ward=ward).select_related("ward")[:FEED_LENGTH])
        return sorted([*events, *campaigns, *news], key=lambda item: item.publish_at, reverse=True)[:FEED_LENGTH]

    def item_title(self, item):
        kind = {Event: "Event", LocalCampaign: "Campaign", WardNews: "News"}[type(item)]
        if isinstance(item, Event) and item.is_demonstration:
            kind = "Demonstration event"
        return f"{kind}: {item.title}"

    def item_description(self, item):
        if isinstance(item, Event):
            when = item.repeats or timezone.localtime(item.starts_at).strftime("%-d %B %Y, %H:%M")
            return f"{_demonstration_note(item)}{item.summary} {when}, at {item.venue}."
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Civic Portal Nottingham//Neighbourhoods//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _absolute(request, path: str) -> str:
    return request.build_absolute_uri(path)


def calendar_event(request, event: Event, *, stamp: datetime.datetime) -> CalendarEvent:
    """Return an event as an iCalendar VEVENT in local time, with its repeat rule and a link to its page.

    A demonstration event says so in its SUMMARY and at the head of its DESCRIPTION.
    """
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{request.get_host()}")
    item.add("dtstamp", stamp)
    item.add("dtstart", event.starts_at.astimezone(recurrence.LONDON))
    item.add("dtend", event.ends_at.astimezone(recurrence.LONDON))
    item.add("summary", f"{event.title} (demonstration event)" if event.is_demonstration else event.title)
    url = _absolute(request, event.get_absolute_url())
    description = f"{_demonstration_note(event, end='\n\n')}{event.summary}\n\n{event.accessibility}\n\nMore: {url}"
    item.add("description", description.replace("\n\n\n\n", "\n\n"))
    item.add("location", ", ".join(part for part in (event.venue, event.venue_address) if part))
    item.add("url", url)
    item.add("categories", [event.ward.name])
    item.add("last-modified", event.updated_at)
    if event.recurrence:
        item.add("rrule", vRecur.from_ical(event.recurrence.removeprefix("RRULE:")))
    return item


def _calendar_response(request, calendar: Calendar, events, filename: str) -> HttpResponse:
    stamp = timezone.now()
    for event in events:
        calendar.add_component(calendar_event(request, event, stamp=stamp))
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _calendar_events(queryset):
    # Upcoming events and those of the last three months, so a new subscriber sees what is coming.
    since = timezone.now() - datetime.timedelta(days=92)
    return queryset.live().upcoming(since).select_related("ward")


def city_calendar(request):
    """Serve every ward's events as one iCalendar feed."""
    events = _calendar_events(Event.objects.all())
    return _calendar_response(request, _calendar("Nottingham neighbourhood events"), events, "nottingham-events.ics")


def ward_calendar(request, slug):
    """Serve one ward's events as an iCalendar feed."""
    ward = get_object_or_404(Ward, slug=slug)
    events = _calendar_events(Event.objects.filter(ward=ward))
    return _calendar_response(request, _calendar(f"{ward.name} ward events"), events, f"{ward.slug}-events.ics")


def event_calendar(request, slug):
    """Serve one event as an iCalendar file, for "add to calendar"."""
    event = get_object_or_404(Event.objects.live().select_related("ward"), slug=slug)
    return _calendar_response(request, _calendar(event.title), [event], f"{event.slug}.ics")
