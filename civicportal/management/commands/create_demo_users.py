from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from civicportal.demo import DEMO_PASSWORD, create_demo_users


class Command(BaseCommand):
    help = "Create one demo account per role, all with the same known password. Refuses to run with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-second-factor",
            action="store_true",
            help="Take away the demo accounts' authenticator apps and recovery codes: the next sign-in sets them up.",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo accounts have a published password: this runs only with DEBUG on.")
        usernames = create_demo_users(reset_second_factor=options["reset_second_factor"])
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo accounts {', '.join(usernames)}; each has the password '{DEMO_PASSWORD}'. "
                "At their first sign-in, editor and admin set up two-step verification with an authenticator app."
            )
        )
