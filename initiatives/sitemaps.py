"""The programmes' and initiatives' pages for the sitemap: front page and lists, and every live item with a page."""

from django.urls import reverse

from civicportal.core.sitemaps import Entry, PortalSitemap

from .models import CaseStudy, Indicator, Initiative, Programme, ProgressReport, Project


class InitiativesSitemap(PortalSitemap):
    pages = (
        "initiatives:index",
        "initiatives:projects",
        "initiatives:indicators",
        "initiatives:trend_rule",
        "initiatives:reporting_status",
        "initiatives:case_studies",
    )

    def content(self):
        return [
            Programme.objects.live().only("slug", "updated_at"),
            Project.objects.live().only("slug"),
            Indicator.objects.only("slug", "updated_at"),
            Initiative.objects.live().only("slug", "updated_at"),
            # A report of an initiative that is not live is not shown either.
            ProgressReport.objects.live()
            .filter(initiative__in=Initiative.objects.live())
            .select_related("initiative")
            .only("slug", "updated_at", "initiative__slug"),
            CaseStudy.objects.live().only("slug", "updated_at"),
        ]

    def extra_entries(self):
        for slug in Initiative.objects.live().values_list("slug", flat=True):
            yield Entry(reverse("initiatives:reports", kwargs={"slug": slug}))
