"""Reads for meeting pages, listings, feeds and topic rounds, in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from communities.models import CommunityPage, CommunityTheme, Membership, MembershipStatus
from communities.permissions import can_facilitate
from meetings.models import RSVP, Meeting, RSVPStatus, TopicProposal, TopicRound, TopicVote
from meetings.permissions import (
    can_manage_meeting,
    can_rsvp,
    can_see_attendees,
    can_vote,
    visible_meeting_filter,
)

MEETINGS_PER_PAGE = 20
FEED_PAST_DAYS = 180
FEED_LIMIT = 500


def _with_going(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        going_count=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.GOING), distinct=True)
    )


def visible_meetings(*, user) -> QuerySet:
    return Meeting.objects.filter(visible_meeting_filter(user))


def visible_meetings_with_going(*, user) -> QuerySet:
    """What ``user`` may see, each with how many are going (the public API's detail)."""
    return _with_going(visible_meetings(user=user))


def meetings_listing(
    *,
    user,
    format: str = "",
    theme: str = "",
    month: date | None = None,
    past: bool = False,
) -> QuerySet:
    now = timezone.now()
    meetings = visible_meetings(user=user).select_related("community")
    if past:
        meetings = meetings.filter(ends_at__lt=now).order_by("-starts_at", "-id")
    else:
        meetings = meetings.filter(ends_at__gte=now).order_by("starts_at", "id")
    if format:
        meetings = meetings.filter(format=format)
    if theme:
        meetings = meetings.filter(
            Exists(
                CommunityTheme.objects.filter(
                    content_object_id=OuterRef("community_id"), tag__slug=theme
                )
            )
        )
    if month:
        start = timezone.make_aware(timezone.datetime(month.year, month.month, 1))
        end_month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        end = timezone.make_aware(timezone.datetime(end_month.year, end_month.month, 1))
        meetings = meetings.filter(starts_at__gte=start, starts_at__lt=end)
    return _with_going(meetings)


def meetings_page(*, user, page_number=None, **filters):
    return Paginator(meetings_listing(user=user, **filters), MEETINGS_PER_PAGE).get_page(
        page_number
    )


def upcoming_for_community(*, community: CommunityPage, user, limit: int = 5) -> list[Meeting]:
    return list(
        _with_going(
            visible_meetings(user=user)
            .filter(community=community, ends_at__gte=timezone.now())
            .select_related("community")
            .order_by("starts_at", "id")
        )[:limit]
    )


def upcoming_for_user(*, user, limit: int = 5) -> list[Meeting]:
    """Upcoming meetings in my communities, and open meetings I answered going to."""
    if not user.is_authenticated:
        return []
    mine = Q(
        Exists(
            Membership.objects.filter(
                community=OuterRef("community_id"), user=user, status=MembershipStatus.ACTIVE
            )
        )
    ) | Q(Exists(RSVP.objects.filter(meeting=OuterRef("pk"), user=user)))
    return list(
        _with_going(
            visible_meetings(user=user)
            .filter(mine, ends_at__gte=timezone.now())
            .select_related("community")
            .order_by("starts_at", "id")
        )[:limit]
    )


def meetings_for_feed(*, user, community: CommunityPage | None = None) -> list[Meeting]:
    """Meetings for a calendar feed: what ``user`` (maybe anonymous) may see, from half a
    year ago on; without a community, the meetings of the user's communities."""
    meetings = visible_meetings(user=user).filter(
        ends_at__gte=timezone.now() - timedelta(days=FEED_PAST_DAYS)
    )
    if community is not None:
        meetings = meetings.filter(community=community)
    elif user.is_authenticated:
        meetings = meetings.filter(
            Q(
                Exists(
                    Membership.objects.filter(
                        community=OuterRef("community_id"),
                        user=user,
                        status=MembershipStatus.ACTIVE,
                    )
                )
            )
            | Q(
                Exists(
                    RSVP.objects.filter(
                        meeting=OuterRef("pk"),
                        user=user,
                        status__in=[RSVPStatus.GOING, RSVPStatus.MAYBE, RSVPStatus.WAITING],
                    )
                )
            )
        )
    else:
        return []
    return list(meetings.select_related("community").order_by("starts_at")[:FEED_LIMIT])


def meeting_for_page(meeting_id: int) -> Meeting | None:
    return (
        Meeting.objects.select_related("community", "thread", "harvest_post")
        .filter(pk=meeting_id, community__live=True)
        .first()
    )


def meeting_page_context(*, meeting: Meeting, user) -> dict:
    agenda = list(meeting.agenda_items.all())
    rsvps = list(
        meeting.rsvps.select_related("user", "user__organisation").order_by(
            "waitlisted_at", "updated_at", "id"
        )
    )
    by_status: dict[str, list[RSVP]] = {status: [] for status in RSVPStatus.values}
    for rsvp in rsvps:
        by_status[rsvp.status].append(rsvp)
    mine = next((r for r in rsvps if user.is_authenticated and r.user_id == user.pk), None)
    waiting = by_status[RSVPStatus.WAITING]
    position = waiting.index(mine) + 1 if mine in waiting else None
    going = sorted(by_status[RSVPStatus.GOING], key=lambda r: r.user.name.casefold())
    organisations = Counter(
        r.user.organisation.name if r.user.organisation else "" for r in going
    ).most_common()
    show_attendees = can_see_attendees(user, meeting)
    manage = can_manage_meeting(user, meeting)
    return {
        "meeting": meeting,
        "agenda": agenda,
        "going": going if show_attendees else [],
        "maybe": by_status[RSVPStatus.MAYBE] if show_attendees else [],
        "waiting": waiting if manage else [],
        "going_count": len(going),
        "maybe_count": len(by_status[RSVPStatus.MAYBE]),
        "waiting_count": len(waiting),
        "organisations": organisations if show_attendees else [],
        "organisation_count": len([name for name, _n in organisations if name]),
        "my_rsvp": mine,
        "waiting_position": position,
        "places_left": (
            max(0, meeting.capacity - len(going)) if meeting.capacity is not None else None
        ),
        "can_rsvp": can_rsvp(user, meeting) and not meeting.is_past,
        "can_see_attendees": show_attendees,
        "can_manage": manage,
        "rsvp_choices": [
            (RSVPStatus.GOING, RSVPStatus.GOING.label),
            (RSVPStatus.MAYBE, RSVPStatus.MAYBE.label),
            (RSVPStatus.NOT_GOING, RSVPStatus.NOT_GOING.label),
        ],
    }


# Topic rounds ---------------------------------------------------------------------------


def rounds_for_community(*, community: CommunityPage) -> list[TopicRound]:
    return list(
        TopicRound.objects.filter(community=community)
        .annotate(topic_count=Count("topics", distinct=True))
        .select_related("meeting")
    )


def round_page_context(*, topic_round: TopicRound, user) -> dict:
    topics = list(
        TopicProposal.objects.filter(round=topic_round)
        .annotate(vote_count=Count("votes"))
        .select_related("proposer", "proposer__organisation")
        .prefetch_related(Prefetch("agenda_items"))
        .order_by("-vote_count", "created_at", "id")
        if not topic_round.is_open
        else TopicProposal.objects.filter(round=topic_round)
        .annotate(vote_count=Count("votes"))
        .select_related("proposer", "proposer__organisation")
        .order_by("created_at", "id")
    )
    my_votes: set[int] = set()
    if user.is_authenticated:
        my_votes = set(
            TopicVote.objects.filter(round=topic_round, user=user).values_list(
                "topic_id", flat=True
            )
        )
    for topic in topics:
        topic.my_vote = topic.pk in my_votes
    facilitating = can_facilitate(user, topic_round.community)
    upcoming = []
    if facilitating and topic_round.is_open:
        upcoming = list(
            Meeting.objects.filter(
                community=topic_round.community, ends_at__gte=timezone.now()
            ).order_by("starts_at")[:20]
        )
    return {
        "topic_round": topic_round,
        "topics": topics,
        "votes_left": topic_round.votes_per_member - len(my_votes),
        "can_vote": can_vote(user, topic_round) and topic_round.is_open,
        "can_facilitate": facilitating,
        "upcoming_meetings": upcoming,
    }
