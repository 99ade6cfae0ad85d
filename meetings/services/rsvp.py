"""RSVPs and the waiting list: whoever is next moves up when a place frees."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import User
from core.errors import ServiceError
from core.links import absolute_url
from core.mail import send_mail_on_commit
from core.timezones import local_display
from meetings.models import (
    RSVP,
    Meeting,
    RSVPStatus,
)
from meetings.permissions import (
    can_rsvp,
    can_view_meeting,
)
from meetings.services._common import locked_meeting


def going_count(meeting: Meeting) -> int:
    return RSVP.objects.filter(meeting=meeting, status=RSVPStatus.GOING).count()


def _has_room(meeting: Meeting) -> bool:
    return meeting.capacity is None or going_count(meeting) < meeting.capacity


def _promote_waiting(meeting: Meeting) -> list[RSVP]:
    """Move people from the waiting list to going, first come first served, while there
    is room; each promoted person gets an e-mail after commit."""
    promoted = []
    while _has_room(meeting):
        first = (
            RSVP.objects.select_for_update()
            .select_related("user")
            .filter(meeting=meeting, status=RSVPStatus.WAITING)
            .order_by("waitlisted_at", "id")
            .first()
        )
        if first is None:
            break
        now = timezone.now()
        first.status = RSVPStatus.GOING
        first.waitlisted_at = None
        first.promoted_at = now
        first.updated_at = now
        first.save(update_fields=["status", "waitlisted_at", "promoted_at", "updated_at"])
        promoted.append(first)
        _notify_promoted(meeting, first)
        send_mail_on_commit(
            recipients=[first.user],
            compose=lambda _user: _promotion_message(meeting),
            kind="meetings",
        )
    return promoted


def _promotion_message(meeting: Meeting) -> tuple[str, str]:
    return (
        _("A place opened up: you are going to “%(title)s”") % {"title": meeting.title},
        _(
            "Someone cancelled, so you moved from the waiting list to the attendee list "
            "of “%(title)s” on %(when)s (%(tz)s).\n\nIf you can no longer come, change "
            "your answer on the meeting page so the next person gets the place: %(url)s"
        )
        % {
            "title": meeting.title,
            "when": local_display(meeting.starts_at, meeting.time_zone),
            "tz": meeting.time_zone,
            "url": absolute_url(meeting.get_absolute_url()),
        },
    )


def _notify_promoted(meeting: Meeting, rsvp: RSVP) -> None:
    """An in-app notification on the meeting's thread (shown live on commit, like the
    discussions' own); nothing when the meeting has no thread the person may read."""
    from discussions import events as discussion_events
    from discussions.models import Notification, NotificationKind, Thread
    from discussions.permissions import can_read_thread

    if meeting.thread_id is None:
        return
    thread = Thread.objects.select_related("community").filter(pk=meeting.thread_id).first()
    if thread is None or not can_read_thread(rsvp.user, thread):
        return
    notification = Notification.objects.create(
        recipient=rsvp.user, kind=NotificationKind.PROMOTED, actor=None, thread=thread
    )
    discussion_events.notification_created(notification)


@transaction.atomic
def rsvp_set(*, user: User, meeting: Meeting, response: str) -> RSVP:
    """Answer going, maybe or not going. Going to a full meeting puts the person on the
    waiting list; giving up a place promotes the first person waiting."""
    if response not in (RSVPStatus.GOING, RSVPStatus.MAYBE, RSVPStatus.NOT_GOING):
        raise ServiceError(_("Answer going, maybe or not going."), code="response")
    meeting = locked_meeting(meeting)
    if not user.is_authenticated or not can_view_meeting(user, meeting):
        raise ServiceError(_("This meeting does not exist."), code="not_found")
    if not can_rsvp(user, meeting):
        raise ServiceError(
            _("This meeting is for the community's members. Join the community to take part."),
            code="not_member",
        )
    if meeting.is_past:
        raise ServiceError(_("This meeting is over; answers are closed."), code="past")
    rsvp = RSVP.objects.select_for_update().filter(meeting=meeting, user=user).first()
    previous = rsvp.status if rsvp else None
    if response == RSVPStatus.GOING:
        if previous in (RSVPStatus.GOING, RSVPStatus.WAITING):
            return rsvp  # already has a place or a place in the queue: keep it
        new_status = RSVPStatus.GOING if _has_room(meeting) else RSVPStatus.WAITING
    else:
        new_status = response
    now = timezone.now()
    if rsvp is None:
        rsvp = RSVP(meeting=meeting, user=user, created_at=now)
    rsvp.status = new_status
    rsvp.updated_at = now
    rsvp.waitlisted_at = now if new_status == RSVPStatus.WAITING else None
    rsvp.save()
    if previous == RSVPStatus.GOING and new_status != RSVPStatus.GOING:
        _promote_waiting(meeting)
    return rsvp


def waiting_position(rsvp: RSVP) -> int | None:
    if rsvp is None or rsvp.status != RSVPStatus.WAITING:
        return None
    ahead = RSVP.objects.filter(
        meeting_id=rsvp.meeting_id,
        status=RSVPStatus.WAITING,
        waitlisted_at__lt=rsvp.waitlisted_at,
    ).count()
    return ahead + 1
