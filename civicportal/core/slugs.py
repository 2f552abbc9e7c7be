"""Slugs for rows that services create from a title."""

from django.db import models
from django.utils.text import slugify


def unique_slug(queryset: models.QuerySet, text: str, *, reserved: frozenset[str] = frozenset()) -> str:
    """Return a slug made from `text` that no row of `queryset` has yet.

    A slug in `reserved` would be read as one of the app's own addresses ("new", "feed"), so it gets
    the model's name added: "new" becomes "new-newspost".
    """
    model_name = queryset.model._meta.model_name
    base = slugify(text)[:180] or model_name
    if base in reserved:
        base = f"{base}-{model_name}"
    slug, number = base, 1
    while queryset.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug
