"""Keep the search index in step with threads and posts, after the transaction commits.

modelsearch's own handlers index inside the writing transaction (so a rolled-back write
would still reach Whoosh, and the SQLite write lock is held while Whoosh waits for its
own). For the models below they are replaced by handlers that collect what a transaction
saved or deleted and hand it, on commit, once, to the in-process background writer
(``search.indexer``, the embedded default) or to ``search.tasks.update_search_index``
(inline under test settings, or a django-tasks queue backend when one is configured).
"""

from __future__ import annotations

import threading

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.utils import timezone

MODELS = ("discussions.Thread", "discussions.Post")

_pending = threading.local()


def _queue(using: str) -> dict:
    queues = getattr(_pending, "queues", None)
    if queues is None:
        queues = _pending.queues = {}
    return queues.setdefault(using, {})


def _record(items: list[tuple[str, str, str]], using: str) -> None:
    """In the embedded default, note the work in the writing transaction itself, so a
    process killed before its background writer got to it loses nothing (the note is
    drained at the next start: ``search.indexer.drain_pending``)."""
    from search import indexer
    from search.models import PendingIndexUpdate

    if not items or indexer.mode() != "background":
        return
    now = timezone.now()
    PendingIndexUpdate.objects.using(using).bulk_create(
        [
            PendingIndexUpdate(label=label, object_pk=pk, action=action, recorded_at=now)
            for label, pk, action in items
        ],
        update_conflicts=True,
        unique_fields=["label", "object_pk"],
        update_fields=["action", "recorded_at"],
    )


def _schedule(instance, action: str, using: str) -> None:
    _queue(using)[(instance._meta.label, str(instance.pk))] = action
    _record([(instance._meta.label, str(instance.pk), action)], using)
    # Every save registers a flush; the first to run after commit takes the whole queue
    # and the rest find it empty. (Items left by a rolled-back transaction are flushed
    # with the next commit: harmless, as the task indexes what the database holds then.)
    transaction.on_commit(lambda: _flush(using), using=using)


def _flush(using: str) -> None:
    queue = _queue(using)
    items = [[label, pk, action] for (label, pk), action in queue.items()]
    queue.clear()
    if not items:
        return
    from search import indexer

    if indexer.mode() == "background":
        # Off the request path: the process's index writer thread (search.indexer).
        indexer.get_indexer().submit(items)
        return
    from search.tasks import update_search_index

    result = update_search_index.enqueue(items)
    if _failed_on_a_lost_connection(result):
        # The write is committed; a connection that dropped just after it must not leave
        # the post unfindable. Once more, on a fresh connection.
        from core.db_retry import drop_broken_connections

        drop_broken_connections()
        update_search_index.enqueue(items)


def _failed_on_a_lost_connection(result) -> bool:
    """An index task run at once (django-tasks' immediate backend) that failed on a
    database connection error; a queued task is retried by its worker instead."""
    from django_tasks.base import TaskResultStatus

    if getattr(result, "status", None) != TaskResultStatus.FAILED:
        return False
    return any(
        error.exception_class_path.endswith(("OperationalError", "InterfaceError"))
        for error in result.errors
    )


# A post's document carries its thread's title, community and "restricted" flag (the
# search page filters on them), so a thread that changes them has its posts reindexed.
THREAD_FIELDS_IN_POSTS = ("title", "community_id", "restricted")


def _thread_snapshot(instance) -> tuple:
    return tuple(instance.__dict__.get(name) for name in THREAD_FIELDS_IN_POSTS)


def on_thread_init(sender, instance, **kwargs):
    instance._search_snapshot = _thread_snapshot(instance)


def on_save(sender, instance, raw=False, using="default", created=False, **kwargs):
    if raw or instance.pk is None:
        return
    _schedule(instance, "update", using)
    if sender._meta.label == "discussions.Thread" and not created:
        before = getattr(instance, "_search_snapshot", None)
        now = _thread_snapshot(instance)
        instance._search_snapshot = now
        if before is not None and before != now:
            post_model = apps.get_model("discussions.Post")
            queue = _queue(using)
            label = post_model._meta.label
            added = []
            for pk in post_model.objects.filter(thread_id=instance.pk).values_list("pk", flat=True):
                if (label, str(pk)) not in queue:
                    queue[(label, str(pk))] = "update"
                    added.append((label, str(pk), "update"))
            _record(added, using)


def on_delete(sender, instance, using="default", **kwargs):
    if instance.pk is None:
        return
    _schedule(instance, "delete", using)


def connect() -> None:
    from modelsearch import signal_handlers

    for label in MODELS:
        model = apps.get_model(label)
        # Whichever app's ready() runs first, modelsearch's handlers end up off for these.
        model.search_auto_update = False
        post_save.disconnect(signal_handlers.post_save_signal_handler, sender=model)
        post_delete.disconnect(signal_handlers.post_delete_signal_handler, sender=model)
        post_save.connect(on_save, sender=model, dispatch_uid=f"praxis-search-save-{label}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"praxis-search-del-{label}")
    post_init.connect(
        on_thread_init,
        sender=apps.get_model("discussions.Thread"),
        dispatch_uid="praxis-search-thread-init",
    )
