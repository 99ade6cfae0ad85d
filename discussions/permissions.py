"""Who may read and write threads. Built on ``communities.permissions``, never beside it."""

from __future__ import annotations

from django.http import Http404

from communities.permissions import can_facilitate, can_post, can_view_community
from discussions.models import Post, Thread


def can_read_thread(user, thread: Thread) -> bool:
    return can_view_community(user, thread.community)


def access_thread(user, thread: Thread) -> None:
    """404, exactly like a missing thread, for anyone who may not read it."""
    if not can_read_thread(user, thread):
        raise Http404


def can_reply(user, thread: Thread) -> bool:
    if not can_post(user, thread.community):
        return False
    return not thread.locked or can_facilitate(user, thread.community)


def can_moderate(user, thread: Thread) -> bool:
    return can_facilitate(user, thread.community)


def can_see_post(user, post: Post) -> bool:
    """Hidden posts stay visible to facilitators; deleted ones to nobody but the record."""
    if post.deleted_at is not None:
        return False
    if post.hidden_at is not None:
        return can_moderate(user, post.thread)
    return True


def can_edit_post(user, post: Post) -> bool:
    return (
        user.is_authenticated
        and post.author_id == user.pk
        and post.deleted_at is None
        and can_post(user, post.thread.community)
    )


def can_mark_answer(user, thread: Thread) -> bool:
    return user.is_authenticated and (
        (thread.author_id == user.pk and can_post(user, thread.community))
        or can_moderate(user, thread)
    )
