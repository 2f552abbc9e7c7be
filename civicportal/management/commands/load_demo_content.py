from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicportal.demo import FIXTURES, has_content, load_demo_content


class Command(BaseCommand):
    help = (
        "Load the Nottingham demo content from fixtures/, updating its rows when they are there already. "
        "Refuses to run with DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database without content, so that edits made since the last load are kept.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("This loads demo content and runs only with DEBUG on, never on a public server.")
        if options["if_empty"] and has_content():
            self.stdout.write("The database has content already: kept as it is (make reset-demo reloads the demo).")
            return
        load_demo_content(verbosity=options["verbosity"])
        self.stdout.write(self.style.SUCCESS(f"Loaded the demo content: {', '.join(FIXTURES)}."))
