"""Live events for meetings: sent only after the writing transaction commits.

Vote counts go to the community's group (``discussions.events.community_group``), which
holds the user sockets of the community's active members; ``UserConsumer.meeting_votes``
forwards them to the browser.
"""

from __future__ import annotations

from django.db.models import Count

from discussions.events import community_group, publish_on_commit


def vote_counts(round_id: int) -> dict[str, int]:
    from meetings.models import TopicProposal

    rows = (
        TopicProposal.objects.filter(round_id=round_id)
        .annotate(n=Count("votes"))
        .values_list("pk", "n")
    )
    return {str(pk): n for pk, n in rows}


def votes_changed(topic_round) -> None:
    round_id, community_id = topic_round.pk, topic_round.community_id

    def build():
        from meetings.models import TopicRound

        fresh = TopicRound.objects.filter(pk=round_id).first()
        if fresh is None:
            return []
        return [
            (
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
        ]

    publish_on_commit(build)
