"""Take a publishing step from the command line, as a named user, through the same pipeline as every other door.

    manage.py publishing publish campaigns.newspost 12 --user editor
    manage.py publishing publish campaigns.newspost 12 --user editor --at 2027-03-01T09:00+00:00
    manage.py publishing send_back initiatives.casestudy 3 --user editor --reason "Name the partners."

The user's role decides what is allowed, as in the admin: there is no way round the policy here.
"""

import datetime

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from civicportal.core import pipeline
from civicportal.core.publishing import Publishable

STEPS = ("submit", "send_back", "publish", "unpublish", "archive")


class Command(BaseCommand):
    help = "Submit, send back, publish (now or at a time), unpublish or archive one item, as a named user."

    def add_arguments(self, parser):
        parser.add_argument("step", choices=STEPS)
        parser.add_argument("model", help="app_label.model, for example campaigns.newspost")
        parser.add_argument("pk", type=int)
        parser.add_argument("--user", required=True, help="the username the step is taken as")
        parser.add_argument("--at", help="for publish: when it appears, as an ISO 8601 time with its offset")
        parser.add_argument("--reason", default="", help="for send_back: what the author should change")

    def handle(self, *args, step, model, pk, user, at, reason, **options):
        try:
            model_class = apps.get_model(model)
        except (LookupError, ValueError) as error:
            raise CommandError(f"No such model: {model}.") from error
        if not issubclass(model_class, Publishable):
            raise CommandError(f"{model} does not go through the publishing pipeline.")
        item = model_class._default_manager.filter(pk=pk).first()
        if item is None:
            raise CommandError(f"No {model} with id {pk}.")
        actor = get_user_model()._default_manager.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user called {user}.")
        kwargs = {"item": item, "user": actor}
        if step == "publish" and at:
            kwargs["publish_at"] = self._time(at)
        if step == "send_back":
            if not reason.strip():
                raise CommandError("Say what should change, with --reason.")
            kwargs["reason"] = reason
        try:
            getattr(pipeline, step)(**kwargs)
        except PermissionDenied as error:
            raise CommandError(f"{user} may not {step.replace('_', ' ')} this {model}.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        item.refresh_from_db()
        self.stdout.write(f"{item}: {item.state.label.lower()}.")

    def _time(self, value: str) -> datetime.datetime:
        try:
            when = datetime.datetime.fromisoformat(value)
        except ValueError as error:
            raise CommandError("Give --at as an ISO 8601 time, for example 2027-03-01T09:00+00:00.") from error
        if when.tzinfo is None:
            raise CommandError("Give --at with its offset from UTC, for example 2027-03-01T09:00+00:00.")
        return when
