"""Who sees the mail queue in the admin: superusers only (addresses and texts of other
people's mail), and nobody edits it; a superuser may send a queued or failed message
again at once."""

from __future__ import annotations

from wagtail.permission_policies.base import BasePermissionPolicy


def can_manage_outbox(user) -> bool:
    return bool(user and user.is_active and user.is_superuser)


class SuperusersReadOnly(BasePermissionPolicy):
    """Wagtail's permission policy for the queue's listing: superusers view, nobody adds,
    edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and can_manage_outbox(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and can_manage_outbox(user)

    def users_with_any_permission(self, actions):
        from django.contrib.auth import get_user_model

        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])
