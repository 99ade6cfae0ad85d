"""``manage.py run_jobs``: the periodic jobs (``core.jobs``) in this process.

For scale-out: run it in one or more worker processes (the jobs are safe to run in
several at once), or from cron with ``--once``; then set ``PRAXIS_JOBS_IN_PROCESS=false``
so the web processes leave the jobs to the workers.
"""

from __future__ import annotations

import contextlib

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from core import jobs


class Command(BaseCommand):
    help = "Run the periodic jobs (the mail queue and others): forever, or once with --once."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Run every due job once and exit (for cron)."
        )

    def handle(self, *args, once: bool = False, **options):
        if once:
            try:
                names = jobs.run_due()
            finally:
                close_old_connections()
            if options["verbosity"] > 1:
                self.stdout.write("Ran: " + (", ".join(names) or "nothing"))
            return
        self.stdout.write("Running periodic jobs; stop with Ctrl-C.")
        with contextlib.suppress(KeyboardInterrupt):
            jobs.loop_forever()
