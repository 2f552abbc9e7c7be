"""Build the whole-portal open-data export now, as the worker does a minute after content changes."""

from django.core.management.base import BaseCommand

from civicportal import opendata


class Command(BaseCommand):
    help = "Build the open-data export (every live item as CSV and JSON in one zip) and store it."

    def handle(self, *args, **options):
        name = opendata.export_build()
        self.stdout.write(f"Built {name}.")
