"""Every write to meetings, agenda items, RSVPs, calendar tokens and topic rounds.

Keyword-only, inside ``transaction.atomic``, validating and raising ``ServiceError`` with a
message fit for the user; a refused write changes nothing. Live events and e-mails are sent
only on commit.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import LANGUAGE_CHOICES, CommunityPage, User
from communities.permissions import can_facilitate, can_view_community
from core.errors import ServiceError
from core.links import absolute_url
from core.mail import send_mail_on_commit
from core.text import long_text, one_line
from core.timezones import local_datetime, local_display
from meetings import events
from meetings.models import (
    RSVP,
    AgendaItem,
    CalendarToken,
    Meeting,
    MeetingAudience,
    MeetingFormat,
    RSVPStatus,
    TopicProposal,
    TopicRound,
    TopicVote,
)
from meetings.permissions import (
    can_manage_meeting,
    can_rsvp,
    can_schedule,
    can_view_meeting,
    can_view_round,
    can_vote,
)

# Partnerforum's breakfast meetings run 09:00-11:00 (community's local time).
DEFAULT_TIMES = {MeetingFormat.BREAKFAST: (time(9, 0), time(11, 0))}
MAX_MEETING_DAYS = 14
MAX_VOTES_PER_MEMBER = 20
LANGUAGE_CODES = {code for code, _name in LANGUAGE_CHOICES}


# Validation helpers ---------------------------------------------------------------------


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


# Meetings -------------------------------------------------------------------------------


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
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.sequence += 1
    meeting.updated_at = timezone.now()
    meeting.save()
    _promote_waiting(meeting)
    return meeting


def locked_meeting(meeting: Meeting) -> Meeting:
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
        send_mail_on_commit(
            recipients=[first.user.email],
            subject=_("A place opened up: you are going to “%(title)s”") % {"title": meeting.title},
            body=_(
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
    title = one_line(title, max_length=200)
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
    title = one_line(title, max_length=200)
    why = long_text(why, max_length=2000)
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
