"""Meetings: scheduled in a community (with their discussion thread) and rescheduled."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import LANGUAGE_CHOICES, CommunityPage, User
from communities.permissions import can_view_community
from core.errors import ServiceError
from core.links import absolute_url
from core.mail import Message, send_mail_on_commit
from core.text import long_text, one_line
from core.timezones import local_datetime, local_display
from meetings.models import (
    Meeting,
    MeetingAudience,
    MeetingFormat,
    RSVPStatus,
)
from meetings.permissions import (
    can_manage_meeting,
    can_schedule,
    can_view_meeting,
)
from meetings.services._common import locked_meeting
from meetings.services.rsvp import _promote_waiting

# Partnerforum's breakfast meetings run 09:00-11:00 (community's local time).
DEFAULT_TIMES = {MeetingFormat.BREAKFAST: (time(9, 0), time(11, 0))}
MAX_MEETING_DAYS = 14
LANGUAGE_CODES = {code for code, _name in LANGUAGE_CHOICES}


def _span(
    *,
    tz_name: str,
    meeting_format: str,
    on_date: date | None,
    start_time: time | None,
    end_time: time | None,
    end_date: date | None,
) -> tuple[datetime, datetime]:
    if on_date is None:
        raise ServiceError(_("Give the meeting's date."), code="date")
    default = DEFAULT_TIMES.get(meeting_format)
    if start_time is None or end_time is None:
        if default is None:
            raise ServiceError(_("Give the meeting's start and end times."), code="time")
        start_time = start_time or default[0]
        end_time = end_time or default[1]
    starts_at = local_datetime(tz_name=tz_name, on_date=on_date, at=start_time)
    ends_at = local_datetime(tz_name=tz_name, on_date=end_date or on_date, at=end_time)
    if ends_at <= starts_at:
        raise ServiceError(_("The meeting must end after it starts."), code="end_before_start")
    if ends_at - starts_at > timedelta(days=MAX_MEETING_DAYS):
        raise ServiceError(
            ngettext(
                "A meeting can last at most %(days)d day.",
                "A meeting can last at most %(days)d days.",
                MAX_MEETING_DAYS,
            )
            % {"days": MAX_MEETING_DAYS},
            code="too_long",
        )
    return starts_at, ends_at


def _clean_meeting_fields(fields: dict) -> dict:
    title = one_line(fields.get("title"), max_length=200)
    if len(title) < 3:
        raise ServiceError(
            _("Give the meeting a title of at least three characters."), code="title"
        )
    if fields.get("format") not in MeetingFormat.values:
        raise ServiceError(_("Choose one of the meeting formats."), code="format")
    if fields.get("audience", MeetingAudience.MEMBERS) not in MeetingAudience.values:
        raise ServiceError(_("Choose who may attend."), code="audience")
    language = fields.get("language") or "en"
    if language not in LANGUAGE_CODES:
        raise ServiceError(_("Choose the meeting's language from the list."), code="language")
    online_url = (fields.get("online_url") or "").strip()
    if online_url:
        try:
            URLValidator(schemes=["http", "https"])(online_url)
        except ValidationError:
            raise ServiceError(
                _("The online link must be a web address starting with https://."),
                code="online_url",
            ) from None
    capacity = fields.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        raise ServiceError(_("Capacity must be a whole number of at least 1."), code="capacity")
    return {
        "title": title,
        "description": long_text(fields.get("description")),
        "format": fields["format"],
        "audience": fields.get("audience", MeetingAudience.MEMBERS),
        "language": language,
        "online_url": online_url,
        "place": one_line(fields.get("place"), max_length=300),
        "capacity": capacity,
    }


def _thread_text(meeting: Meeting) -> str:
    when = local_display(meeting.starts_at, meeting.time_zone)
    text = _(
        "The live room of the meeting **%(title)s** (%(when)s, %(tz)s): ask questions before, "
        "during and after it. [Meeting page](%(url)s)"
    ) % {
        "title": meeting.title,
        "when": when,
        "tz": meeting.time_zone,
        "url": meeting.get_absolute_url(),
    }
    if meeting.description:
        text += "\n\n" + meeting.description
    return text


def _cleaned_schedule(
    tz_name: str,
    *,
    format: str,
    on_date: date | None,
    start_time: time | None,
    end_time: time | None,
    end_date: date | None,
    **details,
) -> tuple[dict, datetime, datetime]:
    """A meeting's cleaned fields and its start and end, for creating or editing it."""
    fields = _clean_meeting_fields({"format": format, **details})
    starts_at, ends_at = _span(
        tz_name=tz_name,
        meeting_format=format,
        on_date=on_date,
        start_time=start_time,
        end_time=end_time,
        end_date=end_date,
    )
    return fields, starts_at, ends_at


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    community: CommunityPage,
    title: str,
    format: str,
    on_date: date | None,
    start_time: time | None = None,
    end_time: time | None = None,
    end_date: date | None = None,
    description: str = "",
    online_url: str = "",
    place: str = "",
    capacity: int | None = None,
    audience: str = MeetingAudience.MEMBERS,
    language: str = "en",
) -> Meeting:
    """Schedule a meeting in the community's time zone and open its live thread."""
    from discussions import services as discussion_services

    if not can_view_community(actor, community) or not can_schedule(actor, community):
        raise ServiceError(_("Only the community's facilitators can schedule meetings."))
    fields, starts_at, ends_at = _cleaned_schedule(
        community.time_zone,
        title=title,
        format=format,
        on_date=on_date,
        start_time=start_time,
        end_time=end_time,
        end_date=end_date,
        description=description,
        online_url=online_url,
        place=place,
        capacity=capacity,
        audience=audience,
        language=language,
    )
    meeting = Meeting.objects.create(
        community=community,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=community.time_zone,
        created_by=actor,
        **fields,
    )
    thread_title = _("Meeting: %(title)s") % {"title": meeting.title}
    meeting.thread = discussion_services.thread_create(
        author=actor,
        community=community,
        title=thread_title[:200],
        source=_thread_text(meeting),
        tags=["meeting"],
    )
    meeting.save(update_fields=["thread"])
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    format: str,
    on_date: date | None,
    start_time: time | None = None,
    end_time: time | None = None,
    end_date: date | None = None,
    description: str = "",
    online_url: str = "",
    place: str = "",
    capacity: int | None = None,
    audience: str = MeetingAudience.MEMBERS,
    language: str = "en",
) -> Meeting:
    meeting = locked_meeting(meeting)
    if not can_view_meeting(actor, meeting) or not can_manage_meeting(actor, meeting):
        raise ServiceError(_("Only the community's facilitators can edit meetings."))
    fields, starts_at, ends_at = _cleaned_schedule(
        meeting.time_zone,
        title=title,
        format=format,
        on_date=on_date,
        start_time=start_time,
        end_time=end_time,
        end_date=end_date,
        description=description,
        online_url=online_url,
        place=place,
        capacity=capacity,
        audience=audience,
        language=language,
    )
    outside = meeting.agenda_items.all()
    if any(item.starts_at < starts_at or item.ends_at > ends_at for item in outside):
        raise ServiceError(
            _("Some agenda items would fall outside the new time. Move or remove them first."),
            code="agenda_outside",
        )
    before = (meeting.starts_at, meeting.ends_at, meeting.place, meeting.online_url)
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    _promote_waiting(meeting)
    if before != (meeting.starts_at, meeting.ends_at, meeting.place, meeting.online_url):
        _tell_attendees_of_change(meeting, actor=actor)
    return meeting


def _tell_attendees_of_change(meeting: Meeting, *, actor: User) -> None:
    """Those going, maybe going or waiting learn of a new time or place by e-mail."""
    attendees = User.objects.filter(
        meeting_rsvps__meeting=meeting,
        meeting_rsvps__status__in=[RSVPStatus.GOING, RSVPStatus.MAYBE, RSVPStatus.WAITING],
    ).exclude(pk=actor.pk)
    send_mail_on_commit(
        recipients=[person for person in attendees if can_view_meeting(person, meeting)],
        compose=lambda _person: Message(
            subject=_("Changed: “%(title)s”") % {"title": meeting.title},
            paragraphs=[
                _("The time or place of “%(title)s” has changed. It is now on %(when)s (%(tz)s).")
                % {
                    "title": meeting.title,
                    "when": local_display(meeting.starts_at, meeting.time_zone),
                    "tz": meeting.time_zone,
                },
                meeting.place or meeting.online_url,
            ],
            action=(_("Open the meeting"), absolute_url(meeting.get_absolute_url())),
        ),
        kind="meetings",
    )
