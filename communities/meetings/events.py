"""Live events for meetings: sent only after the writing transaction commits.

Vote counts go to the community's group (``discussions.events.community_group``), which
holds the user sockets of the community's active members; ``UserConsumer.meeting_votes``
forwards them to the browser.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from discussions import events as discussion_events
from discussions.events import community_group, send_now


def vote_counts(round_id: int) -> dict[str, int]:
    from communities.meetings.models import TopicProposal

    rows = (
        TopicProposal.objects.filter(round_id=round_id)
        .annotate(n=Count("votes"))
        .values_list("pk", "n")
    )
    return {str(pk): n for pk, n in rows}


def votes_changed(topic_round) -> None:
    if discussion_events._muted.get():  # seeding: nobody is watching (same rule as threads)
        return
    round_id, community_id = topic_round.pk, topic_round.community_id

    def publish():
        from communities.meetings.models import TopicRound

        fresh = TopicRound.objects.filter(pk=round_id).first()
        if fresh is None:
            return
        send_now(
            community_group(community_id),
            {
                "type": "meeting.votes",
                "event": "topic.votes",
                "community_id": community_id,
                "round_id": round_id,
                "closed": fresh.closed_at is not None,
                "counts": vote_counts(round_id),
            },
        )

    transaction.on_commit(publish, robust=True)


# Peer-learning sessions ----------------------------------------------------------------


def board_state(day_id: int) -> tuple[list[int], dict[str, int]]:
    """The Open Space sessions of a day (ids in board order) and their sign-up counts."""
    from communities.meetings.models import OpenSpaceSession

    rows = list(
        OpenSpaceSession.objects.filter(day_id=day_id)
        .annotate(n=Count("signups"))
        .order_by("starts_at", "id")
        .values_list("pk", "n")
    )
    return [pk for pk, _n in rows], {str(pk): n for pk, n in rows}


def board_changed(day) -> None:
    """After commit: the board's sessions and sign-up counts to the community's members;
    the page fetches the re-rendered board (one rendering path) when sessions change."""
    if discussion_events._muted.get():
        return
    day_id, session_id = day.pk, day.session_id

    def publish():
        from communities.meetings.models import SessionDay

        fresh = SessionDay.objects.select_related("session__meeting").filter(pk=day_id).first()
        if fresh is None:
            return
        community_id = fresh.session.meeting.community_id
        sessions, counts = board_state(day_id)
        send_now(
            community_group(community_id),
            {
                "type": "meeting.board",
                "event": "open_space.board",
                "community_id": community_id,
                "session_id": session_id,
                "day_id": day_id,
                "sessions": sessions,
                "counts": counts,
            },
        )

    transaction.on_commit(publish, robust=True)


def thread_readers_changed(thread_ids) -> None:
    """Open sockets of these (restricted) threads decide their access again from the
    database: someone moved out of a task group loses its live thread at once."""
    if discussion_events._muted.get():
        return
    ids = sorted({pk for pk in thread_ids if pk})

    def publish():
        for thread_id in ids:
            send_now(
                discussion_events.thread_group(thread_id),
                {"type": "access.recheck", "event": "thread.readers"},
            )

    transaction.on_commit(publish, robust=True)
