"""Shared pieces of the read-only Wagtail admin views (threads, posts, flags, meetings,
rounds, exchanges): every write goes through the apps' services and public pages, so the
admin lists, inspects, shows history and exports, and never edits."""

from __future__ import annotations

from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Django's ``view_<model>`` permission (superusers have every permission) lets a user
    see the listing, inspect view, history and export; nobody adds, edits or deletes."""

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return super().users_with_any_permission([]).none()
        return super().users_with_any_permission(["view"])

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])


def register_view_only(*models) -> None:
    """The admin only lists, inspects and exports ``models`` (``ViewOnlyPermissionPolicy``)."""
    for model in models:
        register_permission_policy(model, ViewOnlyPermissionPolicy(model))


class ViewableHistoryView(HistoryView):
    """An object's history for those who may view it (Wagtail asks for add/change/delete)."""

    any_permission_required = ["add", "change", "delete", "view"]


class ReadOnlyModelViewSet(ModelViewSet):
    """Listing, inspect, history and export; no add, edit, copy or delete (the permission
    policy refuses them; ``form_fields`` only satisfies Wagtail's form factory)."""

    inspect_view_enabled = True
    copy_view_enabled = False
    history_view_class = ViewableHistoryView
    export_headings: dict = {}
    # Searched with Django's QuerySet API over ``search_fields``, not a search index.
    search_backend_name = None

    def get_index_queryset(self):
        """The listing's rows, with what its columns follow (joins, annotated counts)."""
        return self.model._default_manager.all()

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=self.get_index_queryset(), **kwargs)
