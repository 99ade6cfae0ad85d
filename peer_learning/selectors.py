"""Reads for the session page, the Open Space board and task group outputs."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Prefetch

from meetings.models import RSVP, RSVPStatus
from meetings.permissions import can_manage_meeting, can_rsvp, can_see_attendees, can_view_meeting
from peer_learning.models import (
    OpenSpaceSession,
    OpenSpaceSignup,
    PeerLearningSession,
    SessionDay,
    TaskGroupMember,
)

# Peer-learning sessions ---------------------------------------------------------------------


def session_for_page(meeting_id: int) -> PeerLearningSession | None:
    return (
        PeerLearningSession.objects.select_related("meeting__community")
        .filter(meeting_id=meeting_id, meeting__community__live=True)
        .first()
    )


def _organisation_label(user) -> str:
    return user.organisation.label if user.organisation_id else ""


def session_page_context(*, session: PeerLearningSession, user) -> dict:
    """The session page in a fixed number of queries, whatever the number of people."""
    meeting = session.meeting
    days = list(session.days.annotate(board_size=Count("open_space_sessions")))
    going = sorted(
        (
            rsvp.user
            for rsvp in RSVP.objects.filter(meeting=meeting, status=RSVPStatus.GOING)
            .select_related("user__organisation")
            .order_by("id")
        ),
        key=lambda person: (person.name.casefold(), person.pk),
    )
    groups = list(
        session.groups.select_related("thread", "recommendations_by").prefetch_related(
            Prefetch(
                "memberships",
                queryset=TaskGroupMember.objects.select_related("user__organisation").order_by(
                    "user__username"
                ),
            )
        )
    )
    manage = can_manage_meeting(user, meeting)
    show_people = can_see_attendees(user, meeting)
    assigned: dict[int, int] = {}
    my_group = None
    for group in groups:
        group.people = [m.user for m in group.memberships.all()]
        for person in group.people:
            assigned[person.pk] = group.pk
        counts = Counter(_organisation_label(p) or f"#{p.pk}" for p in group.people)
        group.organisation_count = len(counts)
        group.largest_share = max(counts.values()) if counts else 0
        group.is_mine = user.is_authenticated and user.pk in {p.pk for p in group.people}
        group.can_open_thread = bool(group.thread_id) and (group.is_mine or manage)
        if group.is_mine:
            my_group = group
    _attach_outputs(groups, user=user, manage=manage)
    organisations = Counter(_organisation_label(p) for p in going).most_common()
    countries = sorted(
        {str(p.organisation.country.name) for p in going if p.organisation_id} - {""}
    )
    participant = user.is_authenticated and any(p.pk == user.pk for p in going)
    return {
        "session": session,
        "meeting": meeting,
        "days": days,
        "participants": going if show_people else [],
        "participant_count": len(going),
        "organisations": organisations if show_people else [],
        "organisation_count": len([name for name, _n in organisations if name]),
        "countries": countries if show_people else [],
        "groups": groups,
        "my_group": my_group,
        "unassigned": [p for p in going if p.pk not in assigned] if manage else [],
        "is_participant": participant,
        "can_manage": manage,
        "can_see_people": show_people,
        "can_rsvp": can_rsvp(user, meeting) and not meeting.is_past,
        "can_propose_outputs": bool(groups) and _can_propose_outputs(user, manage=manage),
        "groups_with_outputs": [g for g in groups if g.recommendations_html],
    }


def _can_propose_outputs(user, *, manage: bool) -> bool:
    from guidebook.permissions import is_practice_editor

    return user.is_authenticated and (manage or is_practice_editor(user))


def _attach_outputs(groups: list, *, user, manage: bool) -> None:
    """Per group: may this user write its recommendations, and the practice case proposed
    from them, if any (one query for all groups)."""
    from guidebook.models import PracticePage

    thread_ids = [g.thread_id for g in groups if g.thread_id]
    proposals = {}
    if thread_ids:
        for practice in PracticePage.objects.filter(
            source_thread_id__in=thread_ids, source_post__isnull=True
        ).order_by("pk"):
            proposals.setdefault(practice.source_thread_id, practice)
    for group in groups:
        group.can_write_recommendations = user.is_authenticated and (manage or group.is_mine)
        group.proposal = proposals.get(group.thread_id)


def board_day_for_page(*, meeting_id: int, day_id: int) -> SessionDay | None:
    return (
        SessionDay.objects.select_related("session__meeting__community")
        .filter(pk=day_id, session__meeting_id=meeting_id, session__meeting__community__live=True)
        .first()
    )


def board_context(*, day: SessionDay, user) -> dict:
    """The Open Space board of a day: sessions, hosts, sign-ups (names) and mine."""
    from peer_learning.permissions import can_take_part

    meeting = day.session.meeting
    items = list(
        OpenSpaceSession.objects.filter(day=day)
        .select_related("host__organisation")
        .prefetch_related(
            Prefetch(
                "signups",
                queryset=OpenSpaceSignup.objects.select_related("user__organisation").order_by(
                    "created_at", "id"
                ),
            )
        )
        .order_by("starts_at", "id")
    )
    show_people = can_see_attendees(user, meeting)
    for item in items:
        people = [signup.user for signup in item.signups.all()]
        item.signup_count = len(people)
        item.people = people if show_people else []
        item.mine = user.is_authenticated and any(p.pk == user.pk for p in people)
        item.hosting = user.is_authenticated and item.host_id == user.pk
    take_part = can_take_part(user, meeting) and day.is_open_space and not meeting.is_past
    return {
        "day": day,
        "session": day.session,
        "meeting": meeting,
        "items": items,
        "can_take_part": take_part,
        "can_see_people": show_people,
        "can_view": can_view_meeting(user, meeting),
    }
