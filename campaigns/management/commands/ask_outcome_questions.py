"""Ask "Did this happen?" about every public ask that is delivered or overdue and was never asked about.

The worker asks about each ask by itself (when it is delivered, and the day after its due date); this command
catches up on asks that became due while their campaign was not public, or before the worker ran. Safe to run at
any time: an ask is asked about once in its life.
"""

from django.core.management.base import BaseCommand

from campaigns import services


class Command(BaseCommand):
    help = 'Ask the followers "Did this happen?" about public asks that are delivered or overdue and not asked yet.'

    def handle(self, *args, **options):
        sent = services.outcome_questions_send_due()
        self.stdout.write(f"Asked about {sent} ask{'s' if sent != 1 else ''}.")
