"""Index updates for Thread and Post, run after the writing transaction commits.

``update_search_index`` is a django-tasks task: with the default immediate backend it runs
at commit time in the same process; with a queue backend configured under ``TASKS`` it
runs in a worker, off the request path. Either way one task carries every object a
transaction touched, so a reply that saves a post and its thread opens the index once.
"""

from __future__ import annotations

import logging
import time

from django.apps import apps
from django_tasks import task
from modelsearch.backends import get_search_backends_with_name

logger = logging.getLogger(__name__)

# Seconds the last index update took, for benchmarks and logs.
last_duration: float = 0.0


def _should_index(obj) -> bool:
    """Hidden and deleted posts leave the index (the queries filter them out anyway)."""
    return getattr(obj, "deleted_at", None) is None and getattr(obj, "hidden_at", None) is None


@task()
def update_search_index(items: list[list]) -> dict:
    """``items``: [[app_label.ModelName, pk, "update"|"delete"], ...]."""
    global last_duration
    started = time.perf_counter()
    updates: dict[str, set] = {}
    deletes: dict[str, set] = {}
    for label, pk, action in items:
        (deletes if action == "delete" else updates).setdefault(label, set()).add(pk)
    done = {"indexed": 0, "removed": 0}
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for label, pks in updates.items():
        model = apps.get_model(label)
        objects = list(model.get_indexed_objects().filter(pk__in=pks))
        keep = [obj for obj in objects if _should_index(obj)]
        drop = {str(pk) for pk in pks} - {str(obj.pk) for obj in keep}
        deletes.setdefault(label, set()).update(drop)
        for name, backend in backends:
            try:
                if keep:
                    backend.add_bulk(model, keep)
            except Exception:
                logger.exception("Could not index %s objects in %s", label, name)
                if not backend.catch_indexing_errors:
                    raise
        done["indexed"] += len(keep)
    for label, pks in deletes.items():
        model = apps.get_model(label)
        for pk in pks:
            stub = model(pk=pk)
            for name, backend in backends:
                try:
                    backend.delete(stub)
                except Exception:
                    logger.exception("Could not remove %s %s from %s", label, pk, name)
                    if not backend.catch_indexing_errors:
                        raise
            done["removed"] += 1
    last_duration = time.perf_counter() - started
    return done
