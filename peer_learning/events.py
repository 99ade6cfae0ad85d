"""Live Open Space board updates, published through the discussions' one publisher."""

from __future__ import annotations

from django.db.models import Count

from discussions.events import community_group, publish_on_commit
from peer_learning.models import OpenSpaceSession, SessionDay

# Peer-learning sessions ----------------------------------------------------------------


def board_state(day_id: int) -> tuple[list[int], dict[str, int]]:
    """The Open Space sessions of a day (ids in board order) and their sign-up counts."""
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
    day_id, session_id = day.pk, day.session_id

    def build():
        fresh = SessionDay.objects.select_related("session__meeting").filter(pk=day_id).first()
        if fresh is None:
            return []
        community_id = fresh.session.meeting.community_id
        sessions, counts = board_state(day_id)
        return [
            (
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
        ]

    publish_on_commit(build)
