"""Keep the aggregates current: what a commit touched is recomputed once, after it.

Saves in one transaction (a whole demo seeding, a thread and its first post) gather
their keys; one ``on_commit`` callback per transaction recomputes them. A rolled-back
write changes nothing.
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver
from django.utils import timezone

from communities.models import Organisation, User
from dashboards import aggregates
from discussions.models import Post, Thread
from meetings.models import RSVP

logger = logging.getLogger(__name__)
_pending = threading.local()
QUEUED = ("posts", "threads", "rsvps", "moved", "users", "organisations")
# What the aggregates copy in (or compare) from a person and an organisation: a change
# to one of these makes that person's rows (and the rows of those who replied to them) stale.
USER_FIELDS = ("organisation_id", "country", "department", "staff_level")
ORGANISATION_FIELDS = ("type", "level_of_government", "country")


def _queue(*, posts=(), threads=(), rsvps=(), moved=(), users=(), organisations=()) -> None:
    """Gather what changed; no query here (saves keep their query counts)."""
    connection = transaction.get_connection()
    state = getattr(_pending, "state", None)
    registered = state is not None and (
        not connection.in_atomic_block
        or any(entry[1] is _flush for entry in connection.run_on_commit)
    )
    if not registered:  # first change, or the last transaction rolled back
        state = _pending.state = {name: set() for name in QUEUED}
    for name, values in zip(
        QUEUED, (posts, threads, rsvps, moved, users, organisations), strict=True
    ):
        state[name].update(values)
    if not registered:
        transaction.on_commit(_flush)


def _flush() -> None:
    state = getattr(_pending, "state", None)
    _pending.state = None
    if not state:
        return
    try:
        keys, thread_ids = aggregates.affected(**state)
        aggregates.refresh_person_days(keys=keys)
        aggregates.refresh_threads(thread_ids=thread_ids)
    except Exception:  # the periodic job and rebuild_dashboards catch up
        logger.exception("dashboards: refreshing the aggregates failed")


@receiver(post_save, sender=Post, dispatch_uid="dashboards-post-saved")
@receiver(post_delete, sender=Post, dispatch_uid="dashboards-post-deleted")
def post_changed(sender, instance: Post, **kwargs) -> None:
    day = timezone.localdate(instance.created_at)
    _queue(posts={(day, instance.thread_id, instance.author_id)}, threads={instance.thread_id})


def _snapshot(instance, fields) -> tuple:
    # From the instance's __dict__ only: a deferred field is never loaded for this.
    return tuple(instance.__dict__.get(name, _MISSING) for name in fields)


_MISSING = object()


def _changed(instance, fields) -> bool:
    """Has a tracked field changed since the instance was loaded (or last saved)?"""
    before = getattr(instance, "_dashboards_snapshot", None)
    now = _snapshot(instance, fields)
    instance._dashboards_snapshot = now
    if before is None:
        return False
    return any(
        a is not _MISSING and b is not _MISSING and a != b for a, b in zip(before, now, strict=True)
    )


@receiver(post_init, sender=Thread, dispatch_uid="dashboards-thread-loaded")
def thread_loaded(sender, instance: Thread, **kwargs) -> None:
    instance._dashboards_community = instance.__dict__.get("community_id")


@receiver(post_save, sender=Thread, dispatch_uid="dashboards-thread-saved")
def thread_changed(sender, instance: Thread, created=False, **kwargs) -> None:
    before = getattr(instance, "_dashboards_community", None)
    instance._dashboards_community = instance.community_id
    moved = set()
    if not created and before is not None and before != instance.community_id:
        moved = {(instance.pk, before)}  # the old community's rows are stale too
    _queue(threads={instance.pk}, moved=moved)


@receiver(post_init, sender=User, dispatch_uid="dashboards-user-loaded")
def user_loaded(sender, instance: User, **kwargs) -> None:
    if instance.pk is not None:
        instance._dashboards_snapshot = _snapshot(instance, USER_FIELDS)


@receiver(post_save, sender=User, dispatch_uid="dashboards-user-saved")
def user_changed(sender, instance: User, created=False, **kwargs) -> None:
    if _changed(instance, USER_FIELDS) and not created:
        _queue(users={instance.pk})


@receiver(post_init, sender=Organisation, dispatch_uid="dashboards-organisation-loaded")
def organisation_loaded(sender, instance: Organisation, **kwargs) -> None:
    if instance.pk is not None:
        instance._dashboards_snapshot = _snapshot(instance, ORGANISATION_FIELDS)


@receiver(post_save, sender=Organisation, dispatch_uid="dashboards-organisation-saved")
def organisation_changed(sender, instance: Organisation, created=False, **kwargs) -> None:
    if _changed(instance, ORGANISATION_FIELDS) and not created:
        _queue(organisations={instance.pk})


@receiver(post_save, sender=RSVP, dispatch_uid="dashboards-rsvp-saved")
def rsvp_changed(sender, instance: RSVP, **kwargs) -> None:
    _queue(rsvps={(instance.meeting_id, instance.user_id)})
