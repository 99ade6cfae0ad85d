"""Every write to meetings, agenda items, RSVPs, calendar tokens and topic rounds.

Keyword-only, inside ``transaction.atomic``, validating and raising ``ServiceError`` with a
message fit for the user; a refused write changes nothing. Live events and e-mails are sent
only on commit.
"""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communities.meetings import events
from communities.meetings.models import (
    RSVP,
    AgendaItem,
    CalendarToken,
    DayPurpose,
    Meeting,
    MeetingAudience,
    MeetingFormat,
    OpenSpaceSession,
    OpenSpaceSignup,
    PeerLearningSession,
    RSVPStatus,
    SessionDay,
    TaskGroup,
    TaskGroupMember,
    TopicProposal,
    TopicRound,
    TopicVote,
)
from communities.meetings.permissions import (
    can_manage_meeting,
    can_rsvp,
    can_schedule,
    can_take_part,
    can_view_meeting,
    can_view_round,
    can_vote,
    can_write_recommendations,
)
from communities.models import LANGUAGE_CHOICES, CommunityPage, User
from communities.permissions import can_facilitate, can_post, can_view_community
from communities.services import ServiceError

# Partnerforum's breakfast meetings run 09:00-11:00 (community's local time).
DEFAULT_TIMES = {MeetingFormat.BREAKFAST: (time(9, 0), time(11, 0))}
MAX_MEETING_DAYS = 14
MAX_VOTES_PER_MEMBER = 20
LANGUAGE_CODES = {code for code, _name in LANGUAGE_CHOICES}


# Validation helpers ---------------------------------------------------------------------


def _text(value: str | None, *, max_length: int) -> str:
    return " ".join((value or "").replace("\x00", "").split())[:max_length]


def _long_text(value: str | None, *, max_length: int = 5000) -> str:
    value = (value or "").replace("\x00", "").strip()
    if len(value) > max_length:
        raise ServiceError(
            _("A text field can be at most %(max)d characters.") % {"max": max_length},
            code="too_long",
        )
    return value


def _local(when: datetime, tz_name: str) -> str:
    return date_format(timezone.localtime(when, zoneinfo.ZoneInfo(tz_name)), "DATETIME_FORMAT")


def local_datetime(*, tz_name: str, on_date: date, at: time) -> datetime:
    """A wall-clock date and time in ``tz_name`` as an aware datetime."""
    return datetime.combine(on_date, at, tzinfo=zoneinfo.ZoneInfo(tz_name))


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
            _("A meeting can last at most %(days)d days.") % {"days": MAX_MEETING_DAYS},
            code="too_long",
        )
    return starts_at, ends_at


def _clean_meeting_fields(fields: dict) -> dict:
    title = _text(fields.get("title"), max_length=200)
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
        "description": _long_text(fields.get("description")),
        "format": fields["format"],
        "audience": fields.get("audience", MeetingAudience.MEMBERS),
        "language": language,
        "online_url": online_url,
        "place": _text(fields.get("place"), max_length=300),
        "capacity": capacity,
    }


def absolute_url(path: str) -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path


def _send_mail_on_commit(*, recipient: str, subject: str, body: str) -> None:
    if recipient:
        transaction.on_commit(
            lambda: send_mail(subject, body, None, [recipient], fail_silently=True)
        )


# Meetings -------------------------------------------------------------------------------


def _thread_text(meeting: Meeting) -> str:
    when = _local(meeting.starts_at, meeting.time_zone)
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
    meeting = _locked_meeting(meeting)
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
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    _promote_waiting(meeting)
    return meeting


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().select_related("community").get(pk=meeting.pk)


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
    meeting = _locked_meeting(meeting)
    if not can_view_meeting(actor, meeting) or not can_manage_meeting(actor, meeting):
        raise ServiceError(_("Only the community's facilitators can edit the agenda."))
    title = _text(title, max_length=200)
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
                "start": _local(meeting.starts_at, meeting.time_zone),
                "end": _local(meeting.ends_at, meeting.time_zone),
            },
            code="agenda_outside",
        )
    item = AgendaItem.objects.create(
        meeting=meeting,
        title=title,
        presenter=_text(presenter, max_length=200),
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
    meeting = _locked_meeting(item.meeting)
    if not can_view_meeting(actor, meeting) or not can_manage_meeting(actor, meeting):
        raise ServiceError(_("Only the community's facilitators can edit the agenda."))
    AgendaItem.objects.filter(pk=item.pk, meeting=meeting).delete()
    Meeting.objects.filter(pk=meeting.pk).update(
        sequence=meeting.sequence + 1, updated_at=timezone.now()
    )


# RSVP and the waiting list ------------------------------------------------------------


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
        _send_mail_on_commit(
            recipient=first.user.email,
            subject=_("A place opened up: you are going to “%(title)s”") % {"title": meeting.title},
            body=_(
                "Someone cancelled, so you moved from the waiting list to the attendee list "
                "of “%(title)s” on %(when)s (%(tz)s).\n\nIf you can no longer come, change "
                "your answer on the meeting page so the next person gets the place: %(url)s"
            )
            % {
                "title": meeting.title,
                "when": _local(meeting.starts_at, meeting.time_zone),
                "tz": meeting.time_zone,
                "url": absolute_url(meeting.get_absolute_url()),
            },
        )
    return promoted


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
    meeting = _locked_meeting(meeting)
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


# Harvest ------------------------------------------------------------------------------


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

    meeting = _locked_meeting(meeting)
    if not can_view_meeting(actor, meeting) or not can_manage_meeting(actor, meeting):
        raise ServiceError(_("Only the community's facilitators can write the harvest."))
    if not meeting.has_started:
        raise ServiceError(_("The harvest is written after the meeting has started."), code="early")
    decisions, lessons, follow_ups = (
        _long_text(decisions),
        _long_text(lessons),
        _long_text(follow_ups),
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


# Calendar tokens ------------------------------------------------------------------------


def _new_key() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_token_for(*, user: User) -> CalendarToken:
    if not user.is_authenticated:
        raise ServiceError(_("Sign in to get your calendar link."), code="anonymous")
    token = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()
    return token or CalendarToken.objects.create(user=user, key=_new_key())


@transaction.atomic
def calendar_token_reset(*, user: User) -> CalendarToken:
    """Revoke every calendar link of the user and issue a new one."""
    if not user.is_authenticated:
        raise ServiceError(_("Sign in to get your calendar link."), code="anonymous")
    CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarToken.objects.create(user=user, key=_new_key())


# Topic rounds and dot-voting --------------------------------------------------------------


@transaction.atomic
def topic_round_open(
    *,
    actor: User,
    community: CommunityPage,
    title: str,
    votes_per_member: int = 3,
    meeting: Meeting | None = None,
) -> TopicRound:
    if not can_view_community(actor, community) or not can_facilitate(actor, community):
        raise ServiceError(_("Only the community's facilitators can open a topic round."))
    title = _text(title, max_length=200)
    if len(title) < 3:
        raise ServiceError(_("Give the round a title of at least three characters."), code="title")
    if not isinstance(votes_per_member, int) or not 1 <= votes_per_member <= MAX_VOTES_PER_MEMBER:
        raise ServiceError(
            _("Each member can have between 1 and %(max)d votes.") % {"max": MAX_VOTES_PER_MEMBER},
            code="votes",
        )
    if meeting is not None and (meeting.community_id != community.pk or meeting.is_past):
        raise ServiceError(_("Choose an upcoming meeting of this community."), code="meeting")
    return TopicRound.objects.create(
        community=community,
        title=title,
        votes_per_member=votes_per_member,
        meeting=meeting,
        created_by=actor,
    )


def _locked_round(topic_round: TopicRound) -> TopicRound:
    return TopicRound.objects.select_for_update().select_related("community").get(pk=topic_round.pk)


def _require_voter(user: User, topic_round: TopicRound) -> None:
    if not user.is_authenticated or not can_view_round(user, topic_round):
        raise ServiceError(_("This topic round does not exist."), code="not_found")
    if not can_vote(user, topic_round):
        raise ServiceError(
            _("Join the community to propose and vote for topics."), code="not_member"
        )
    if not topic_round.is_open:
        raise ServiceError(_("This round is closed; votes can no longer change."), code="closed")


@transaction.atomic
def topic_propose(*, user: User, topic_round: TopicRound, title: str, why: str) -> TopicProposal:
    topic_round = _locked_round(topic_round)
    _require_voter(user, topic_round)
    title = _text(title, max_length=200)
    why = _long_text(why, max_length=2000)
    if len(title) < 5:
        raise ServiceError(_("Give the topic a title of at least five characters."), code="title")
    if len(why) < 10:
        raise ServiceError(_("Say in a sentence why this topic matters."), code="why")
    if topic_round.topics.filter(title__iexact=title).exists():
        raise ServiceError(
            _("This topic has already been proposed in this round; vote for it instead."),
            code="duplicate",
        )
    topic = TopicProposal.objects.create(round=topic_round, title=title, why=why, proposer=user)
    events.votes_changed(topic_round)
    return topic


def _votes_left(user: User, topic_round: TopicRound) -> int:
    used = TopicVote.objects.filter(round=topic_round, user=user).count()
    return topic_round.votes_per_member - used


def _cast(user: User, topic_round: TopicRound, topic: TopicProposal) -> TopicVote:
    if TopicVote.objects.filter(topic=topic, user=user).exists():
        raise ServiceError(
            _("You have already voted for this topic; a topic takes at most one of your votes."),
            code="already_voted",
        )
    if _votes_left(user, topic_round) <= 0:
        raise ServiceError(
            _(
                "You have used all %(votes)d of your votes in this round. Take a vote back "
                "from another topic to move it here."
            )
            % {"votes": topic_round.votes_per_member},
            code="no_votes_left",
        )
    try:
        with transaction.atomic():
            return TopicVote.objects.create(round=topic_round, topic=topic, user=user)
    except IntegrityError:  # a concurrent double click
        raise ServiceError(
            _("You have already voted for this topic; a topic takes at most one of your votes."),
            code="already_voted",
        ) from None


def _topic_in(topic: TopicProposal) -> tuple[TopicRound, TopicProposal]:
    topic_round = _locked_round(topic.round)
    topic = TopicProposal.objects.get(pk=topic.pk)
    return topic_round, topic


@transaction.atomic
def topic_vote(*, user: User, topic: TopicProposal) -> TopicVote:
    topic_round, topic = _topic_in(topic)
    _require_voter(user, topic_round)
    vote = _cast(user, topic_round, topic)
    events.votes_changed(topic_round)
    return vote


@transaction.atomic
def topic_unvote(*, user: User, topic: TopicProposal) -> None:
    topic_round, topic = _topic_in(topic)
    _require_voter(user, topic_round)
    deleted, _rows = TopicVote.objects.filter(topic=topic, user=user).delete()
    if not deleted:
        raise ServiceError(_("You have not voted for this topic."), code="no_vote")
    events.votes_changed(topic_round)


@transaction.atomic
def topic_vote_move(*, user: User, from_topic: TopicProposal, to_topic: TopicProposal) -> TopicVote:
    """Take a vote back from one topic and give it to another, in one step."""
    if from_topic.round_id != to_topic.round_id:
        raise ServiceError(_("Votes can only move within one round."), code="other_round")
    topic_round, from_topic = _topic_in(from_topic)
    _require_voter(user, topic_round)
    deleted, _rows = TopicVote.objects.filter(topic=from_topic, user=user).delete()
    if not deleted:
        raise ServiceError(_("You have not voted for this topic."), code="no_vote")
    vote = _cast(user, topic_round, TopicProposal.objects.get(pk=to_topic.pk))
    events.votes_changed(topic_round)
    return vote


@transaction.atomic
def topic_round_close(
    *,
    actor: User,
    topic_round: TopicRound,
    meeting: Meeting | None = None,
    chosen_count: int = 3,
) -> list[AgendaItem]:
    """Close the round; the top topics (with at least one vote) become agenda items of the
    meeting, marked "chosen by members" and shared out over the meeting's time."""
    topic_round = _locked_round(topic_round)
    community = topic_round.community
    if not can_view_community(actor, community) or not can_facilitate(actor, community):
        raise ServiceError(_("Only the community's facilitators can close a topic round."))
    if not topic_round.is_open:
        raise ServiceError(_("This round is already closed."), code="closed")
    meeting = meeting or topic_round.meeting
    if meeting is not None and (meeting.community_id != community.pk or meeting.is_past):
        raise ServiceError(_("Choose an upcoming meeting of this community."), code="meeting")
    if not isinstance(chosen_count, int) or not 1 <= chosen_count <= 10:
        raise ServiceError(_("Choose between 1 and 10 topics."), code="chosen_count")
    topic_round.closed_at = timezone.now()
    topic_round.closed_by = actor
    topic_round.meeting = meeting
    topic_round.save(update_fields=["closed_at", "closed_by", "meeting"])
    top = list(
        topic_round.topics.annotate(n=Count("votes"))
        .filter(n__gt=0)
        .select_related("proposer")
        .order_by("-n", "created_at", "id")[:chosen_count]
    )
    TopicProposal.objects.filter(pk__in=[t.pk for t in top]).update(chosen=True)
    items = []
    if meeting is not None and top:
        slot = (meeting.ends_at - meeting.starts_at) / len(top)
        minutes = int(slot.total_seconds() // 60)
        for position, topic in enumerate(top):
            items.append(
                agenda_item_add(
                    actor=actor,
                    meeting=meeting,
                    title=topic.title,
                    presenter=topic.proposer.name,
                    starts_at=meeting.starts_at + slot * position,
                    duration_minutes=minutes,
                    chosen_by_members=True,
                    topic=topic,
                )
            )
    events.votes_changed(topic_round)
    return items


# Peer-learning sessions ---------------------------------------------------------------------

# Synergia's three days: analysis of practices, challenges submitted by institutions, Open Space.
SYNERGIA_DAYS = (DayPurpose.ANALYSIS, DayPurpose.CHALLENGES, DayPurpose.OPEN_SPACE)
MAX_TASK_GROUPS = 20


def _locked_session(session: PeerLearningSession) -> PeerLearningSession:
    return (
        PeerLearningSession.objects.select_for_update()
        .select_related("meeting__community")
        .get(pk=session.pk)
    )


def _require_session_manager(actor: User, meeting: Meeting, message: str) -> None:
    if not actor.is_authenticated or not can_view_meeting(actor, meeting):
        raise ServiceError(_("This session does not exist."), code="not_found")
    if not can_manage_meeting(actor, meeting):
        raise ServiceError(message, code="forbidden")


def _meeting_dates(meeting: Meeting) -> tuple[date, date]:
    return meeting.local_start.date(), meeting.local_end.date()


def _clean_day(meeting: Meeting, on_date: date | None, purpose: str) -> None:
    if purpose not in DayPurpose.values:
        raise ServiceError(_("Choose the day's purpose from the list."), code="purpose")
    first, last = _meeting_dates(meeting)
    if on_date is None or not first <= on_date <= last:
        raise ServiceError(
            _("A session day must fall within the meeting's dates (%(first)s to %(last)s).")
            % {
                "first": date_format(first, "DATE_FORMAT"),
                "last": date_format(last, "DATE_FORMAT"),
            },
            code="day_outside",
        )


@transaction.atomic
def peer_session_create(
    *, actor: User, meeting: Meeting, edition: str, synergia_days: bool = True
) -> PeerLearningSession:
    """Make a meeting a peer-learning session (an edition of a programme). With
    ``synergia_days`` its first three days get Synergia's purposes."""
    meeting = _locked_meeting(meeting)
    _require_session_manager(
        actor, meeting, _("Only the community's facilitators can set up a peer-learning session.")
    )
    if PeerLearningSession.objects.filter(meeting=meeting).exists():
        raise ServiceError(_("This meeting is already a peer-learning session."), code="exists")
    edition = _text(edition, max_length=200)
    if len(edition) < 3:
        raise ServiceError(
            _("Name the edition, for example “Synergia, session 5”."), code="edition"
        )
    session = PeerLearningSession.objects.create(meeting=meeting, edition=edition)
    if synergia_days:
        first, last = _meeting_dates(meeting)
        for offset, purpose in enumerate(SYNERGIA_DAYS):
            on_date = first + timedelta(days=offset)
            if on_date <= last:
                SessionDay.objects.create(session=session, date=on_date, purpose=purpose)
    return session


@transaction.atomic
def session_day_set(
    *,
    actor: User,
    session: PeerLearningSession,
    on_date: date | None,
    purpose: str,
    notes: str = "",
) -> SessionDay:
    """Add a day to the session, or change the purpose of the day on that date."""
    session = _locked_session(session)
    meeting = session.meeting
    _require_session_manager(
        actor, meeting, _("Only the community's facilitators can plan the session's days.")
    )
    _clean_day(meeting, on_date, purpose)
    day, _created = SessionDay.objects.update_or_create(
        session=session,
        date=on_date,
        defaults={"purpose": purpose, "notes": _text(notes, max_length=300)},
    )
    return day


def _group_thread_text(session: PeerLearningSession, name: str) -> str:
    return _(
        "The members-only room of **%(group)s** in %(edition)s: only the group's members and "
        "the community's facilitators can read it. [Session page](%(url)s)"
    ) % {"group": name, "edition": session.edition, "url": session.get_absolute_url()}


def _new_group(actor: User, session: PeerLearningSession, name: str, position: int) -> TaskGroup:
    from discussions import services as discussion_services
    from discussions.models import Thread

    group = TaskGroup.objects.create(session=session, name=name, position=position)
    thread = discussion_services.thread_create(
        author=actor,
        community=session.meeting.community,
        title=(
            _("Task group: %(name)s (%(edition)s)") % {"name": name, "edition": session.edition}
        )[:200],
        source=_group_thread_text(session, name),
        tags=["task group"],
        rate_limited=False,
    )
    # In the same transaction as its first post: the post's live event (sent on commit)
    # already sees the restriction and stays out of the community feed.
    Thread.objects.filter(pk=thread.pk).update(restricted=True)
    group.thread = thread
    group.save(update_fields=["thread"])
    return group


@transaction.atomic
def task_group_create(*, actor: User, session: PeerLearningSession, name: str) -> TaskGroup:
    session = _locked_session(session)
    _require_session_manager(
        actor, session.meeting, _("Only the community's facilitators can create task groups.")
    )
    name = _text(name, max_length=120)
    if not name:
        raise ServiceError(_("Give the task group a name."), code="name")
    existing = list(session.groups.all())
    if len(existing) >= MAX_TASK_GROUPS:
        raise ServiceError(
            _("A session can have at most %(max)d task groups.") % {"max": MAX_TASK_GROUPS},
            code="too_many",
        )
    if any(group.name.casefold() == name.casefold() for group in existing):
        raise ServiceError(_("This session already has a group with that name."), code="name")
    return _new_group(actor, session, name, position=len(existing) + 1)


def participants(meeting: Meeting) -> list[User]:
    """The session's participants: everyone going to its meeting, with organisations."""
    return list(
        User.objects.filter(
            meeting_rsvps__meeting=meeting, meeting_rsvps__status=RSVPStatus.GOING
        ).select_related("organisation")
    )


def _sync_readers(groups) -> None:
    """Each group's thread readers are exactly its members (after commit: re-check sockets)."""
    from discussions.models import Thread

    thread_ids = []
    for group in groups:
        if group.thread_id is None:
            continue
        member_ids = TaskGroupMember.objects.filter(group=group).values_list("user_id", flat=True)
        Thread.objects.get(pk=group.thread_id).readers.set(list(member_ids))
        thread_ids.append(group.thread_id)
    events.thread_readers_changed(thread_ids)


@transaction.atomic
def task_group_assign(
    *, actor: User, session: PeerLearningSession, user: User, group: TaskGroup | None
) -> TaskGroupMember | None:
    """Put a participant in a group (moving them from another), or out of every group."""
    session = _locked_session(session)
    _require_session_manager(
        actor, session.meeting, _("Only the community's facilitators can assign task groups.")
    )
    if group is not None and group.session_id != session.pk:
        raise ServiceError(_("Choose one of this session's task groups."), code="group")
    if not RSVP.objects.filter(
        meeting=session.meeting, user=user, status=RSVPStatus.GOING
    ).exists():
        raise ServiceError(
            _("%(name)s is not a participant: only people going to the session can join a group.")
            % {"name": user.name},
            code="not_participant",
        )
    current = TaskGroupMember.objects.select_related("group").filter(session=session, user=user)
    previous = [m.group for m in current]
    current.delete()
    member = None
    if group is not None:
        member = TaskGroupMember.objects.create(group=group, session=session, user=user)
    _sync_readers({g.pk: g for g in [*previous, *([group] if group else [])]}.values())
    return member


def _organisation_key(user: User) -> str:
    # Without an organisation a person counts as their own (never lumped together).
    return f"org-{user.organisation_id}" if user.organisation_id else f"person-{user.pk}"


def mix_plan(people: list[User], group_count: int) -> list[list[User]]:
    """Deal people into ``group_count`` groups, round-robin by organisation, largest
    organisations first: an organisation of n people then has at most ceil(n / groups)
    in any group (the least possible), and group sizes differ by at most one."""
    by_org: dict[str, list[User]] = {}
    for person in sorted(people, key=lambda p: (p.name.casefold(), p.pk)):
        by_org.setdefault(_organisation_key(person), []).append(person)
    ordered = sorted(
        by_org.values(), key=lambda members: (-len(members), _organisation_key(members[0]))
    )
    groups: list[list[User]] = [[] for _ in range(group_count)]
    position = 0
    for members in ordered:
        for person in members:
            groups[position % group_count].append(person)
            position += 1
    return groups


@transaction.atomic
def task_groups_mix(
    *, actor: User, session: PeerLearningSession, group_count: int
) -> list[TaskGroup]:
    """ "Mix automatically": every participant into one of the first ``group_count`` groups
    (created as "Task group N" where missing), so that no group is dominated by one
    organisation. Earlier assignments are replaced."""
    session = _locked_session(session)
    _require_session_manager(
        actor, session.meeting, _("Only the community's facilitators can assign task groups.")
    )
    if not isinstance(group_count, int) or not 1 <= group_count <= MAX_TASK_GROUPS:
        raise ServiceError(
            _("Choose between 1 and %(max)d groups.") % {"max": MAX_TASK_GROUPS}, code="count"
        )
    people = participants(session.meeting)
    if len(people) < group_count:
        raise ServiceError(
            _("There are %(people)d participants: not enough for %(groups)d groups.")
            % {"people": len(people), "groups": group_count},
            code="too_few",
        )
    groups = list(session.groups.all())
    names = {group.name.casefold() for group in groups}
    number = len(groups)
    while len(groups) < group_count:
        number += 1
        name = _("Task group %(number)d") % {"number": number}
        if name.casefold() in names:
            continue
        groups.append(_new_group(actor, session, name, position=number))
    chosen = groups[:group_count]
    TaskGroupMember.objects.filter(session=session).delete()
    TaskGroupMember.objects.bulk_create(
        TaskGroupMember(group=group, session=session, user=person)
        for group, members in zip(chosen, mix_plan(people, group_count), strict=True)
        for person in members
    )
    session.mixed_at = timezone.now()
    session.save(update_fields=["mixed_at"])
    _sync_readers(groups)
    return chosen


# The Open Space board -------------------------------------------------------------------


def _require_board_open(user: User, day: SessionDay) -> Meeting:
    meeting = day.session.meeting
    if not user.is_authenticated or not can_view_meeting(user, meeting):
        raise ServiceError(_("This session does not exist."), code="not_found")
    if not day.is_open_space:
        raise ServiceError(
            _("Open Space sessions are proposed on the session's Open Space day."),
            code="not_open_space",
        )
    if not can_take_part(user, meeting):
        raise ServiceError(
            _("Register for the session (answer “going”) to take part in the Open Space."),
            code="not_participant",
        )
    if meeting.is_past:
        raise ServiceError(_("The session is over; the board is closed."), code="past")
    return meeting


def _locked_day(day: SessionDay) -> SessionDay:
    return (
        SessionDay.objects.select_for_update()
        .select_related("session__meeting__community")
        .get(pk=day.pk)
    )


def _open_space_thread_text(item: OpenSpaceSession, meeting: Meeting) -> str:
    return _(
        "Open Space session **%(title)s**, hosted by %(host)s (%(when)s, %(tz)s). Notes, "
        "questions and results go here. [Board](%(url)s)"
    ) % {
        "title": item.title,
        "host": item.host.name,
        "when": _local(item.starts_at, meeting.time_zone),
        "tz": meeting.time_zone,
        "url": item.day.get_absolute_url(),
    }


def open_space_create(
    *,
    host: User,
    day: SessionDay,
    title: str,
    start_time: time | None,
    end_time: time | None,
    room: str = "",
    link: str = "",
) -> OpenSpaceSession:
    """Validate and create an Open Space session with its thread (no rule on who or when:
    ``open_space_propose`` checks those; seeding a past session calls this directly)."""
    from discussions import services as discussion_services

    meeting = day.session.meeting
    title = _text(title, max_length=200)
    if len(title) < 3:
        raise ServiceError(
            _("Give your Open Space session a title of at least three characters."), code="title"
        )
    if start_time is None or end_time is None:
        raise ServiceError(_("Give the start and end time of your session."), code="time")
    starts_at = local_datetime(tz_name=meeting.time_zone, on_date=day.date, at=start_time)
    ends_at = local_datetime(tz_name=meeting.time_zone, on_date=day.date, at=end_time)
    if ends_at <= starts_at:
        raise ServiceError(_("Your session must end after it starts."), code="end_before_start")
    room = _text(room, max_length=200)
    link = (link or "").strip()
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            raise ServiceError(
                _("The link must be a web address starting with https://."), code="link"
            ) from None
    if not (room or link):
        raise ServiceError(_("Say where it happens: a room or a link."), code="where")
    if day.open_space_sessions.filter(title__iexact=title).exists():
        raise ServiceError(
            _("A session with this title is already on the board; sign up for it instead."),
            code="duplicate",
        )
    if not can_post(host, meeting.community):
        raise ServiceError(
            _("Join the community to propose a session: each session gets a thread there."),
            code="not_member",
        )
    item = OpenSpaceSession.objects.create(
        day=day,
        title=title,
        host=host,
        starts_at=starts_at,
        ends_at=ends_at,
        room=room,
        link=link,
    )
    item.thread = discussion_services.thread_create(
        author=host,
        community=meeting.community,
        title=(_("Open Space: %(title)s") % {"title": title})[:200],
        source=_open_space_thread_text(item, meeting),
        tags=["open space"],
    )
    item.save(update_fields=["thread"])
    return item


@transaction.atomic
def open_space_propose(
    *,
    user: User,
    day: SessionDay,
    title: str,
    start_time: time | None,
    end_time: time | None,
    room: str = "",
    link: str = "",
) -> OpenSpaceSession:
    """A participant proposes a session on the spot and hosts it."""
    day = _locked_day(day)
    _require_board_open(user, day)
    item = open_space_create(
        host=user,
        day=day,
        title=title,
        start_time=start_time,
        end_time=end_time,
        room=room,
        link=link,
    )
    events.board_changed(day)
    return item


def _board_item(item: OpenSpaceSession) -> tuple[SessionDay, OpenSpaceSession]:
    day = _locked_day(item.day)
    item = OpenSpaceSession.objects.filter(pk=item.pk, day=day).first()
    if item is None:
        raise ServiceError(_("This Open Space session is no longer on the board."), code="gone")
    return day, item


@transaction.atomic
def open_space_signup(*, user: User, item: OpenSpaceSession) -> OpenSpaceSignup:
    day, item = _board_item(item)
    _require_board_open(user, day)
    if item.host_id == user.pk:
        raise ServiceError(_("You host this session; you are in it already."), code="host")
    if OpenSpaceSignup.objects.filter(open_session=item, user=user).exists():
        raise ServiceError(_("You have already signed up for this session."), code="already")
    try:
        with transaction.atomic():
            signup = OpenSpaceSignup.objects.create(open_session=item, user=user)
    except IntegrityError:  # a concurrent double click
        raise ServiceError(
            _("You have already signed up for this session."), code="already"
        ) from None
    events.board_changed(day)
    return signup


@transaction.atomic
def open_space_withdraw(*, user: User, item: OpenSpaceSession) -> None:
    day, item = _board_item(item)
    _require_board_open(user, day)
    deleted, _rows = OpenSpaceSignup.objects.filter(open_session=item, user=user).delete()
    if not deleted:
        raise ServiceError(_("You have not signed up for this session."), code="no_signup")
    events.board_changed(day)


# Task group outputs ------------------------------------------------------------------------

MAX_RECOMMENDATIONS_LENGTH = 10_000


def _locked_group(group: TaskGroup) -> TaskGroup:
    # Lock the group's row only: its thread is a nullable join, which PostgreSQL cannot
    # lock.
    return (
        TaskGroup.objects.select_for_update(of=("self",))
        .select_related("session__meeting__community", "thread")
        .get(pk=group.pk)
    )


@transaction.atomic
def task_group_recommendations_set(*, actor: User, group: TaskGroup, text: str) -> TaskGroup:
    """Record (or rewrite) a task group's recommendations; empty text clears them."""
    from discussions.rendering import render_markdown

    group = _locked_group(group)
    if not actor.is_authenticated or not can_view_meeting(actor, group.session.meeting):
        raise ServiceError(_("This session does not exist."), code="not_found")
    if not can_write_recommendations(actor, group):
        raise ServiceError(
            _("Only the group's members and the facilitators can write its recommendations."),
            code="forbidden",
        )
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_RECOMMENDATIONS_LENGTH:
        raise ServiceError(
            _("Recommendations can be at most %(max)d characters.")
            % {"max": MAX_RECOMMENDATIONS_LENGTH},
            code="too_long",
        )
    group.recommendations = text
    group.recommendations_html = render_markdown(text) if text else ""
    group.recommendations_by = actor if text else None
    group.recommendations_at = timezone.now() if text else None
    group.save(
        update_fields=[
            "recommendations",
            "recommendations_html",
            "recommendations_by",
            "recommendations_at",
        ]
    )
    return group


@transaction.atomic
def task_group_propose_practice(*, actor: User, group: TaskGroup):
    """Propose a group's recommendations as a good-practice case: a prefilled draft in the
    library's review workflow, with the group's thread as its provenance."""
    from guidebook.services import practice_propose_from_thread

    group = _locked_group(group)
    session = group.session
    if not actor.is_authenticated or not can_view_meeting(actor, session.meeting):
        raise ServiceError(_("This session does not exist."), code="not_found")
    if not group.recommendations.strip():
        raise ServiceError(
            _("The group has not written recommendations yet: there is nothing to propose."),
            code="empty",
        )
    if group.thread is None:
        raise ServiceError(_("This group has no thread to link the case to."), code="invalid")
    return practice_propose_from_thread(
        user=actor,
        thread=group.thread,
        title=_("%(group)s: recommendations from %(edition)s")
        % {"group": group.name, "edition": session.edition},
        text=group.recommendations,
    )
