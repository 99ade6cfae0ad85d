"""The periodic job runner (core.jobs): intervals, isolation of failures, wake()."""

from __future__ import annotations

import threading

import pytest

from core import jobs
from core.jobs import Runner


def test_a_job_runs_at_once_then_only_when_its_interval_has_passed():
    runner = Runner(clock=lambda: 0.0)
    calls = []
    runner.register("tick", every=10, run=lambda: calls.append("tick"))
    assert runner.run_due(now=100.0) == ["tick"]
    assert runner.run_due(now=105.0) == []
    assert runner.run_due(now=109.9) == []
    assert runner.run_due(now=110.0) == ["tick"]
    assert calls == ["tick", "tick"]
    assert runner.seconds_until_next(now=113.0) == pytest.approx(7.0)


def test_each_job_keeps_its_own_interval():
    runner = Runner()
    runner.register("fast", every=1, run=lambda: None)
    runner.register("slow", every=60, run=lambda: None)
    assert sorted(runner.run_due(now=0.0)) == ["fast", "slow"]
    assert runner.run_due(now=1.0) == ["fast"]
    assert sorted(runner.run_due(now=60.0)) == ["fast", "slow"]


def test_registering_again_replaces_the_job_and_keeps_its_schedule():
    runner = Runner()
    calls = []
    runner.register("job", every=10, run=lambda: calls.append("old"))
    runner.run_due(now=0.0)
    runner.register("job", every=10, run=lambda: calls.append("new"))
    assert runner.run_due(now=5.0) == []
    assert runner.run_due(now=10.0) == ["job"]
    assert calls == ["old", "new"]


def test_a_failing_job_is_logged_and_the_others_still_run(caplog):
    runner = Runner()
    calls = []

    def broken():
        raise RuntimeError("mail server on fire")

    runner.register("broken", every=1, run=broken)
    runner.register("fine", every=1, run=lambda: calls.append("fine"))
    with caplog.at_level("ERROR", logger="core.jobs"):
        assert sorted(runner.run_due(now=0.0)) == ["broken", "fine"]
    assert calls == ["fine"]
    assert "Periodic job broken failed" in caplog.text
    assert "mail server on fire" in caplog.text
    # ... and it is tried again at its next interval.
    assert sorted(runner.run_due(now=1.0)) == ["broken", "fine"]


def test_a_zero_interval_is_refused():
    with pytest.raises(ValueError):
        Runner().register("busy", every=0, run=lambda: None)


def test_the_thread_runs_jobs_and_a_wake_runs_them_again_long_before_they_are_due():
    runner = Runner()
    ran = threading.Event()
    calls = []

    def job():
        calls.append(1)
        ran.set()

    runner.register("hourly", every=3600, run=job)
    runner.start()
    runner.start()  # idempotent: still one thread
    try:
        assert ran.wait(5), "the runner did not run a job that was due"
        ran.clear()
        assert not ran.wait(0.3), "an hourly job ran again without a wake"
        runner.wake()
        assert ran.wait(5), "wake() did not run the jobs"
        assert len(calls) == 2
        assert len([t for t in threading.enumerate() if t.name == "praxis-jobs"]) == 1
    finally:
        runner.stop()
    assert not runner.running


def test_a_job_registered_not_on_wake_keeps_to_its_interval():
    runner = Runner()
    runner.register("mail", every=3600, run=lambda: None)
    runner.register("digests", every=3600, run=lambda: None, on_wake=False)
    assert sorted(runner.run_due(now=0.0)) == ["digests", "mail"]
    # What a wake() runs: only the jobs that asked for it.
    assert runner.run_due(now=1.0, everything=True) == ["mail"]
    assert runner.run_due(now=3600.0) == ["digests"]


def test_notifications_and_digests_are_registered_with_the_project_runner():
    registered = jobs._runner._jobs
    assert registered["notification-mail"].on_wake
    assert not registered["digests"].on_wake


def test_the_runner_closes_database_connections_after_each_round(monkeypatch):
    closed = []
    monkeypatch.setattr(jobs, "close_old_connections", lambda: closed.append(1))
    runner = Runner()
    runner.register("job", every=3600, run=lambda: None)
    runner.loop(rounds=1)
    assert closed == [1]


def test_the_mail_queue_is_registered_with_the_project_runner():
    assert {"outbox.deliver_due", "outbox.purge_sent"} <= set(jobs._runner._jobs)


@pytest.mark.parametrize(("flag", "expected"), [("true", "True"), ("false", "False")])
def test_the_asgi_server_runs_the_jobs_itself_unless_told_not_to(flag, expected, tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import threading, config.asgi; "
        "print(any(t.name == 'praxis-jobs' for t in threading.enumerate()))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "PRAXIS_JOBS_IN_PROCESS": flag,
        "PRAXIS_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == expected
