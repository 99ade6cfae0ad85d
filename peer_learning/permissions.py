"""Who may take part in a peer-learning session, its Open Space board and task groups.

Built on ``meetings.permissions``: whoever may not see the meeting sees no session.
"""

from __future__ import annotations

from communities.permissions import is_active_user
from meetings.models import RSVP, Meeting, RSVPStatus
from meetings.permissions import can_manage_meeting, can_rsvp, can_view_meeting
from peer_learning.models import TaskGroupMember

# Peer-learning sessions ------------------------------------------------------------------


def is_participant(user, meeting: Meeting) -> bool:
    """A participant of a session: answered "going" to its meeting (the meeting's RSVP)."""
    if not user.is_authenticated:
        return False
    return RSVP.objects.filter(meeting=meeting, user=user, status=RSVPStatus.GOING).exists()


def can_take_part(user, meeting: Meeting) -> bool:
    """Propose and sign up on the Open Space board: participants and facilitators."""
    if not (is_active_user(user) and can_view_meeting(user, meeting)):
        return False
    return can_manage_meeting(user, meeting) or (
        can_rsvp(user, meeting) and is_participant(user, meeting)
    )


def can_write_recommendations(user, group) -> bool:
    """The group's members and the community's facilitators."""
    meeting = group.session.meeting
    if not user.is_authenticated or not can_view_meeting(user, meeting):
        return False
    if can_manage_meeting(user, meeting):
        return True
    return TaskGroupMember.objects.filter(group=group, user=user).exists()
