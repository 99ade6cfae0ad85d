"""Live events. Only services call these, and every event is sent on commit.

Groups:
- ``thread.<id>``: sockets with that thread open (authorised on connect).
- ``community.<id>``: user sockets of the community's active members (the cross-silo feed).
- ``user.<id>``: every socket of one person (notifications, revocation, logout).

The payload carries a server-rendered HTML fragment, rendered at publish time from the
database (the source of truth), so the page and the socket share one rendering path: once
per language for fragments every reader gets (each socket sends its reader's), once in the
recipient's language for a notification.
Whether a particular socket receives it is decided again by its consumer at delivery.

Thread events carry ``seq``: the thread's event number the writing transaction gave the
change (``Thread.event_seq``, ``Post.seq``), one number per frame a reader gets. A page
that sees a number that is not the next one knows it missed something and asks for it
(``selectors.posts_after`` with ``after_seq``); typing, presence and access events carry
none.
"""

from __future__ import annotations

import contextlib
import logging
from contextvars import ContextVar

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from core.i18n import in_each_language, language_of

logger = logging.getLogger(__name__)

_muted: ContextVar[bool] = ContextVar("praxis_events_muted", default=False)


@contextlib.contextmanager
def muted():
    """Publish nothing inside: bulk writes that nobody is watching live (seeding, imports).
    The database stays the source of truth; readers get the posts when they open a page."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def thread_group(thread_id: int) -> str:
    return f"thread.{thread_id}"


def community_group(community_id: int) -> str:
    return f"community.{community_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def send_now(group: str, message: dict) -> None:
    if _muted.get():
        return
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:  # the channel layer is never the source of truth
        logger.exception("could not publish %s to %s", message.get("event"), group)


def publish_on_commit(build) -> None:
    """The one publisher: run ``build()`` after commit; it returns [(group, message), ...].

    Every app's events go through here, so a rolled-back write broadcasts nothing and
    ``muted()`` silences all of them alike.

    ``robust``: a failing build is logged and never turns a committed write into an
    error page, nor stops the hooks registered after it."""

    if _muted.get():
        return

    def publish():
        for group, message in build():
            send_now(group, message)

    transaction.on_commit(publish, robust=True)


def _post(post_id: int):
    from discussions.models import Post

    return (
        Post.objects.select_related(
            "author", "author__organisation", "thread", "thread__community", "reply_to__author"
        )
        .filter(pk=post_id)
        .first()
    )


def render_post(post) -> str:
    from discussions.selectors import reaction_summary

    post.reaction_counts = reaction_summary([post.pk]).get(post.pk, {})
    post.my_reactions = set()  # viewer-neutral: the fragment goes to everyone
    # Rendered in the reader's language (``in_each_language``): the post's language is
    # named where it is not the reader's, as on the page.
    return render_to_string("discussions/includes/post.html", {"post": post, "thread": post.thread})


def render_feed_item(post) -> str:
    return render_to_string("discussions/includes/feed_item.html", {"post": post})


def post_created(post) -> None:
    post_id, seq = post.pk, post.seq

    def build():
        fresh = _post(post_id)
        if fresh is None or not fresh.is_visible:
            return []
        messages = [
            (
                thread_group(fresh.thread_id),
                {
                    "type": "thread.post",
                    "event": "post.created",
                    "post_id": fresh.pk,
                    "seq": seq,
                    "html": in_each_language(lambda: render_post(fresh)),
                },
            ),
        ]
        if fresh.thread.restricted:  # a task group's thread: never in the community feed
            return messages
        return [
            *messages,
            (
                community_group(fresh.thread.community_id),
                {
                    "type": "feed.item",
                    "event": "feed.post",
                    "community_id": fresh.thread.community_id,
                    "html": in_each_language(lambda: render_feed_item(fresh)),
                },
            ),
        ]

    publish_on_commit(build)


def thread_created(thread, first_post) -> None:
    post_created(first_post)


def post_updated(post) -> None:
    post_id, seq = post.pk, post.seq

    def build():
        fresh = _post(post_id)
        if fresh is None or not fresh.is_visible:
            return []
        return [
            (
                thread_group(fresh.thread_id),
                {
                    "type": "thread.post",
                    "event": "post.updated",
                    "post_id": fresh.pk,
                    "seq": seq,
                    "html": in_each_language(lambda: render_post(fresh)),
                },
            )
        ]

    publish_on_commit(build)


def post_removed(post) -> None:
    """Hidden or deleted: members' pages drop it; facilitators see it marked hidden."""
    post_id, seq = post.pk, post.seq

    def build():
        fresh = _post(post_id)
        if fresh is None:
            return []
        return [
            (
                thread_group(fresh.thread_id),
                {
                    "type": "thread.post_hidden",
                    "event": "post.hidden",
                    "post_id": fresh.pk,
                    "seq": seq,
                    "deleted": fresh.deleted_at is not None,
                    "moderator_html": (
                        in_each_language(lambda: render_post(fresh))
                        if fresh.deleted_at is None
                        else ""
                    ),
                },
            )
        ]

    publish_on_commit(build)


def reactions_changed(post) -> None:
    post_id, seq = post.pk, post.seq

    def build():
        from discussions.selectors import reaction_summary

        return [
            (
                thread_group(post.thread_id),
                {
                    "type": "thread.simple",
                    "event": "reaction.changed",
                    "post_id": post_id,
                    "seq": seq,
                    "counts": reaction_summary([post_id]).get(post_id, {}),
                },
            )
        ]

    publish_on_commit(build)


def thread_locked(thread) -> None:
    """Locked or unlocked: numbered like the thread's other events (``locked_seq``)."""
    thread_id, locked, seq = thread.pk, thread.locked, thread.locked_seq
    publish_on_commit(
        lambda: [
            (
                thread_group(thread_id),
                {"type": "thread.simple", "event": "thread.locked", "locked": locked, "seq": seq},
            )
        ]
    )


def render_answer_panel(answer) -> str:
    return render_to_string("discussions/includes/answer_panel.html", {"answer": answer})


def thread_answer_changed(
    thread, *, previous_id: int | None = None, post_seqs: dict | None = None
) -> None:
    """The answer was marked, moved or cleared: readers' pages show the new answer panel,
    and the posts concerned (the old answer and the new one) re-rendered with their marks.
    Only visible posts travel, to the thread's group, like any post. ``post_seqs``: the
    event number each re-rendered post took; the panel has ``thread.answer_seq``."""
    thread_id, panel_seq = thread.pk, thread.answer_seq
    post_seqs = dict(post_seqs or {})

    def build():
        from discussions.models import Post, Thread

        fresh = Thread.objects.filter(pk=thread_id).values_list("answer_id", flat=True).first()
        if fresh is None and not Thread.objects.filter(pk=thread_id).exists():
            return []
        answer_id = fresh
        answer = (
            Post.objects.visible()
            .select_related("author", "author__organisation")
            .filter(pk=answer_id, thread_id=thread_id)
            .first()
            if answer_id
            else None
        )
        messages = []
        for post_id in dict.fromkeys(pk for pk in (previous_id, answer_id) if pk):
            post = _post(post_id)
            if post is None or not post.is_visible or post.thread_id != thread_id:
                continue
            messages.append(
                (
                    thread_group(thread_id),
                    {
                        "type": "thread.post",
                        "event": "post.updated",
                        "post_id": post.pk,
                        "seq": post_seqs.get(post.pk),
                        "html": in_each_language(lambda post=post: render_post(post)),
                    },
                )
            )
        messages.append(
            (
                thread_group(thread_id),
                {
                    "type": "thread.answer",
                    "event": "thread.answer",
                    "post_id": answer.pk if answer else None,
                    "seq": panel_seq,
                    "html": in_each_language(lambda: render_answer_panel(answer)),
                },
            )
        )
        return messages

    publish_on_commit(build)


def thread_moved(thread, *, from_community_id: int) -> None:
    """Readers re-check access: the new community may be members-only."""
    thread_id = thread.pk
    publish_on_commit(
        lambda: [(thread_group(thread_id), {"type": "access.recheck", "event": "thread.moved"})]
    )


def notification_created(notification) -> None:
    notifications_created([notification.pk])


def notifications_created(notification_ids) -> None:
    """New notifications, each to its recipient's sockets, in one build after commit
    however many there are (a reply's followers): one query loads those whose recipient
    may still read their thread (fails closed), one counts every recipient's unread
    notifications, and each distinct fragment is rendered once per language."""
    ids = sorted({pk for pk in notification_ids if pk})
    if not ids:
        return

    def build():
        from django.db.models import Count

        from discussions.models import Notification
        from discussions.permissions import readable_by_recipient_filter

        fresh = list(
            Notification.objects.filter(pk__in=ids)
            # The recipient must still be able to read the thread (or community) now.
            .filter(readable_by_recipient_filter())
            .select_related(
                "recipient",
                "actor",
                "actor__organisation",
                "thread__community",
                "post",
                "community",
            )
            .order_by("pk")
        )
        if not fresh:
            return []
        # The same count as the header's (notifications of threads still readable), for
        # every recipient in one grouped query.
        unread = dict(
            Notification.objects.filter(
                recipient_id__in={n.recipient_id for n in fresh}, read_at__isnull=True
            )
            .filter(readable_by_recipient_filter(live_only=True))
            .values("recipient_id")
            .annotate(n=Count("pk"))
            .values_list("recipient_id", "n")
        )
        # The fragment depends on the notification, not on who receives it, except for
        # the language: a reply's followers share a handful of renderings.
        rendered: dict[tuple, str] = {}
        messages = []
        for notification in fresh:
            language = language_of(notification.recipient)
            key = (
                language,
                notification.kind,
                notification.actor_id,
                notification.thread_id,
                notification.post_id,
                notification.community_id,
                notification.created_at,
                notification.read_at is None,
            )
            if key not in rendered:
                with translation.override(language):
                    rendered[key] = render_to_string(
                        "discussions/includes/notification.html", {"notification": notification}
                    )
            messages.append(
                (
                    user_group(notification.recipient_id),
                    {
                        "type": "user.notification",
                        "event": "notification",
                        "unread": unread.get(notification.recipient_id, 0),
                        "html": rendered[key],
                    },
                )
            )
        return messages

    publish_on_commit(build)


def unread_count_changed(*, user_id: int) -> None:
    """Notifications were read (a thread read, live or on its page): every page of the
    person shows the new count in the header."""

    def build():
        from communities.models import User
        from discussions.selectors import unread_notification_count

        user = User.objects.filter(pk=user_id).first()
        if user is None:
            return []
        return [
            (
                user_group(user_id),
                {
                    "type": "user.unread",
                    "event": "notification.count",
                    "unread": unread_notification_count(user=user),
                },
            )
        ]

    publish_on_commit(build)


def membership_revoked(*, user_id: int, community_id: int) -> None:
    """Sent from the membership_changed signal (already after commit)."""
    send_now(
        user_group(user_id),
        {"type": "access.revoked", "event": "membership.revoked", "community_id": community_id},
    )


def session_ended(*, user_id: int, session_key: str) -> None:
    """Close the sockets opened with this login session (other devices stay connected)."""
    send_now(
        user_group(user_id),
        {"type": "session.ended", "event": "session.ended", "session_key": session_key},
    )


def thread_readers_changed(thread_ids) -> None:
    """Open sockets of these (restricted) threads decide their access again from the
    database: someone moved out of a task group loses its live thread at once."""
    ids = sorted({pk for pk in thread_ids if pk})
    publish_on_commit(
        lambda: [
            (thread_group(thread_id), {"type": "access.recheck", "event": "thread.readers"})
            for thread_id in ids
        ]
    )


def login_changed(*, user_id: int) -> None:
    """Password or active flag changed: every socket of this person checks its login
    session again (a session whose hash no longer matches, or a deactivated account,
    is closed 4401; the session that changed the password keeps its login)."""
    publish_on_commit(
        lambda: [(user_group(user_id), {"type": "session.recheck", "event": "login.changed"})]
    )


def community_access_changed(*, community_id: int) -> None:
    """The community's visibility (or its being live) changed: every open socket of its
    threads decides its access again from the database."""

    def build():
        from discussions.models import Thread

        ids = Thread.objects.filter(community_id=community_id).values_list("pk", flat=True)
        return [
            (thread_group(thread_id), {"type": "access.recheck", "event": "community.access"})
            for thread_id in ids.iterator()
        ]

    publish_on_commit(build)
