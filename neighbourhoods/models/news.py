"""Short news posts from a ward's team."""

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from civicportal.core.fields import RichTextField
from civicportal.core.models import SlugNaturalKeyManager
from civicportal.core.publishing import Publishable, PublishableQuerySet

from .wards import Ward


class WardNews(Publishable):
    """A short news post from a ward's team: something fixed, a decision, a call for volunteers."""

    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.PROTECT, related_name="news")
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug", max_length=200, unique=True, help_text="The post's part of the address.")
    summary = models.CharField("summary", max_length=300, help_text="One sentence shown in lists and e-mails.")
    body = RichTextField("body")

    history = HistoricalRecords()
    objects = SlugNaturalKeyManager.from_queryset(PublishableQuerySet)()

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        verbose_name = "ward news post"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("neighbourhoods:news", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)
