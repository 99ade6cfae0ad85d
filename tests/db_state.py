"""Putting back what the migrations created, after a transactional test's flush.

Django's flush between transactional tests (consumer, cross-process and browser tests)
empties every table. Wagtail's locale, root page and root collection go with it, and the
content types come back with other ids. A server process forked before the flush keeps
the old ids cached and would write rows pointing at the wrong model.
"""

from __future__ import annotations

from django.db import connection


def content_type_ids() -> dict[tuple[str, str], int]:
    from django.contrib.contenttypes.models import ContentType

    return {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}


def ensure_wagtail_root() -> None:
    """Wagtail's locale, root page and root collection (the page factories build on them)."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    locale, _created = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")


def restore_migrated_state(content_types: dict[tuple[str, str], int]) -> None:
    """Content types get back the ids in ``content_types`` (as a running server has them
    cached), then Wagtail's root objects are recreated.

    Django's serialized rollback cannot do this here: Playwright's greenlet sees other
    database connection objects than the ones the test database was set up with.
    """
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    current = content_type_ids()
    if any(current.get(key, pk) != pk for key, pk in content_types.items()):
        quote = connection.ops.quote_name
        # Identifiers from the model registry, quoted; values are parameters.
        columns = [
            (quote(model._meta.db_table), quote(field.column))
            for model in apps.get_models()
            if model._meta.managed and not model._meta.proxy
            for field in model._meta.local_concrete_fields
            if field.is_relation and field.related_model is ContentType
        ]
        shift = 1 + max([*current.values(), *content_types.values()])
        wanted = dict(current)
        spare = shift
        for key in current:
            if key in content_types:
                wanted[key] = content_types[key]
            else:
                spare += 1
                wanted[key] = spare + shift
        with transaction.atomic(), connection.cursor() as cursor:
            # Foreign keys to content types are deferred: checked at commit.
            cursor.execute("UPDATE django_content_type SET id = id + %s", [shift])
            for table, column in columns:
                sql = f"UPDATE {table} SET {column} = {column} + %s"  # noqa: S608
                cursor.execute(sql, [shift])
            for key, pk in current.items():
                for table, column in [(quote("django_content_type"), quote("id")), *columns]:
                    sql = f"UPDATE {table} SET {column} = %s WHERE {column} = %s"  # noqa: S608
                    cursor.execute(sql, [wanted[key], pk + shift])
        ContentType.objects.clear_cache()
    ensure_wagtail_root()


# Every data migration of Praxis's own apps, in migration order, each idempotent
# (tests/test_db_state.py checks that none is missing).
DATA_MIGRATIONS = (
    ("guidebook.migrations.0002_review_workflow_and_groups", "forwards"),
    ("communities.migrations.0008_content_locales", "create_locales"),
    ("guidebook.migrations.0003_editors_translate", "forwards"),
    ("guidebook.migrations.0005_moderators_view_moderation_records", "forwards"),
)


def restore_migration_data() -> None:
    """Rows the data migrations wrote (Wagtail's root objects and default site, the editors'
    and moderators' groups and their permissions, the practice review workflow, the content
    locales), back after a transactional test's flush.

    Tests run in any order across parallel workers, so a test that needs these rows may run
    after a flush in its worker."""
    import importlib

    from django.apps import apps
    from wagtail.models import Page, Site

    ensure_wagtail_root()
    if not Site.objects.exists():  # Wagtail's initial data: a welcome page as the default site
        root = Page.objects.get(depth=1)
        home = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home"))
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    for module_name, function_name in DATA_MIGRATIONS:
        getattr(importlib.import_module(module_name), function_name)(apps, None)
