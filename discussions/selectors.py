"""Reads shared by thread pages and consumers, each in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from communities.models import MembershipStatus, User
from communities.permissions import facilitated_communities, readable_community_filter
from discussions.models import (
    Flag,
    Notification,
    Post,
    PostLanguage,
    Reaction,
    ReadState,
    Thread,
    ThreadFollow,
)
from discussions.permissions import (
    can_mark_answer,
    can_moderate,
    can_read_thread,
    can_reply,
    thread_reader_filter,
)

THREADS_PER_PAGE = 30
POSTS_PER_PAGE = 50


def identity(user) -> dict | None:
    """What others see of a person in presence and typing: name and organisation."""
    if not user.is_authenticated:
        return None
    return {
        "id": user.pk,
        "name": user.name,
        "organisation": user.organisation.label if user.organisation_id else "",
    }


def threads_for_community(*, community, user, page_number=None):
    """Pinned first, then by last activity; each with the viewer's unread marker."""
    threads = (
        Thread.objects.filter(community=community)
        .filter(thread_reader_filter(user))
        .select_related("author", "author__organisation", "last_post__author")
        .order_by("-pinned", "-last_activity_at", "-id")
    )
    if user.is_authenticated:
        threads = threads.annotate(
            last_read_id=Coalesce(
                Subquery(
                    ReadState.objects.filter(thread=OuterRef("pk"), user=user).values(
                        "last_read_post_id"
                    )[:1],
                    output_field=IntegerField(),
                ),
                Value(-1),
            )
        )
    page = Paginator(threads, THREADS_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    for thread in page.object_list:
        # "new": never opened; "unread": posts since the last visit. Nothing for anonymous.
        thread.is_new = getattr(thread, "last_read_id", None) == -1 and bool(thread.last_post_id)
        thread.is_unread = is_unread(thread)
    return page


def is_unread(thread) -> bool:
    last_read = getattr(thread, "last_read_id", None)
    if last_read is None:
        return False
    return last_read < (thread.last_post_id or 0)


def reaction_summary(post_ids) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        Reaction.objects.filter(post_id__in=list(post_ids))
        .values("post_id", "kind")
        .annotate(total=Count("pk"))
    )
    for row in rows:
        counts[row["post_id"]][row["kind"]] = row["total"]
    return counts


def _posts_for(user, thread):
    posts = Post.objects.filter(thread=thread, deleted_at__isnull=True).select_related(
        "author", "author__organisation", "reply_to__author"
    )
    if not can_moderate(user, thread):
        # A hidden post stays in its author's view, marked hidden, with the reason.
        own = Q(author_id=user.pk) if user.is_authenticated else Q(pk__in=[])
        posts = posts.filter(Q(hidden_at__isnull=True) | own)
    return posts.order_by("id")


def post_permalink(*, user, post: Post) -> str:
    """The address of ``post`` on the page of its thread that shows it to ``user`` (the
    pages count only the posts that reader sees)."""
    position = _posts_for(user, post.thread).filter(id__lt=post.pk).count()
    page_number = position // POSTS_PER_PAGE + 1
    query = f"?page={page_number}" if page_number > 1 else ""
    return f"{post.thread.get_absolute_url()}{query}#post-{post.pk}"


def posts_by_language(posts) -> dict[str, int]:
    """How many of ``posts`` are written in each language (one query)."""
    rows = posts.order_by().values_list("language").annotate(n=Count("pk"))
    return dict(rows)


def thread_page_context(*, thread, user, page_number=None, language: str = "") -> dict:
    """Everything the thread page shows, in a constant number of queries. ``language``
    (a ``PostLanguage`` code, else ignored) keeps only the posts written in it."""
    posts = _posts_for(user, thread)
    # The languages present, counted in the query that also gives the paginator its total.
    counts = posts_by_language(posts)
    languages = [(code, name) for code, name in PostLanguage.choices if code in counts]
    language = language if language in PostLanguage.values else ""
    total = sum(counts.values())
    if language:
        posts = posts.filter(language=language)
        total = counts.get(language, 0)
    last_read_id = 0
    if user.is_authenticated:
        last_read_id = (
            ReadState.objects.filter(thread=thread, user=user)
            .values_list("last_read_post_id", flat=True)
            .first()
        ) or 0
    paginator = Paginator(posts, POSTS_PER_PAGE)
    paginator.count = total  # known already: no COUNT query
    if page_number == "last":
        page_number = paginator.num_pages
    elif page_number in (None, "") and last_read_id:
        # Open where the reader left off: the page holding the first unread post.
        position = posts.filter(id__lte=last_read_id).count()
        page_number = min(position // POSTS_PER_PAGE + 1, paginator.num_pages)
    page = paginator.get_page(page_number)
    page_posts = list(page.object_list)
    ids = [p.pk for p in page_posts]
    mine = set()
    if user.is_authenticated and ids:
        mine = set(
            Reaction.objects.filter(post_id__in=ids, user=user).values_list("post_id", "kind")
        )
    summary = reaction_summary(ids)
    for post in page_posts:
        post.reaction_counts = summary.get(post.pk, {})
        post.my_reactions = {kind for (pid, kind) in mine if pid == post.pk}
    first_unread = next((p.pk for p in page_posts if p.pk > last_read_id), None)
    answer = None
    if thread.answer_id:
        answer = (
            Post.objects.visible()
            .select_related("author", "author__organisation")
            .filter(pk=thread.answer_id)
            .first()
        )
    following = (
        user.is_authenticated and ThreadFollow.objects.filter(thread=thread, user=user).exists()
    )
    return {
        "thread": thread,
        "posts": page,
        "page_posts": page_posts,
        "answer": answer,
        "first_unread_id": first_unread if last_read_id else None,
        "last_post_id": max(ids) if ids else 0,
        # Read with the thread, before its posts: the page has at least this event number.
        "seq": thread.event_seq,
        "last_read_id": last_read_id,
        "can_reply": can_reply(user, thread),
        "can_moderate": can_moderate(user, thread),
        "can_mark_answer": can_mark_answer(user, thread),
        "following": following,
        "viewer": identity(user),
        "post_languages": languages,
        "language_filter": language,
    }


def posts_after(
    *,
    user,
    thread_id: int,
    after_id: int,
    limit: int,
    shown_ids=(),
    language: str = "",
    after_seq: int | None = None,
) -> dict:
    """Catch-up for a socket: what its page lacks, rendered, and what it must take down.

    By event number (``after_seq``, the last the page applied): the current state of every
    post changed since (created, edited, hidden, shown again, deleted, its reactions or
    answer mark), and the answer panel if the answer changed. By the ids it shows
    (``shown_ids``): every visible post after ``after_id`` and, from the oldest post it
    shows on, every one it does not show (a post whose event went missing, or one written
    without an event), and which of the shown ones were hidden or deleted meanwhile.

    Within the reader's permissions: nothing for a thread they may not read; a hidden
    post's content only to the thread's facilitators (anyone else gets its id, to take it
    down). ``language``: the page shows only posts in this language (a post it shows is
    sent whatever its language now, so a page drops one whose language changed).

    Returns ``posts`` [(id, html)] to add, ``updated`` [(id, html)] to replace where shown,
    ``gone`` [id], ``answer`` (the panel's HTML, or None), ``locked`` (the thread's lock
    state if it changed since ``after_seq``, else None), ``seq`` (the page has everything
    up to this event number once it applied all this) and ``more`` (further behind than
    ``limit``: reload)."""
    from discussions.events import render_answer_panel, render_post

    empty = {
        "posts": [],
        "updated": [],
        "gone": [],
        "answer": None,
        "answer_id": None,
        "locked": None,
        "seq": 0,
        "more": False,
    }
    thread = Thread.objects.select_related("community").filter(pk=thread_id).first()
    if thread is None or not can_read_thread(user, thread):
        return empty
    moderator = can_moderate(user, thread)
    shown = set(shown_ids)
    related = ("author", "author__organisation", "thread__community", "reply_to__author")
    # Read before the posts: whatever the posts query sees committed at or before this
    # number (the thread's events commit in number order), so nothing below it is missed.
    seq = thread.event_seq if after_seq is not None else 0
    changed: list[Post] = []
    more = False
    if after_seq is not None and after_seq < thread.event_seq:
        changed = list(
            Post.objects.filter(thread_id=thread_id, seq__gt=after_seq)
            .select_related(*related)
            .order_by("seq")[: limit + 1]
        )
        if len(changed) > limit:
            changed, more = changed[:limit], True
            seq = changed[-1].seq
        elif changed:
            seq = max(seq, changed[-1].seq)
    # A moderator's page shows hidden posts (marked, with the reason): only deleted ones go.
    on_their_page = (
        Post.objects.filter(deleted_at__isnull=True) if moderator else Post.objects.visible()
    )
    still_there = (
        set(on_their_page.filter(thread_id=thread_id, pk__in=shown).values_list("pk", flat=True))
        if shown
        else set()
    )
    gone = shown - still_there
    missing = Post.objects.visible().filter(thread_id=thread_id)
    if shown:
        missing = missing.filter(id__gt=min(min(shown) - 1, after_id)).exclude(pk__in=shown)
    else:
        missing = missing.filter(id__gt=after_id)
    if language:
        missing = missing.filter(language=language)
    changed_ids = {p.pk for p in changed}
    missing_posts = (
        []
        if more
        else list(
            missing.exclude(pk__in=changed_ids).select_related(*related).order_by("id")[: limit + 1]
        )
    )
    if len(missing_posts) > limit:
        missing_posts, more = missing_posts[:limit], True
    first_shown = min(shown) if shown else 0
    posts, updated = [], []
    for post in changed:
        if post.deleted_at is not None or (post.hidden_at is not None and not moderator):
            gone.add(post.pk)  # its id only: the content is not this reader's to see
            continue
        if language and post.language != language and post.pk not in shown:
            continue  # not on a page filtered to another language
        # New to the page (it would add it) or a change to one it may show (it replaces
        # it if it does; an older one it does not show stays off the page).
        new = post.is_visible and post.pk not in shown and post.pk >= first_shown
        (posts if new else updated).append((post.pk, render_post(post)))
    for post in missing_posts:
        posts.append((post.pk, render_post(post)))
    posts.sort()
    answer = current = None
    if after_seq is not None and thread.answer_seq > after_seq:
        current = (
            Post.objects.visible()
            .select_related("author", "author__organisation")
            .filter(pk=thread.answer_id, thread_id=thread_id)
            .first()
            if thread.answer_id
            else None
        )
        answer = render_answer_panel(current)
    return {
        "posts": posts,
        "updated": updated,
        "gone": sorted(gone),
        "answer": answer,
        "answer_id": current.pk if current else None,
        # Locked or unlocked since the page's number: its current state.
        "locked": thread.locked
        if after_seq is not None and thread.locked_seq > after_seq
        else None,
        "seq": seq,
        "more": more,
    }


def thread_socket_access(*, user, thread_id: int) -> dict | None:
    """None when the user may not read the thread (the socket is closed, 4404)."""
    thread = Thread.objects.select_related("community").filter(pk=thread_id).first()
    if thread is None or not can_read_thread(user, thread):
        return None
    if user.is_authenticated:
        user = User.objects.select_related("organisation").get(pk=user.pk)
    return {
        "community_id": thread.community_id,
        "can_post": can_reply(user, thread),
        "is_moderator": can_moderate(user, thread),
        "identity": identity(user),
    }


def move_targets(*, user, thread):
    """The communities ``user`` may move ``thread`` to, by title: one query, however many."""
    return facilitated_communities(user).exclude(pk=thread.community_id).order_by("title")


def member_community_ids(*, user) -> list[int]:
    if not user.is_authenticated:
        return []
    return list(
        user.memberships.filter(status=MembershipStatus.ACTIVE, community__live=True).values_list(
            "community_id", flat=True
        )
    )


def recent_posts_for(*, user, limit: int = 10) -> list[Post]:
    """The cross-silo feed: the latest visible post of each of the most recently active
    threads in communities the user may read."""
    from communities.models import CommunityPage

    readable = CommunityPage.objects.live().filter(readable_community_filter(user))
    if user.is_authenticated:
        mine = member_community_ids(user=user)
        if mine:
            readable = readable.filter(pk__in=mine)
    # One entry per thread (its latest post): a busy thread does not fill the list.
    latest = (
        Thread.objects.filter(community__in=readable, last_post__isnull=False)
        .filter(thread_reader_filter(user))
        .order_by("-last_post_id")
        .values("last_post_id")[:limit]
    )
    return list(
        Post.objects.visible()
        .filter(pk__in=Subquery(latest))
        .select_related("author", "author__organisation", "thread", "thread__community")
        .order_by("-id")
    )


def _readable_notifications(user):
    """A notification stays only while its thread is readable: after leaving a members-only
    community, its thread titles are no longer shown (nor counted) in the header."""
    from communities.models import CommunityPage

    readable = CommunityPage.objects.filter(readable_community_filter(user)).values("pk")
    about_threads = Q(thread__community__in=readable) & thread_reader_filter(user, via="thread")
    about_communities = Q(thread__isnull=True, community__in=readable)
    return Notification.objects.filter(recipient=user).filter(about_threads | about_communities)


def notifications_for(*, user, limit: int = 50):
    return (
        _readable_notifications(user)
        .select_related(
            "actor", "actor__organisation", "thread", "thread__community", "post", "community"
        )
        .order_by("-created_at")[:limit]
    )


def unread_notification_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return _readable_notifications(user).filter(read_at__isnull=True).count()


def open_flags(*, community):
    return (
        Flag.objects.filter(post__thread__community=community, resolved_at__isnull=True)
        .select_related("post", "post__author", "post__thread", "reporter")
        .order_by("created_at")
    )


def moderation_log(*, community, limit: int = 50):
    from discussions.models import ModerationAction

    return (
        ModerationAction.objects.filter(community=community)
        .select_related("actor", "thread", "post")
        .order_by("-created_at")[:limit]
    )


def mention_candidates(*, community, prefix: str, limit: int = 8) -> list[dict]:
    """Members for @mention autocomplete (only for people who can read the community)."""

    prefix = (prefix or "").strip().lstrip("@")[:50]
    people = User.objects.filter(
        is_active=True,
        memberships__community=community,
        memberships__status=MembershipStatus.ACTIVE,
    ).select_related("organisation")
    if prefix:
        people = people.filter(Q(username__istartswith=prefix) | Q(display_name__icontains=prefix))
    return [
        {
            "username": p.username,
            "name": p.name,
            "organisation": p.organisation.label if p.organisation_id else "",
        }
        for p in people.order_by("username")[:limit]
    ]
