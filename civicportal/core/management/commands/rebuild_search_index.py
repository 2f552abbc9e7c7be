from django.core.management.base import BaseCommand
from django.db import transaction

from civicportal.core import search


class Command(BaseCommand):
    help = (
        "Write the site-wide search index again from every live item. Safe to run at any time and as often as "
        "you like; residents keep seeing the old index until the new one is committed."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            indexed = search.rebuild()
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Indexed {indexed} live items for search."))
