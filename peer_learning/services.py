"""Every write to peer-learning sessions, their days, task groups, the Open Space board and
task group outputs. Keyword-only, atomic, raising ``ServiceError``; events only on commit.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import User
from communities.permissions import can_post
from core.errors import ServiceError
from core.text import one_line
from core.timezones import local_datetime, local_display
from discussions import events as discussion_events
from meetings.models import RSVP, Meeting, RSVPStatus
from meetings.permissions import can_manage_meeting, can_view_meeting
from meetings.services import locked_meeting
from peer_learning import events
from peer_learning.models import (
    DayPurpose,
    OpenSpaceSession,
    OpenSpaceSignup,
    PeerLearningSession,
    SessionDay,
    TaskGroup,
    TaskGroupMember,
)
from peer_learning.permissions import can_take_part, can_write_recommendations

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
    meeting = locked_meeting(meeting)
    _require_session_manager(
        actor, meeting, _("Only the community's facilitators can set up a peer-learning session.")
    )
    if PeerLearningSession.objects.filter(meeting=meeting).exists():
        raise ServiceError(_("This meeting is already a peer-learning session."), code="exists")
    edition = one_line(edition, max_length=200)
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
        defaults={"purpose": purpose, "notes": one_line(notes, max_length=300)},
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
    name = one_line(name, max_length=120)
    if not name:
        raise ServiceError(_("Give the task group a name."), code="name")
    existing = list(session.groups.all())
    if len(existing) >= MAX_TASK_GROUPS:
        raise ServiceError(
            ngettext(
                "A session can have at most %(max)d task group.",
                "A session can have at most %(max)d task groups.",
                MAX_TASK_GROUPS,
            )
            % {"max": MAX_TASK_GROUPS},
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
    discussion_events.thread_readers_changed(thread_ids)


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
            ngettext(
                "Choose between 1 and %(max)d group.",
                "Choose between 1 and %(max)d groups.",
                MAX_TASK_GROUPS,
            )
            % {"max": MAX_TASK_GROUPS},
            code="count",
        )
    people = participants(session.meeting)
    if len(people) < group_count:
        raise ServiceError(
            # Translators: participants is "There are 5 participants", groups is "not enough
            # for 6 groups".
            _("%(participants)s: %(groups)s.")
            % {
                "participants": ngettext(
                    "There is %(people)d participant",
                    "There are %(people)d participants",
                    len(people),
                )
                % {"people": len(people)},
                "groups": ngettext(
                    "not enough for %(groups)d group",
                    "not enough for %(groups)d groups",
                    group_count,
                )
                % {"groups": group_count},
            },
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
        "when": local_display(item.starts_at, meeting.time_zone),
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
    title = one_line(title, max_length=200)
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
    room = one_line(room, max_length=200)
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
            ngettext(
                "Recommendations can be at most %(max)d character.",
                "Recommendations can be at most %(max)d characters.",
                MAX_RECOMMENDATIONS_LENGTH,
            )
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
