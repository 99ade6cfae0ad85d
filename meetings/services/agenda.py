"""The agenda of a meeting."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import User
from core.errors import ServiceError
from core.text import one_line
from core.timezones import local_display
from meetings.models import (
    AgendaItem,
    Meeting,
    TopicProposal,
)
from meetings.permissions import (
    can_manage_meeting,
    can_view_meeting,
)
from meetings.services._common import locked_meeting


@transaction.atomic
def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    starts_at: datetime,
    duration_minutes: int = 0,
    presenter: str = "",
    chosen_by_members: bool = False,
    topic: TopicProposal | None = None,
) -> AgendaItem:
    meeting = locked_meeting(meeting)
    if not can_view_meeting(actor, meeting) or not can_manage_meeting(actor, meeting):
        raise ServiceError(_("Only the community's facilitators can edit the agenda."))
    title = one_line(title, max_length=200)
    if len(title) < 3:
        raise ServiceError(_("Give the agenda item a title of at least three characters."))
    if not isinstance(duration_minutes, int) or duration_minutes < 0:
        raise ServiceError(_("The duration must be zero or more minutes."), code="duration")
    if starts_at is None or timezone.is_naive(starts_at):
        raise ServiceError(_("Give the agenda item's time."), code="time")
    if starts_at < meeting.starts_at or starts_at + timedelta(minutes=duration_minutes) > (
        meeting.ends_at
    ):
        raise ServiceError(
            _("An agenda item must fall within the meeting's time (%(start)s to %(end)s).")
            % {
                "start": local_display(meeting.starts_at, meeting.time_zone),
                "end": local_display(meeting.ends_at, meeting.time_zone),
            },
            code="agenda_outside",
        )
    item = AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        presenter=one_line(presenter, max_length=200),
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        chosen_by_members=chosen_by_members,
        topic=topic,
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        sequence=meeting.sequence + 1, updated_at=timezone.now()
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    meeting = locked_meeting(item.meeting)
    if not can_view_meeting(actor, meeting) or not can_manage_meeting(actor, meeting):
        raise ServiceError(_("Only the community's facilitators can edit the agenda."))
    AgendaItem.objects.filter(pk=item.pk, meeting=meeting).delete()
    Meeting.objects.filter(pk=meeting.pk).update(
        sequence=meeting.sequence + 1, updated_at=timezone.now()
    )
