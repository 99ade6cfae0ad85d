"""Topic rounds and dot-voting: members propose topics and spend their votes."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import CommunityPage, User
from communities.permissions import can_facilitate, can_view_community
from core.errors import ServiceError
from core.text import long_text, one_line
from meetings import events
from meetings.models import (
    AgendaItem,
    Meeting,
    TopicProposal,
    TopicRound,
    TopicVote,
)
from meetings.permissions import (
    can_view_round,
    can_vote,
)
from meetings.services.agenda import agenda_item_add

MAX_VOTES_PER_MEMBER = 20


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
            ngettext(
                "Each member can have between 1 and %(max)d vote.",
                "Each member can have between 1 and %(max)d votes.",
                MAX_VOTES_PER_MEMBER,
            )
            % {"max": MAX_VOTES_PER_MEMBER},
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
            ngettext(
                "You have used your %(votes)d vote in this round. Take it back "
                "from another topic to move it here.",
                "You have used all %(votes)d of your votes in this round. Take a vote back "
                "from another topic to move it here.",
                topic_round.votes_per_member,
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
