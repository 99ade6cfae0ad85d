"""``manage.py seed_demo``: the demo site, app by app.

Each app's ``demo`` package registers a seeder with ``core.demo.register``; this command
runs them in their declared order (communities, discussions, meetings, peer learning, the
guidebook, programmes) inside one transaction, then prints what was created and the demo
logins. The seeders are idempotent: a second run changes nothing, and whatever demo users
did in the meantime is kept.
"""

from __future__ import annotations

import contextlib
import os

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from core.demo import DEMO_PASSWORD, SeedContext, seeders


class Command(BaseCommand):
    help = (
        "Create the demo site: home page, communities index, organisations, people, "
        "communities and their discussions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even under production settings (it creates a superuser with a "
            "published password).",
        )

    def handle(self, *args, **options):
        # Under override_settings (tests) SETTINGS_MODULE reads None: use the environment's.
        module = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith(".production") and not options["allow_production"]:
            raise CommandError(
                "seed_demo creates accounts with a published password; refusing to run under "
                "production settings (use --allow-production for a demo server)."
            )
        context = SeedContext(
            now=timezone.now(),
            # Hashing is deliberately slow; do it once for every demo account.
            password_hash=make_password(DEMO_PASSWORD),
            stdout=self.stdout,
            stderr=self.stderr,
        )
        # Services tell people by e-mail (a selected challenge, a promoted RSVP); demo
        # content is not news, so those messages go nowhere.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
            self.indexing_at_the_end(context),
        ):
            for seeder in seeders():
                counts = seeder.seed(context)
                if isinstance(counts, dict):
                    context.created.update(counts)
        self.report(context)

    @contextlib.contextmanager
    def indexing_at_the_end(self, context: SeedContext):
        """Update the search index once, in bulk, when everything is written.

        modelsearch indexes each object as it is saved; with the Whoosh backend that is one
        index commit per object (about a tenth of a second each), which made seeding three
        times slower. Objects are also indexed with their final, back-dated timestamps.
        """
        from django.db.models.signals import post_save
        from modelsearch import index as search_index
        from modelsearch.backends import get_search_backends
        from modelsearch.signal_handlers import post_save_signal_handler

        saved: dict[type, set] = {}

        def remember(sender, instance, raw=False, **kwargs):
            if not raw:
                saved.setdefault(sender, set()).add(instance.pk)

        models = [
            model
            for model in search_index.get_indexed_models()
            if getattr(model, "search_auto_update", True)
        ]
        for model in models:
            post_save.disconnect(post_save_signal_handler, sender=model)
            post_save.connect(remember, sender=model, weak=False)
        try:
            yield
        finally:
            for model in models:
                post_save.disconnect(remember, sender=model)
                post_save.connect(post_save_signal_handler, sender=model)

        batches: dict[type, list] = {}
        for sender, pks in saved.items():
            for instance in sender.objects.filter(pk__in=pks):
                indexed = search_index.get_indexed_instance(instance)
                if indexed is not None:
                    batches.setdefault(type(indexed), []).append(indexed)
        for backend in get_search_backends(with_auto_update=True):
            for model, instances in batches.items():
                backend.add_bulk(model, instances)
        if batches:
            context.created["objects indexed for search"] += sum(map(len, batches.values()))

    def report(self, context: SeedContext) -> None:
        write = self.stdout.write
        if any(context.created.values()):
            write(self.style.SUCCESS("Demo data created:"))
            for label, count in context.created.items():
                if count:
                    write(f"  {label}: {count}")
        else:
            write(self.style.SUCCESS("Nothing to create: the demo data is already in place."))
        for summary in context.summaries:
            write(summary())
        write("")
        if not context.logins:
            return
        write(self.style.MIGRATE_HEADING("Demo logins (sign in at /accounts/login/):"))
        width = max(len(login["username"]) for login in context.logins)
        for login in context.logins:
            write(f"  {login['username']:<{width}}  password: {login['password']}")
            write(f"  {'':<{width}}  {login['role']}")
        write("")
