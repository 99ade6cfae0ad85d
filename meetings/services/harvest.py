"""The harvest of a meeting: what came out of it, posted to its thread."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import User
from core.errors import ServiceError
from core.text import long_text
from meetings.models import (
    Meeting,
)
from meetings.permissions import (
    can_manage_meeting,
    can_view_meeting,
)
from meetings.services._common import locked_meeting


def _harvest_source(meeting: Meeting) -> str:
    parts = [_("## Harvest of “%(title)s”") % {"title": meeting.title}]
    for heading, text in (
        (_("Decisions"), meeting.harvest_decisions),
        (_("Lessons"), meeting.harvest_lessons),
        (_("Follow-ups"), meeting.harvest_follow_ups),
    ):
        if text:
            parts.append(f"### {heading}\n\n{text}")
    return "\n\n".join(parts)


@transaction.atomic
def meeting_harvest(
    *, actor: User, meeting: Meeting, decisions: str = "", lessons: str = "", follow_ups: str = ""
) -> Meeting:
    """Record decisions, lessons and follow-ups and post them to the meeting's thread,
    where they can be proposed as a practice case like any other post."""
    from discussions import services as discussion_services

    meeting = locked_meeting(meeting)
    if not can_view_meeting(actor, meeting) or not can_manage_meeting(actor, meeting):
        raise ServiceError(_("Only the community's facilitators can write the harvest."))
    if not meeting.has_started:
        raise ServiceError(_("The harvest is written after the meeting has started."), code="early")
    decisions, lessons, follow_ups = (
        long_text(decisions),
        long_text(lessons),
        long_text(follow_ups),
    )
    if not (decisions or lessons or follow_ups):
        raise ServiceError(_("Write at least one decision, lesson or follow-up."), code="empty")
    meeting.harvest_decisions = decisions
    meeting.harvest_lessons = lessons
    meeting.harvest_follow_ups = follow_ups
    meeting.harvested_at = timezone.now()
    source = _harvest_source(meeting)
    if meeting.thread_id:
        post = meeting.harvest_post
        if post is not None and post.author_id == actor.pk and post.deleted_at is None:
            discussion_services.post_edit(editor=actor, post=post, source=source)
        else:
            meeting.harvest_post = discussion_services.post_create(
                author=actor, thread=meeting.thread, source=source
            )
    meeting.save()
    return meeting
