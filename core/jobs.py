"""Periodic jobs (placeholder API; the outbox branch brings the runner)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

logger = logging.getLogger(__name__)

_jobs: dict[str, dict] = {}


def register(name: str, *, every: float, run: Callable[[], object]) -> None:
    _jobs[name] = {"every": every, "run": run, "last": 0.0}


def run_due(*, now: float | None = None) -> list[str]:
    now = time.monotonic() if now is None else now
    ran = []
    for name, job in _jobs.items():
        if now - job["last"] >= job["every"]:
            job["last"] = now
            try:
                job["run"]()
            except Exception:  # noqa: BLE001
                logger.exception("Job %s failed", name)
            ran.append(name)
    return ran


def wake() -> None:
    pass


def start_in_process() -> None:
    pass
