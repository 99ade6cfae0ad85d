"""What the meeting services share."""

from __future__ import annotations

from meetings.models import Meeting


def locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)
