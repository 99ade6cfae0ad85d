"""Keep live sockets honest when membership or login changes."""

from django.contrib.auth.signals import user_logged_out
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
