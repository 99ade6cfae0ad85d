from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def _open_sections(**kwargs):
    from communities.services import open_sections_in_locales

    open_sections_in_locales()


def _migrated(using="default", **kwargs):
    """After ``migrate`` to the latest state (not to an older one: the models would not
    match the tables), the existing site's sections get their aliases in every locale."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        _open_sections()


def _section_published(sender, instance, **kwargs):
    # A section published for the first time (depth 2: the home page, 3: its children).
    if instance.depth <= 3:
        _open_sections()


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from wagtail.models import Locale
        from wagtail.signals import page_published

        from communities.extensions import add_navigation

        add_navigation(
            "communities", _("Communities"), order=10, page_type="communities.CommunityIndexPage"
        )
        # Every locale has the site's sections, so pages can be translated into it.
        post_save.connect(_open_sections, sender=Locale, dispatch_uid="praxis-locale-sections")
        page_published.connect(_section_published, dispatch_uid="praxis-section-published")
        post_migrate.connect(_migrated, sender=self, dispatch_uid="praxis-migrate-sections")
