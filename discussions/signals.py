"""Keep live sockets honest when membership or login changes."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_init, post_save, pre_save
from django.dispatch import receiver

from communities.signals import membership_changed
from discussions import events


@receiver(membership_changed)
def revoke_or_grant_live_access(sender, *, change, user_id, community_id, **kwargs):
    if change in {"left", "removed"}:
        events.membership_revoked(user_id=user_id, community_id=community_id)
    elif change == "joined":
        events.send_now(
            events.user_group(user_id),
            {"type": "access.granted", "event": "membership.granted", "community_id": community_id},
        )
    elif change == "role":
        # A facilitator who steps back must stop getting hidden posts' moderator view (and
        # a facilitator appointed directly starts following the community's feed).
        events.send_now(
            events.user_group(user_id),
            {"type": "access.recheck", "event": "membership.role", "community_id": community_id},
        )


@receiver(membership_changed)
def notify_about_join_requests(sender, *, membership, change, **kwargs):
    """Facilitators see a join request among their notifications, and the person asking
    sees the decision there (both are e-mailed by communities' services as well)."""
    from discussions.services import notify_membership

    if change in {"requested", "approved", "declined"}:
        notify_membership(membership=membership, change=change)


@receiver(user_logged_out)
def close_sockets_on_logout(sender, request, user, **kwargs):
    if user is not None:
        session_key = getattr(getattr(request, "session", None), "session_key", None) or ""
        events.session_ended(user_id=user.pk, session_key=session_key)


# Password or active flag changed (a password change, an admin or a service deactivating
# the account): sockets check their login session again. The values as loaded are kept on
# the instance (never loading a deferred field for it), compared when it is saved.
_LOGIN_FIELDS = ("password", "is_active")


@receiver(post_init, sender=settings.AUTH_USER_MODEL)
def remember_login_fields(sender, instance, **kwargs):
    instance._praxis_login_fields = tuple(instance.__dict__.get(f) for f in _LOGIN_FIELDS)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def recheck_sockets_on_login_change(sender, instance, created, update_fields=None, **kwargs):
    now = tuple(instance.__dict__.get(f) for f in _LOGIN_FIELDS)
    before = getattr(instance, "_praxis_login_fields", now)
    instance._praxis_login_fields = now
    if created or (update_fields is not None and not set(update_fields) & set(_LOGIN_FIELDS)):
        return
    if before != now:
        events.login_changed(user_id=instance.pk)


# A community's visibility changed (published from the admin, or saved by a service):
# open sockets of its threads decide again (public -> members-only closes outsiders').
_ACCESS_FIELDS = ("visibility", "live")


@receiver(pre_save, sender="communities.CommunityPage")
def remember_community_access(sender, instance, update_fields=None, **kwargs):
    instance._praxis_access_was = None
    if instance.pk and (update_fields is None or set(update_fields) & set(_ACCESS_FIELDS)):
        instance._praxis_access_was = (
            sender.objects.filter(pk=instance.pk).values_list(*_ACCESS_FIELDS).first()
        )


@receiver(post_save, sender="communities.CommunityPage")
def recheck_sockets_on_access_change(sender, instance, created, **kwargs):
    was = getattr(instance, "_praxis_access_was", None)
    now = tuple(getattr(instance, f) for f in _ACCESS_FIELDS)
    if not created and was is not None and was != now:
        events.community_access_changed(community_id=instance.pk)
