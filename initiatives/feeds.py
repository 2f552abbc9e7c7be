"""Atom feeds: the case studies, an initiative's progress reports, and a programme's new indicator values."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse

from civicportal.core.syndication import PlainTextAtomFeed

from . import trends
from .models import CaseStudy, IndicatorValue, Initiative, Programme, ProgressReport
from .units import format_in_unit

FEED_LENGTH = 30


class CaseStudiesFeed(Feed):
    """The published case studies, newest first."""

    feed_type = PlainTextAtomFeed

    def title(self):
        return f"Case studies – {settings.SITE_NAME}"

    def subtitle(self):
        return "How the university's staff and students work with the city's civic initiatives."

    def link(self):
        return reverse("initiatives:case_studies")

    def items(self):
        return CaseStudy.objects.live().order_by("-publish_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.department or "Nottingham Trent University"


class InitiativeReportsFeed(Feed):
    """The published progress reports of one initiative, newest first."""

    feed_type = PlainTextAtomFeed

    def get_object(self, request, slug):
        return get_object_or_404(Initiative.objects.live(), slug=slug)

    def title(self, obj):
        return f"{obj.title}: progress reports – {settings.SITE_NAME}"

    def subtitle(self, obj):
        return obj.summary

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            ProgressReport.objects.live()
            .filter(initiative=obj)
            .select_related("initiative")
            .order_by("-publish_at")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return f"{item.title}: {item.period_label}"

    def item_description(self, item):
        return item.summary or f"Progress report for {item.period_label}."

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.initiative.title


class ProgrammeUpdatesFeed(Feed):
    """The newest values of a programme's outcome indicators."""

    feed_type = PlainTextAtomFeed

    def get_object(self, request, slug):
        return get_object_or_404(Programme.objects.live(), slug=slug)

    def title(self, obj):
        return f"{obj.title}: new figures – {settings.SITE_NAME}"

    def subtitle(self, obj):
        return obj.summary

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return (
            IndicatorValue.objects.filter(indicator__programmes=obj)
            .select_related("indicator")
            .order_by("-created_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        if item.is_suppressed:
            return f"{item.indicator.title}: not shown ({item.label})"
        return f"{item.indicator.title}: {format_in_unit(item.value, item.indicator.unit)} ({item.label})"

    def item_description(self, item):
        note = " This is a demonstration value." if item.is_demonstration else ""
        if item.is_suppressed:
            note += f" It rests on fewer than {trends.MIN_SAMPLE_SIZE} answers, so it is not shown."
        return f"{item.indicator.title} in {item.indicator.area} for {item.label}.{note}"

    def item_link(self, item):
        return item.indicator.get_absolute_url()

    def item_guid(self, item):
        return f"{item.indicator.get_absolute_url()}#value-{item.date.isoformat()}"

    def item_pubdate(self, item):
        return item.created_at
