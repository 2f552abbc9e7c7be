"""Which ward a postcode lies in, loaded from the ONS National Statistics Postcode Lookup.

The lookup is open data under the Open Government Licence; `manage.py import_postcode_lookup` loads the
city's rows and matches them to wards by the ward's ONS code. Until it has been run the table is empty
and the ward finder says that postcodes are not available yet.
"""

import re

from django.db import models

from .wards import Ward

# The shape of a full UK postcode, written without its space: an outward code of a letter or two, a digit,
# and an optional letter or digit, then an inward code of a digit and two letters ("NG11 8NS" -> "NG118NS").
POSTCODE_SHAPE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def normalise_postcode(text: str) -> str:
    """Return the postcode in capitals without spaces, the form the lookup stores ("ng7 2dd" -> "NG72DD")."""
    return "".join(text.split()).upper()


def looks_like_postcode(text: str) -> bool:
    """Return whether the text has the shape of a full UK postcode, in any case and spacing."""
    return bool(POSTCODE_SHAPE.match(normalise_postcode(text)))


class PostcodeLookupQuerySet(models.QuerySet):
    def for_postcode(self, text: str):
        """Keep the row of the postcode, however it is spaced or cased."""
        return self.filter(postcode=normalise_postcode(text))


class PostcodeLookup(models.Model):
    """A postcode of the city and the ward it lies in, from the ONS National Statistics Postcode Lookup."""

    postcode = models.CharField(
        "postcode", max_length=7, unique=True, help_text="In capitals without a space, such as NG72DD."
    )
    ward = models.ForeignKey(Ward, verbose_name="ward", on_delete=models.CASCADE, related_name="postcodes")

    objects = PostcodeLookupQuerySet.as_manager()

    class Meta:
        ordering = ["postcode"]
        verbose_name = "postcode"

    def __str__(self):
        return f"{self.postcode} in {self.ward}"
