"""Who sees and writes a community's charter and health checks. Built on
``communities.permissions`` (the one base): nothing here re-derives who may read a community.

- The charter is part of the community page: whoever may read the community reads its
  charter and its history; a members-only community's charter is as invisible as the
  community (404).
- The charter and the health checks are written by the community's facilitators
  (``can_facilitate``: active facilitators and platform admins).
- Health checks are read by the community's active members and its facilitators; to
  everyone else they answer 404, the same as a community that does not exist.
"""

from __future__ import annotations

from django.http import Http404

from communities.models import CommunityPage
from communities.permissions import (
    can_facilitate,
    can_view_community,
    is_active_member,
    is_active_user,
)


def can_view_charter(user, community: CommunityPage) -> bool:
    return can_view_community(user, community)


def can_edit_charter(user, community: CommunityPage) -> bool:
    return can_view_community(user, community) and can_facilitate(user, community)


def can_view_health(user, community: CommunityPage) -> bool:
    if not is_active_user(user) or not can_view_community(user, community):
        return False
    return is_active_member(user, community) or can_facilitate(user, community)


def can_record_health(user, community: CommunityPage) -> bool:
    return can_view_community(user, community) and can_facilitate(user, community)


def access_charter(user, community: CommunityPage) -> None:
    if not can_view_charter(user, community):
        raise Http404


def access_charter_edit(user, community: CommunityPage) -> None:
    """404 for whoever may not edit, including members: the edit page is not for them."""
    if not can_edit_charter(user, community):
        raise Http404


def access_health(user, community: CommunityPage) -> None:
    if not can_view_health(user, community):
        raise Http404


def access_health_record(user, community: CommunityPage) -> None:
    if not can_record_health(user, community):
        raise Http404
