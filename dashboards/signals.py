"""Keep the aggregates current: what a commit touched is recomputed once, after it.

Saves in one transaction (a whole demo seeding, a thread and its first post) gather
their keys; one ``on_commit`` callback per transaction recomputes them. A rolled-back
write changes nothing.
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from dashboards import aggregates
from discussions.models import Post, Thread
from meetings.models import RSVP

logger = logging.getLogger(__name__)
_pending = threading.local()


def _queue(*, posts=(), threads=(), rsvps=()) -> None:
    """Gather what changed; no query here (saves keep their query counts)."""
    connection = transaction.get_connection()
    state = getattr(_pending, "state", None)
    registered = state is not None and (
        not connection.in_atomic_block
        or any(entry[1] is _flush for entry in connection.run_on_commit)
    )
    if not registered:  # first change, or the last transaction rolled back
        state = _pending.state = {"posts": set(), "threads": set(), "rsvps": set()}
    state["posts"].update(posts)
    state["threads"].update(threads)
    state["rsvps"].update(rsvps)
    if not registered:
        transaction.on_commit(_flush)


def _flush() -> None:
    state = getattr(_pending, "state", None)
    _pending.state = None
    if not state:
        return
    try:
        keys = aggregates.keys_for(
            posts=state["posts"], threads=state["threads"], rsvps=state["rsvps"]
        )
        aggregates.refresh_person_days(keys=keys)
        aggregates.refresh_threads(thread_ids=state["threads"])
    except Exception:  # the periodic job and rebuild_dashboards catch up
        logger.exception("dashboards: refreshing the aggregates failed")


@receiver(post_save, sender=Post, dispatch_uid="dashboards-post-saved")
@receiver(post_delete, sender=Post, dispatch_uid="dashboards-post-deleted")
def post_changed(sender, instance: Post, **kwargs) -> None:
    day = timezone.localdate(instance.created_at)
    _queue(posts={(day, instance.thread_id, instance.author_id)}, threads={instance.thread_id})


@receiver(post_save, sender=Thread, dispatch_uid="dashboards-thread-saved")
def thread_changed(sender, instance: Thread, **kwargs) -> None:
    _queue(threads={instance.pk})


@receiver(post_save, sender=RSVP, dispatch_uid="dashboards-rsvp-saved")
def rsvp_changed(sender, instance: RSVP, **kwargs) -> None:
    _queue(rsvps={(instance.meeting_id, instance.user_id)})
