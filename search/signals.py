"""Keep the search index in step with threads and posts, after the transaction commits.

modelsearch's own handlers index inside the writing transaction (so a rolled-back write
would still reach Whoosh, and the SQLite write lock is held while Whoosh waits for its
own). For the models below they are replaced by handlers that collect what a transaction
saved or deleted and hand it to ``search.tasks.update_search_index`` on commit, once.
"""

from __future__ import annotations

import threading

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save

MODELS = ("discussions.Thread", "discussions.Post")

_pending = threading.local()


def _queue(using: str) -> dict:
    queues = getattr(_pending, "queues", None)
    if queues is None:
        queues = _pending.queues = {}
    return queues.setdefault(using, {})


def _schedule(instance, action: str, using: str) -> None:
    _queue(using)[(instance._meta.label, str(instance.pk))] = action
    # Every save registers a flush; the first to run after commit takes the whole queue
    # and the rest find it empty. (Items left by a rolled-back transaction are flushed
    # with the next commit: harmless, as the task indexes what the database holds then.)
    transaction.on_commit(lambda: _flush(using), using=using)


def _flush(using: str) -> None:
    queue = _queue(using)
    items = [[label, pk, action] for (label, pk), action in queue.items()]
    queue.clear()
    if items:
        from search.tasks import update_search_index

        update_search_index.enqueue(items)


def on_save(sender, instance, raw=False, using="default", **kwargs):
    if raw or instance.pk is None:
        return
    _schedule(instance, "update", using)


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
