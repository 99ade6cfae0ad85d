from django.core.management.base import BaseCommand

from digests.services import send_due_digests


class Command(BaseCommand):
    help = "Send the e-mail digests that are due (daily or weekly, as each person chose)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now", action="store_true", help="Treat every digest as due and send it now."
        )

    def handle(self, *args, now=False, **options):
        sent = send_due_digests(force=now)
        self.stdout.write(f"Sent {sent} digest(s).")
