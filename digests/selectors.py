"""What a person's digest lists: only what that person may see, from their communities."""

from __future__ import annotations

from datetime import datetime, timedelta

from communities.models import CommunityPage, Membership, MembershipStatus
from communities.permissions import readable_community_filter
from discussions.models import Thread, ThreadStatus
from discussions.notification_mail import in_digest
from discussions.permissions import thread_reader_filter
from discussions.selectors import notifications_for
from guidebook.models import PracticePage
from meetings.models import Meeting
from meetings.permissions import visible_meeting_filter

MEETINGS_AHEAD = timedelta(days=14)
LIMIT = 10


def my_community_ids(user) -> list[int]:
    return list(
        CommunityPage.objects.filter(readable_community_filter(user))
        .filter(
            pk__in=Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE).values(
                "community_id"
            )
        )
        .values_list("pk", flat=True)
    )


def digest_for(*, user, since: datetime, now: datetime) -> dict:
    """New threads, answered questions, meetings coming up, practice cases published and
    the person's own unread notifications that wait for the digest."""
    communities = my_community_ids(user)
    threads = Thread.objects.filter(community_id__in=communities).filter(thread_reader_filter(user))
    new_threads = list(
        threads.filter(created_at__gte=since, created_at__lt=now)
        .exclude(author=user)
        .select_related("community", "author")
        .order_by("-created_at")[:LIMIT]
    )
    answered = list(
        threads.filter(
            status=ThreadStatus.ANSWERED,
            answer__isnull=False,
            last_activity_at__gte=since,
        )
        .select_related("community")
        .order_by("-last_activity_at")[:LIMIT]
    )
    meetings = list(
        Meeting.objects.filter(visible_meeting_filter(user))
        .filter(
            community_id__in=communities, starts_at__gte=now, starts_at__lt=now + MEETINGS_AHEAD
        )
        .select_related("community")
        .order_by("starts_at")[:LIMIT]
    )
    cases = list(
        PracticePage.objects.live()
        .public()
        .filter(related_community_id__in=communities, first_published_at__gte=since)
        .order_by("-first_published_at")[:LIMIT]
    )
    for_you = [
        notification
        for notification in notifications_for(user=user, limit=50)
        if notification.read_at is None
        and notification.created_at >= since
        and in_digest(user, notification.kind)
    ][:LIMIT]
    return {
        "for_you": for_you,
        "new_threads": new_threads,
        "answered": answered,
        "meetings": meetings,
        "cases": cases,
    }


def is_empty(digest: dict) -> bool:
    return not any(digest.values())
