"""Seed the demo discussions: threads, posts, reactions, answers, back-dated timestamps.

Threads are written through ``discussions.services``, like any post, so counters,
sanitised HTML, follows and notifications are right; only the rate limits are lifted
while seeding. Afterwards the timestamps are moved back to a realistic spread over the
last months (relative to now, the same on every run). Each thread is recorded under its
demo key: one a facilitator moved to another community, renamed or deleted is not
written again; a community that already has a thread with the same title (seeded before
the keys) keeps it.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Max
from django.test.utils import override_settings
from django.utils import timezone

from communities.demo import COMMUNITIES
from communities.models import CommunityPage, Membership, MembershipStatus, Organisation, User
from core.demo import SEED_LIMITS, SeedContext, demo_object
from core.errors import ServiceError
from discussions import events
from discussions import services as discussions
from discussions.demo.loader import load_threads
from discussions.models import (
    ModerationAction,
    Notification,
    Post,
    Reaction,
    ReadState,
    Thread,
    ThreadFollow,
)


def seed(context: SeedContext) -> None:
    threads = load_threads()
    check_thread_data(threads)
    communities = context.shared["communities"]
    people = context.shared["people"]
    facilitators = {data["slug"]: data["facilitators"] for data in COMMUNITIES}
    touched = set()
    # Nobody is connected to a seeding process, and building the live events would
    # render every post and notification a second time (half the run time).
    with override_settings(PRAXIS_DISCUSSION_LIMITS=SEED_LIMITS), events.muted():
        for data in threads:
            community = communities.get(data["community"])
            if community is None:
                continue
            try:
                # One savepoint per thread: a thread that cannot be written (a demo user
                # left the community meanwhile, say) is skipped whole. Found by its key
                # wherever a facilitator moved it since (one deleted stays so), or, seeded
                # before the keys were recorded, by its title in the community.
                with transaction.atomic():
                    _thread, created = demo_object(
                        thread_key(data),
                        Thread,
                        find=lambda data=data, community=community: Thread.objects.filter(
                            community=community, title=data["title"]
                        ).first(),
                        create=lambda data=data, community=community: create_thread(
                            context, community, data, people, facilitators[data["community"]]
                        ),
                    )
            except ServiceError as error:
                context.warn(f"Skipped the thread {data['title']!r}: {error.message}")
                continue
            if not created:
                continue
            touched.add(community.pk)
    for community_id in touched:
        latest = Post.objects.filter(thread__community_id=community_id).aggregate(
            latest=Max("created_at")
        )["latest"]
        CommunityPage.objects.filter(pk=community_id).update(last_activity_at=latest)
    context.summaries.append(summary)


def thread_key(data: dict) -> str:
    """The demo key of a thread of ``discussions/demo/threads``: its community's slug in
    the data and its title there."""
    return f"thread:{data['community']}:{data['title']}"


def summary() -> str:
    return (
        "In the database: "
        f"{Organisation.objects.count()} organisations, {User.objects.count()} people, "
        f"{CommunityPage.objects.count()} communities, "
        f"{Membership.objects.filter(status=MembershipStatus.ACTIVE).count()} active "
        f"memberships, "
        f"{Membership.objects.filter(status=MembershipStatus.PENDING).count()} join "
        f"requests waiting, {Thread.objects.count()} threads, "
        f"{Post.objects.count()} posts."
    )


def check_thread_data(threads: list[dict]) -> None:
    """Catch editing mistakes in the demo data before anything is written."""
    members = {data["slug"]: {*data["facilitators"], *data["members"]} for data in COMMUNITIES}
    for data in threads:
        where = f"demo thread {data['title']!r}"
        posts = data["posts"]
        hours = [p["at"] for p in posts]
        if hours != sorted(hours) or hours[0] != 0:
            raise CommandError(f"{where}: posts must start at 0 hours, in time order.")
        if data["days_ago"] * 24 - hours[-1] < 1:
            raise CommandError(f"{where}: its last post would be in the future.")
        people = {p["by"] for p in posts}
        for p in posts:
            people.update(p["helpful"], p["thanks"])
        if data.get("answer_by"):
            people.add(data["answer_by"])
        strangers = people - members[data["community"]]
        if strangers:
            raise CommandError(f"{where}: not members of the community: {strangers}.")
        for index, p in enumerate(posts):
            if p["reply_to"] is not None and not 0 <= p["reply_to"] < index:
                raise CommandError(f"{where}: post {index} replies to a later post.")
        if data.get("answer") is not None and not 0 < data["answer"] < len(posts):
            raise CommandError(f"{where}: the answer must be one of the replies.")


def post_times(now, data) -> list:
    """When each post was written: the thread starts on a working morning ``days_ago``
    days back; posts follow ``at`` hours later, give or take a few minutes."""
    rng = random.Random(f"times:{data['title']}")
    day = timezone.localtime(now - timedelta(days=data["days_ago"]))
    start = day.replace(hour=rng.randint(8, 11), minute=rng.randint(0, 59), second=0, microsecond=0)
    times = [
        start + timedelta(hours=item["at"], minutes=rng.randint(0, 40) if item["at"] else 0)
        for item in data["posts"]
    ]
    overshoot = times[-1] - (now - timedelta(minutes=30))
    if overshoot > timedelta(0):
        times = [when - overshoot for when in times]
    return times


def create_thread(context: SeedContext, community, data, people, facilitators) -> Thread:
    first, *replies = data["posts"]
    author = people[first["by"]]
    thread = discussions.thread_create(
        author=author,
        community=community,
        title=data["title"],
        source=first["text"],
        tags=data.get("tags", []),
        language=first.get("language") or "en",
    )
    posts = [thread.posts.get()]
    for item in replies:
        reply_to = posts[item["reply_to"]].pk if item["reply_to"] is not None else None
        posts.append(
            discussions.post_create(
                author=people[item["by"]],
                thread=thread,
                source=item["text"],
                reply_to_id=reply_to,
                language=item.get("language") or "en",
            )
        )
    when = {post.pk: at for post, at in zip(posts, post_times(context.now, data), strict=True)}
    for post, item in zip(posts, data["posts"], strict=True):
        for kind in ("helpful", "thanks"):
            for username in item[kind]:
                if username != item["by"]:
                    discussions.reaction_toggle(user=people[username], post=post, kind=kind)
    if data.get("answer") is not None:
        marker = people[data.get("answer_by") or first["by"]]
        discussions.answer_mark(actor=marker, post=posts[data["answer"]])
    if data.get("pinned"):
        discussions.thread_set_flags(actor=people[facilitators[0]], thread=thread, pinned=True)
    backdate(context.now, thread, posts, when)
    context.created["threads"] += 1
    context.created["posts"] += len(posts)
    return thread


def backdate(now, thread: Thread, posts: list[Post], when: dict) -> None:
    """Move everything the services stamped with "now" to when it happened."""
    rng = random.Random(f"thread:{thread.title}")
    last = max(when.values())
    for post in posts:
        at = when[post.pk]
        Post.objects.filter(pk=post.pk).update(created_at=at)
        for reaction in Reaction.objects.filter(post=post):
            later = min(at + timedelta(hours=rng.uniform(0.5, 30)), now)
            Reaction.objects.filter(pk=reaction.pk).update(created_at=later)
        # Notifications arrive with the post; older ones have been read by now.
        read_at = at + timedelta(hours=rng.uniform(1, 20))
        Notification.objects.filter(post=post).update(
            created_at=at, read_at=read_at if read_at < now - timedelta(days=3) else None
        )
        ensure_member_before(post.author_id, thread.community_id, at)
    Thread.objects.filter(pk=thread.pk).update(created_at=when[posts[0].pk])
    ThreadFollow.objects.filter(thread=thread).update(created_at=when[posts[0].pk])
    ReadState.objects.filter(thread=thread).update(updated_at=last)
    decided = min(last + timedelta(hours=1), now)
    ModerationAction.objects.filter(thread=thread).update(created_at=decided)
    for reactor_id in Reaction.objects.filter(post__thread=thread).values_list(
        "user_id", flat=True
    ):
        ensure_member_before(reactor_id, thread.community_id, when[posts[0].pk])
    discussions.refresh_thread_counters(thread)


def ensure_member_before(user_id: int, community_id: int, when) -> None:
    """Nobody takes part in a discussion before joining the community (or the site)."""
    membership = Membership.objects.filter(user_id=user_id, community_id=community_id).first()
    if membership is None or (membership.joined_at and membership.joined_at <= when):
        return
    joined = when - timedelta(days=random.Random(f"{user_id}:{community_id}").uniform(1, 9))
    Membership.objects.filter(pk=membership.pk).update(joined_at=joined, created_at=joined)
    User.objects.filter(pk=user_id, date_joined__gt=joined).update(
        date_joined=joined - timedelta(days=1)
    )
