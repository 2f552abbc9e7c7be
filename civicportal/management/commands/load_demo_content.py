from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicportal.demo import FIXTURES, load_demo_content


class Command(BaseCommand):
    help = "Load the Nottingham demo content from fixtures/. Safe to run again; refuses to run with DEBUG off."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("This loads demo content and runs only with DEBUG on, never on a public server.")
        load_demo_content(verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo content: {', '.join(FIXTURES)}."))
