from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
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
        from communities.models import Membership, Organisation
        from core.fragments import bump_on_commit

        add_navigation(
            "communities", _("Communities"), order=10, page_type="communities.CommunityIndexPage"
        )
        # Every locale has the site's sections, so pages can be translated into it.
        post_save.connect(_open_sections, sender=Locale, dispatch_uid="praxis-locale-sections")
        page_published.connect(_section_published, dispatch_uid="praxis-section-published")
        post_migrate.connect(_migrated, sender=self, dispatch_uid="praxis-migrate-sections")
        # Who may open the admin (communities.permissions.can_open_admin) is asked again.
        from django.contrib.auth.models import Group

        from communities.models import User

        permissions_changed = bump_on_commit("permissions")
        for model in (User, Group):
            for signal in (post_save, post_delete):
                signal.connect(
                    permissions_changed,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"praxis-permissions-{model.__name__}-{signal is post_save}",
                )
        for through in (
            User.groups.through,
            User.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                permissions_changed,
                sender=through,
                weak=False,
                dispatch_uid=f"praxis-permissions-{through.__name__}",
            )
        # Cross-silo figures (communities.selectors.cross_silo_figures) are counted again.
        memberships_changed = bump_on_commit("memberships")
        for model in (Membership, User):
            for signal in (post_save, post_delete):
                signal.connect(
                    memberships_changed,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"praxis-memberships-{model.__name__}-{signal is post_save}",
                )
        # Cached fragments that name organisations (core.fragments) are rendered afresh.
        for signal in (post_save, post_delete):
            signal.connect(
                bump_on_commit("labels"),
                sender=Organisation,
                weak=False,
                dispatch_uid=f"praxis-fragments-organisation-{signal is post_save}",
            )
