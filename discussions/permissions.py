"""Who may read and write threads. Built on ``communities.permissions``, never beside it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from communities.permissions import (
    can_facilitate,
    can_post,
    can_view_community,
    community_readable_by_filter,
    community_viewers_filter,
    is_active_user,
    is_platform_admin,
)
from discussions.models import Post, Thread


def can_read_thread(user, thread: Thread) -> bool:
    if not can_view_community(user, thread.community):
        return False
    return not thread.restricted or is_thread_reader(user, thread)


def is_thread_reader(user, thread: Thread) -> bool:
    """For a restricted thread: one of its readers, or a facilitator of its community."""
    if not is_active_user(user):
        return False
    if can_facilitate(user, thread.community):
        return True
    return thread.readers.filter(pk=user.pk).exists()


def thread_reader_filter(user, *, via: str = "") -> Q:
    """The restriction half of ``can_read_thread`` as a Q, on Thread (``via=""``) or on a
    model that points to a thread (``via="thread"`` for Post, Notification). Combine it
    with the community filter (``readable_community_filter``); it does not replace it."""
    from communities.models import Membership, MembershipRole, MembershipStatus

    prefix = f"{via}__" if via else ""
    unrestricted = Q(**{f"{prefix}restricted": False})
    if not is_active_user(user):
        return unrestricted
    if is_platform_admin(user):
        return Q()
    reader = Exists(
        Thread.readers.through.objects.filter(
            thread_id=OuterRef(f"{via}_id" if via else "pk"), user_id=user.pk
        )
    )
    facilitator = Exists(
        Membership.objects.filter(
            community_id=OuterRef(f"{prefix}community_id"),
            user_id=user.pk,
            status=MembershipStatus.ACTIVE,
            role=MembershipRole.FACILITATOR,
        )
    )
    return unrestricted | Q(reader) | Q(facilitator)


def thread_readers_users_filter(thread: Thread) -> Q:
    """A Q on User matching the people for whom ``can_read_thread(user, thread)`` holds:
    one query decides for every follower of a thread. A restricted thread is for its
    readers and its community's facilitators (and superusers), active ones only."""
    from communities.models import Membership, MembershipRole, MembershipStatus

    viewers = community_viewers_filter(thread.community)
    if not thread.restricted:
        return viewers
    reader = Exists(
        Thread.readers.through.objects.filter(thread_id=thread.pk, user_id=OuterRef("pk"))
    )
    facilitator = Exists(
        Membership.objects.filter(
            community_id=thread.community_id,
            user_id=OuterRef("pk"),
            status=MembershipStatus.ACTIVE,
            role=MembershipRole.FACILITATOR,
        )
    )
    return viewers & Q(is_active=True) & (Q(is_superuser=True) | Q(reader) | Q(facilitator))


def readable_by_recipient_filter(*, live_only: bool = False) -> Q:
    """A Q on Notification: its recipient may still read what it is about (its thread,
    ``can_read_thread``; else its community, ``can_view_community``), for many recipients
    at once. ``live_only=True`` is the header's rule (``selectors._readable_notifications``,
    built on ``readable_community_filter``: live communities only, even for staff)."""
    from communities.models import Membership, MembershipRole, MembershipStatus

    active = Q(recipient__is_active=True)
    reader = Exists(
        Thread.readers.through.objects.filter(
            thread_id=OuterRef("thread_id"), user_id=OuterRef("recipient_id")
        )
    )
    facilitator = Exists(
        Membership.objects.filter(
            community_id=OuterRef("thread__community_id"),
            user_id=OuterRef("recipient_id"),
            status=MembershipStatus.ACTIVE,
            role=MembershipRole.FACILITATOR,
        )
    )
    restriction = Q(thread__restricted=False) | (
        active & (Q(recipient__is_superuser=True) | Q(reader) | Q(facilitator))
    )
    about_thread = (
        Q(thread__isnull=False)
        & community_readable_by_filter(
            community="thread__community", user="recipient", live_only=live_only
        )
        & restriction
    )
    about_community = Q(thread__isnull=True, community__isnull=False) & (
        community_readable_by_filter(community="community", user="recipient", live_only=live_only)
    )
    return about_thread | about_community


def access_thread(user, thread: Thread) -> None:
    """404, exactly like a missing thread, for anyone who may not read it."""
    if not can_read_thread(user, thread):
        raise Http404


def can_reply(user, thread: Thread) -> bool:
    if not can_post(user, thread.community):
        return False
    if thread.restricted and not is_thread_reader(user, thread):
        return False
    return not thread.locked or can_facilitate(user, thread.community)


def can_moderate(user, thread: Thread) -> bool:
    return can_facilitate(user, thread.community)


def can_see_post(user, post: Post) -> bool:
    """Hidden posts stay visible to facilitators and their author (marked hidden, with
    the reason); deleted ones to nobody but the record."""
    if post.deleted_at is not None:
        return False
    if post.hidden_at is not None:
        return (user.is_authenticated and post.author_id == user.pk) or can_moderate(
            user, post.thread
        )
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
