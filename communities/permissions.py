"""Who may see and do what with a community. The one place that decides.

Pages, search, feeds, API and WebSocket consumers call these functions (or use
``visible_community_filter`` in queries); nothing else re-derives the rules.

Rules:
- A public community is readable by anyone, including anonymous visitors.
- A members-only community is readable by its active members and by staff who can
  already read it in the Wagtail admin (superusers and admin users). To everyone else it
  does not exist (404), except for the index card when its facilitators list it.
- Posting needs an active membership.
- Facilitator actions need an active facilitator membership (or superuser).

The other apps build on this module: ``is_active_user`` and ``is_platform_admin`` are the
only checks of "a signed-in, active person" and of "a superuser" in any permissions module.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from communities.models import (
    CommunityPage,
    JoinPolicy,
    Membership,
    MembershipRole,
    MembershipStatus,
    Visibility,
)


class PermissionDenied(Exception):
    """A user-facing refusal; the message is safe to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_active_user(user) -> bool:
    """A signed-in person whose account is active: where every rule about a person starts
    (every app's permissions use this, never their own check)."""
    return bool(user is not None and user.is_authenticated and user.is_active)


def is_platform_admin(user) -> bool:
    """An active superuser. The one superuser rule: wherever the apps let superusers
    through (facilitating, coordinating, editing, reading restricted threads), they ask this."""
    return is_active_user(user) and user.is_superuser


def is_staff_reader(user) -> bool:
    """Superusers and Wagtail admin users read every community (they can in the admin)."""
    return is_platform_admin(user) or (
        is_active_user(user) and user.has_perm("wagtailadmin.access_admin")
    )


def can_open_admin(user) -> bool:
    """Whether the header links to the Wagtail admin: ``is_staff_reader``, kept in the
    cache per person under the ``permissions`` generation (``core.fragments``; moved on
    when a person, a group or their permissions change, ``communities.apps``), so a page
    does not load every permission of the reader (two queries) to draw one link. The
    admin checks the permission itself; this only decides whether the link is shown."""
    if not is_active_user(user):
        return False
    if user.is_superuser:
        return True
    from django.core.cache import cache

    from core.fragments import generation

    version = generation("permissions")
    if version is None:
        return is_staff_reader(user)
    key = f"praxis:admin-link:{user.pk}:{version}"
    answer = cache.get(key)
    if answer is None:
        answer = int(is_staff_reader(user))
        cache.set(key, answer, 3600)
    return bool(answer)


def membership_for(user, community: CommunityPage) -> Membership | None:
    """The user's membership row for ``community``, cached on the community instance."""
    if not user.is_authenticated:
        return None
    cache = community.__dict__.setdefault("_membership_cache", {})
    if user.pk not in cache:
        cache[user.pk] = Membership.objects.filter(user=user, community=community).first()
    return cache[user.pk]


def is_active_member(user, community: CommunityPage) -> bool:
    membership = membership_for(user, community)
    return bool(membership and membership.is_active)


def is_facilitator(user, community: CommunityPage) -> bool:
    membership = membership_for(user, community)
    return bool(membership and membership.is_facilitator)


def can_view_community(user, community: CommunityPage) -> bool:
    if not community.live:
        return is_staff_reader(user)
    if community.visibility == Visibility.PUBLIC:
        return True
    return is_active_member(user, community) or is_staff_reader(user)


def can_see_card(user, community: CommunityPage) -> bool:
    """May the user know the community exists (its index card)?"""
    if can_view_community(user, community):
        return True
    if community.live and community.listed_in_index:
        return True
    return _has_open_invitation(user, community)


def can_post(user, community: CommunityPage) -> bool:
    return is_active_user(user) and is_active_member(user, community)


def can_facilitate(user, community: CommunityPage) -> bool:
    if not is_active_user(user):
        return False
    return is_platform_admin(user) or is_facilitator(user, community)


def facilitated_communities(user):
    """The live communities ``user`` may facilitate (``can_facilitate``), as one queryset."""
    communities = CommunityPage.objects.live()
    if not (user.is_authenticated and user.is_active):
        return communities.none()
    if user.is_superuser:
        return communities
    return communities.filter(
        Exists(
            Membership.objects.filter(
                community=OuterRef("pk"),
                user=user,
                status=MembershipStatus.ACTIVE,
                role=MembershipRole.FACILITATOR,
            )
        )
    )


def can_join_directly(user, community: CommunityPage) -> bool:
    return community.join_policy == JoinPolicy.OPEN and can_view_community(user, community)


def can_request_to_join(user, community: CommunityPage) -> bool:
    return community.join_policy == JoinPolicy.REQUEST and can_see_card(user, community)


def _has_open_invitation(user, community: CommunityPage) -> bool:
    membership = membership_for(user, community)
    return bool(membership and membership.status == MembershipStatus.INVITED)


def access_community(user, community: CommunityPage) -> None:
    """Raise 404 (never 403) when the user may not read the community: the same answer
    as for a community that does not exist."""
    if not can_view_community(user, community):
        raise Http404


def access_facilitation(user, community: CommunityPage) -> None:
    access_community(user, community)
    if not can_facilitate(user, community):
        raise PermissionDenied(_("Only the community's facilitators can do that."))


# Query-side versions of the same rules, for lists and search.


def _active_membership_exists(user):
    return Exists(
        Membership.objects.filter(
            community=OuterRef("pk"), user=user, status=MembershipStatus.ACTIVE
        )
    )


def readable_community_filter(user) -> Q:
    """A Q on CommunityPage matching what ``can_view_community`` allows (live pages)."""
    if is_staff_reader(user):
        return Q(live=True)
    readable = Q(live=True, visibility=Visibility.PUBLIC)
    if user.is_authenticated:
        readable |= Q(live=True) & Q(_active_membership_exists(user))
    return readable


def card_community_filter(user) -> Q:
    """A Q on CommunityPage matching what ``can_see_card`` allows (live pages)."""
    visible = readable_community_filter(user) | Q(live=True, listed_in_index=True)
    if user.is_authenticated:
        visible |= Q(live=True) & Q(
            Exists(
                Membership.objects.filter(
                    community=OuterRef("pk"), user=user, status=MembershipStatus.INVITED
                )
            )
        )
    return visible


# Many people at once: the same rules as ``is_staff_reader`` and ``can_view_community``,
# as a Q on User (one query decides for a whole list of recipients).


def _has_admin_access(user_ref) -> Q:
    """``user.has_perm("wagtailadmin.access_admin")`` for active users (ModelBackend: the
    permission given to them or to one of their groups), as a Q; ``user_ref`` is the
    user's pk (an ``OuterRef`` into the filtered rows)."""
    from django.contrib.auth.models import Permission

    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    return Q(Exists(access_admin.filter(user=user_ref))) | Q(
        Exists(access_admin.filter(group__user=user_ref))
    )


def staff_reader_users_filter() -> Q:
    """A Q on User matching ``is_staff_reader``."""
    return Q(is_active=True) & (Q(is_superuser=True) | _has_admin_access(OuterRef("pk")))


def community_viewers_filter(community: CommunityPage) -> Q:
    """A Q on User matching the people for whom ``can_view_community(user, community)``
    holds (fails closed: a community not live is for staff readers only)."""
    if not community.live:
        return staff_reader_users_filter()
    if community.visibility == Visibility.PUBLIC:
        return Q()
    member = Exists(
        Membership.objects.filter(
            community_id=community.pk, user_id=OuterRef("pk"), status=MembershipStatus.ACTIVE
        )
    )
    return Q(member) | staff_reader_users_filter()


def community_readable_by_filter(*, community: str, user: str, live_only: bool = False) -> Q:
    """``can_view_community`` between two columns of the filtered rows, as a Q: the
    community at the path ``community`` readable by the person at the path ``user`` (for
    example on Notification: ``community="thread__community", user="recipient"``).
    ``live_only``: as ``readable_community_filter`` (lists), no page that is not live."""
    staff = Q(**{f"{user}__is_active": True}) & (
        Q(**{f"{user}__is_superuser": True}) | _has_admin_access(OuterRef(f"{user}_id"))
    )
    member = Exists(
        Membership.objects.filter(
            community_id=OuterRef(f"{community}_id"),
            user_id=OuterRef(f"{user}_id"),
            status=MembershipStatus.ACTIVE,
        )
    )
    live = Q(**{f"{community}__live": True}) & (
        Q(**{f"{community}__visibility": Visibility.PUBLIC}) | Q(member) | staff
    )
    if live_only:
        return live
    return live | (Q(**{f"{community}__live": False}) & staff)
