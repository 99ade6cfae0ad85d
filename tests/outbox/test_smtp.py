"""The mail queue against a real SMTP server (aiosmtpd on 127.0.0.1, tests/outbox/conftest.py):
delivery with HTML and headers, a server that is down, concurrent workers, a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import connection
from django.utils import timezone

from outbox import services
from outbox.models import OutgoingEmail, Status
from tests.outbox.conftest import free_port

ROOT = Path(__file__).resolve().parents[2]


def make_due(*rows) -> None:
    """Time passes: the rows' next attempt has come."""
    OutgoingEmail.objects.filter(pk__in=[r.pk for r in rows]).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


@pytest.mark.django_db
def test_a_queued_message_arrives_over_smtp_with_its_html_part_and_headers(
    smtp_server, deliver_over_smtp
):
    deliver_over_smtp(smtp_server.port)
    message = EmailMultiAlternatives(
        "A reply in your thread",
        "Jonas replied: see https://praxis.example.gov/t/1/",
        "Praxis <praxis@example.gov>",
        ["ingrid@example.no"],
        headers={
            "List-Unsubscribe": "<https://praxis.example.gov/unsubscribe/abc/>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative("<p>Jonas <b>replied</b></p>", "text/html")
    assert message.send() == 1
    [row] = OutgoingEmail.objects.all()
    assert row.status == Status.QUEUED
    assert smtp_server.messages == []  # queued: the caller did not wait on SMTP

    assert services.deliver_due() == 1
    [received] = smtp_server.messages
    assert received.envelope_to == ["ingrid@example.no"]
    got = received.message
    assert got["Subject"] == "A reply in your thread"
    assert got["List-Unsubscribe"] == "<https://praxis.example.gov/unsubscribe/abc/>"
    assert got["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert got.get_content_type() == "multipart/alternative"
    assert got.get_body(("plain",)).get_content().strip().startswith("Jonas replied")
    assert got.get_body(("html",)).get_content().strip() == "<p>Jonas <b>replied</b></p>"
    row.refresh_from_db()
    assert row.status == Status.SENT and row.sent_at is not None and row.attempts == 0


@pytest.mark.django_db
def test_send_mail_with_html_message_goes_through_the_queue(smtp_server, deliver_over_smtp):
    deliver_over_smtp(smtp_server.port)
    send_mail("Subject", "Plain", None, ["a@example.gov"], html_message="<p>Rich</p>")
    assert services.deliver_due() == 1
    got = smtp_server.messages[0].message
    assert got.get_body(("html",)).get_content().strip() == "<p>Rich</p>"
    assert "praxis@localhost" in got["From"] or "@" in got["From"]


@pytest.mark.django_db
def test_a_server_that_is_down_keeps_the_message_queued_and_it_is_sent_once_when_it_is_up(
    smtp_servers, deliver_over_smtp, caplog
):
    port = free_port()  # nothing listens there yet
    deliver_over_smtp(port)
    with caplog.at_level("WARNING", logger="outbox.services"):
        assert send_mail("Minutes", "The minutes", None, ["a@example.gov"]) == 1  # no raise
        assert services.deliver_due() == 0
    row = OutgoingEmail.objects.get()
    assert row.status == Status.QUEUED
    assert row.attempts == 1
    assert row.last_error
    assert "not sent (attempt 1)" in caplog.text
    wait = row.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(minutes=1)

    server = smtp_servers(port)
    assert services.deliver_due() == 0  # backing off: not due yet
    assert server.messages == []
    make_due(row)
    assert services.deliver_due() == 1
    assert services.deliver_due() == 0
    make_due(row)
    assert services.deliver_due() == 0  # sent rows are never due again
    assert len(server.messages) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)


@pytest.mark.django_db
def test_after_the_last_attempt_the_message_is_failed_and_logged(
    deliver_over_smtp, settings, caplog
):
    deliver_over_smtp(free_port())
    settings.OUTBOX_MAX_ATTEMPTS = 3
    send_mail("Minutes", "The minutes", None, ["a@example.gov"])
    row = OutgoingEmail.objects.get()
    waits = []
    with caplog.at_level("WARNING", logger="outbox.services"):
        for _ in range(3):
            make_due(row)
            services.deliver_due()
            row.refresh_from_db()
            waits.append(row.next_attempt_at - timezone.now())
    assert (row.status, row.attempts) == (Status.FAILED, 3)
    assert timedelta(minutes=1, seconds=50) < waits[1] <= timedelta(minutes=2)
    assert "given up" in caplog.text
    make_due(row)
    assert services.deliver_due() == 0  # failed rows wait for "retry now"


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_workers_never_send_a_message_twice(smtp_server, deliver_over_smtp):
    deliver_over_smtp(smtp_server.port)
    for n in range(30):
        send_mail(f"Message {n}", "Body", None, [f"person{n}@example.gov"])
    start = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            start.wait(5)
            counts.append(services.deliver_due())
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    subjects = [received.message["Subject"] for received in smtp_server.messages]
    assert sorted(subjects) == sorted(f"Message {n}" for n in range(30))  # each exactly once
    assert sum(counts) == 30
    assert set(OutgoingEmail.objects.values_list("status", flat=True)) == {Status.SENT}


@pytest.mark.django_db(transaction=True)
def test_a_restart_loses_nothing_a_new_process_delivers_the_queue(smtp_servers, settings):
    """Queued while the server was down; a fresh process (``manage.py run_jobs --once``,
    new interpreter, nothing in memory) finds the rows in the database and sends them."""
    port = free_port()
    settings.OUTBOX_DELIVERY = "background"
    for n in range(3):
        send_mail(f"Before the restart {n}", "Body", None, [f"p{n}@example.gov"])
    assert OutgoingEmail.objects.filter(status=Status.QUEUED).count() == 3
    server = smtp_servers(port)

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        login = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        where = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
        url = f"postgres://{login}@{where}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": "3",
    }
    connection.close()
    result = subprocess.run(
        [sys.executable, "manage.py", "run_jobs", "--once", "-v", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "outbox.deliver_due" in result.stdout
    assert sorted(r.message["Subject"] for r in server.messages) == [
        f"Before the restart {n}" for n in range(3)
    ]
    assert OutgoingEmail.objects.filter(status=Status.SENT).count() == 3
    assert mail.outbox == []  # nothing went to the in-memory test backend
