"""Periodic jobs, run in this process: the mail queue and whatever else registers.

Apps register a job in their ``AppConfig.ready`` with ``register(name, every=seconds,
run=callable)``. In the embedded default the ASGI server runs them itself in a daemon
thread (``start_in_process``, called by ``config/asgi.py`` when
``PRAXIS_JOBS_IN_PROCESS`` is true), so ``make run`` needs no cron; in scale-out,
``manage.py run_jobs`` runs them in one or more worker processes (or ``run_jobs --once``
from cron). A job must therefore be safe to run in several processes at once (the mail
queue claims each row with a conditional UPDATE).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db import close_old_connections

logger = logging.getLogger(__name__)

# After a wake(), wait this long before running, so a burst of queued mails is one round.
WAKE_DEBOUNCE = 0.2
# The longest the runner sleeps without looking (a job registered later is picked up).
MAX_SLEEP = 60.0


@dataclass
class _Job:
    name: str
    every: float
    run: Callable[[], object]
    on_wake: bool = True
    last_run: float | None = None

    def due_in(self, now: float) -> float:
        if self.last_run is None:
            return 0.0
        return self.last_run + self.every - now


class Runner:
    """A registry of jobs and the loop that runs them. The module keeps one
    (``register``, ``run_due``, ``wake``, ``start_in_process``); tests make their own."""

    def __init__(self, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._jobs: dict[str, _Job] = {}
        self._lock = threading.Lock()  # the registry
        self._round = threading.Lock()  # one round at a time in this process
        self._woken = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def register(
        self, name: str, *, every: float, run: Callable[[], object], on_wake: bool = True
    ) -> None:
        if every <= 0:
            raise ValueError("A job's interval must be greater than zero.")
        with self._lock:
            job = self._jobs.get(name)
            if job is None:
                self._jobs[name] = _Job(name=name, every=every, run=run, on_wake=on_wake)
            else:  # registering again (a reloaded app) replaces it and keeps its schedule
                job.every, job.run, job.on_wake = every, run, on_wake

    def run_due(self, *, now: float | None = None, everything: bool = False) -> list[str]:
        with self._round:
            now = self.clock() if now is None else now
            with self._lock:
                due = [
                    job
                    for job in self._jobs.values()
                    if (everything and job.on_wake) or job.due_in(now) <= 0
                ]
                for job in due:
                    job.last_run = now
            for job in due:
                try:
                    job.run()
                except Exception:  # noqa: BLE001 - one job's failure must not stop the others
                    logger.exception("Periodic job %s failed", job.name)
            return [job.name for job in due]

    def seconds_until_next(self, *, now: float | None = None) -> float:
        now = self.clock() if now is None else now
        with self._lock:
            waits = [job.due_in(now) for job in self._jobs.values()]
        return max(0.0, min(waits, default=MAX_SLEEP))

    def wake(self) -> None:
        self._woken.set()

    def loop(self, *, rounds: int | None = None) -> None:
        """Run due jobs until stopped (or for ``rounds`` rounds), sleeping until the next
        job is due or a ``wake()``; database connections are closed after each round."""
        done = 0
        while not self._stopping.is_set() and (rounds is None or done < rounds):
            woken = self._woken.wait(timeout=min(self.seconds_until_next(), MAX_SLEEP))
            if self._stopping.is_set():
                break
            if woken:
                time.sleep(WAKE_DEBOUNCE)
                self._woken.clear()
            try:
                self.run_due(everything=woken)
            finally:
                close_old_connections()
            done += 1

    def start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stopping.clear()
            self._thread = threading.Thread(target=self.loop, name="praxis-jobs", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._woken.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self._woken.clear()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


_runner = Runner()


def register(name: str, *, every: float, run: Callable[[], object], on_wake: bool = True) -> None:
    """Run ``run()`` every ``every`` seconds (and first as soon as the runner starts),
    and after a ``wake()`` too unless ``on_wake`` is false (a heavy job such as the
    digests keeps to its interval). Registering a name again replaces its job."""
    _runner.register(name, every=every, run=run, on_wake=on_wake)


def run_due(*, now: float | None = None) -> list[str]:
    """Run, in this process, each job whose interval has passed (``now`` on the
    ``time.monotonic()`` clock); a job's exception is logged and the others still run.
    Returns the names of the jobs run."""
    return _runner.run_due(now=now)


def wake() -> None:
    """Ask the in-process runner to run the jobs soon (those registered ``on_wake``,
    e.g. right after a mail is queued); without a running runner it does nothing."""
    _runner.wake()


def start_in_process() -> None:
    """Run the jobs in a daemon thread of this process; calling it again does nothing."""
    _runner.start()


def loop_forever() -> None:
    """The loop of ``manage.py run_jobs``, in the calling thread."""
    _runner.loop()
