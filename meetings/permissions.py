"""Who may see and do what with meetings and topic rounds.

Built only on ``communities.permissions``; pages, .ics files, calendar feeds and sockets
all call these functions (or ``visible_meeting_filter`` in queries).

- A meeting open to all registered users is seen by whoever can read its community.
- A members-only meeting (and its attendee list, .ics and feed entries) is seen only by the
  community's active members and staff readers; to everyone else it does not exist.
- RSVP needs a signed-in account and, for members-only meetings, an active membership.
- Scheduling, editing, harvests and closing topic rounds need a facilitator.
- Proposing and voting on topics needs an active membership.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from communities.models import Membership, MembershipStatus
from communities.permissions import (
    can_facilitate,
    can_post,
    can_view_community,
    is_active_member,
    is_active_user,
    is_staff_reader,
    readable_community_filter,
)
from meetings.models import Meeting, MeetingAudience, TopicRound


def can_view_meeting(user, meeting: Meeting) -> bool:
    community = meeting.community
    if not can_view_community(user, community):
        return False
    if meeting.audience == MeetingAudience.REGISTERED:
        return True
    return is_active_member(user, community) or is_staff_reader(user)


def access_meeting(user, meeting: Meeting) -> None:
    """404, never 403: a members-only meeting does not exist for non-members."""
    if not can_view_meeting(user, meeting):
        raise Http404


def can_rsvp(user, meeting: Meeting) -> bool:
    if not (is_active_user(user) and can_view_meeting(user, meeting)):
        return False
    if meeting.audience == MeetingAudience.MEMBERS:
        return is_active_member(user, meeting.community)
    return True


def can_see_attendees(user, meeting: Meeting) -> bool:
    """Names and organisations of attendees: signed-in people who can see the meeting."""
    return bool(user.is_authenticated and can_view_meeting(user, meeting))


def can_manage_meeting(user, meeting: Meeting) -> bool:
    return can_facilitate(user, meeting.community)


def can_schedule(user, community) -> bool:
    return can_facilitate(user, community)


def can_view_round(user, topic_round: TopicRound) -> bool:
    return can_view_community(user, topic_round.community)


def can_vote(user, topic_round: TopicRound) -> bool:
    return can_post(user, topic_round.community)


def visible_meeting_filter(user) -> Q:
    """A Q on Meeting matching ``can_view_meeting`` (live communities)."""
    readable = Q(community__in=_readable_ids(user))
    if is_staff_reader(user):
        return readable
    open_to_all = Q(audience=MeetingAudience.REGISTERED)
    if not user.is_authenticated:
        return readable & open_to_all
    member = Exists(
        Membership.objects.filter(
            community=OuterRef("community_id"), user=user, status=MembershipStatus.ACTIVE
        )
    )
    return readable & (open_to_all | Q(member))


def _readable_ids(user):
    from communities.models import CommunityPage

    return CommunityPage.objects.filter(readable_community_filter(user)).values("pk")
