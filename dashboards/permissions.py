"""Who sees which dashboard, and how much of it. Built on ``communities.permissions``.

- A community's dashboard: its active members and facilitators, and the people who see
  the cross-community dashboard (for the communities they may read). Anyone else gets
  404, the same answer as for a members-only community they may not read.
- The facilitators' view (quiet members, the dominance signal naming the organisation):
  the community's facilitators, platform admins, editors and programme coordinators.
- The cross-community dashboard: editors (``guidebook.permissions.is_practice_editor``)
  and programme coordinators (``programmes`` coordinators of any programme), over the
  communities they may read (``readable_community_filter``): a members-only community
  appears only to its members and staff readers.
- What every dashboard shows is aggregate: a group of fewer than ``MIN_GROUP`` people is
  folded into "other" (``dashboards.selectors``), and restricted threads are never counted.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse

from communities.models import CommunityPage
from communities.permissions import (
    can_facilitate,
    can_view_community,
    is_active_member,
    is_active_user,
    is_platform_admin,
    readable_community_filter,
)
from guidebook.permissions import is_practice_editor

MIN_GROUP = 5


def is_programme_coordinator(user) -> bool:
    """Coordinates at least one programme (cached on the user for the request)."""
    if not is_active_user(user):
        return False
    if is_platform_admin(user):
        return True
    cached = getattr(user, "_praxis_any_coordinator", None)
    if cached is None:
        from programmes.models import ProgrammePage

        cached = ProgrammePage.coordinators.through.objects.filter(user_id=user.pk).exists()
        user._praxis_any_coordinator = cached
    return cached


def can_view_overview(user) -> bool:
    return is_active_user(user) and (is_practice_editor(user) or is_programme_coordinator(user))


def access_overview(user) -> None:
    if not can_view_overview(user):
        raise Http404


def can_view_community_dashboard(user, community: CommunityPage) -> bool:
    if not is_active_user(user) or not can_view_community(user, community):
        return False
    return (
        is_active_member(user, community)
        or can_facilitate(user, community)
        or can_view_overview(user)
    )


def access_community_dashboard(user, community: CommunityPage) -> None:
    if not can_view_community_dashboard(user, community):
        raise Http404


def can_see_facilitation_measures(user, community: CommunityPage) -> bool:
    """Quiet members and who dominates: for the people who act on them."""
    return can_facilitate(user, community) or can_view_overview(user)


def overview_communities(user):
    """The live communities the cross-community dashboard counts for ``user``."""
    return CommunityPage.objects.filter(readable_community_filter(user))


def dashboard_communities(user):
    """The live communities whose dashboard the header links for ``user``: those they
    facilitate (members find theirs on the community page)."""
    from communities.permissions import facilitated_communities

    return facilitated_communities(user)


def has_a_dashboard(user) -> bool:
    """The header's "Dashboards" link: editors, programme coordinators, facilitators."""
    if not is_active_user(user):
        return False
    return can_view_overview(user) or dashboard_communities(user).exists()


def community_dashboard_link(user, community: CommunityPage) -> str | None:
    """The community page's link to its dashboard, for those who may open it."""
    if not is_active_user(user) or not (
        is_active_member(user, community) or can_facilitate(user, community)
    ):
        return None
    return reverse("dashboards:community", kwargs={"community_id": community.pk})
