"""The queued e-mail backend and the queue's services, with Django's locmem backend as the
transport (tests/outbox/test_smtp.py has the real SMTP server)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives, send_mail
from django.utils import timezone

from core import jobs
from outbox import services
from outbox.models import OutgoingEmail, Status

pytestmark = pytest.mark.django_db


def test_the_suite_sends_through_the_queue_and_delivers_inline(settings):
    assert settings.EMAIL_BACKEND == "outbox.backends.QueuedEmailBackend"
    assert send_mail("Hello", "Body", None, ["a@example.gov"]) == 1
    [row] = OutgoingEmail.objects.all()
    assert (row.status, row.to, row.subject) == (Status.SENT, ["a@example.gov"], "Hello")
    [message] = mail.outbox
    assert (message.subject, message.to, message.body) == ("Hello", ["a@example.gov"], "Body")


def test_a_join_request_mail_is_a_row_in_the_queue(
    make_user, make_community, make_membership, django_capture_on_commit_callbacks
):
    from communities import services as community_services

    community = make_community(join_policy="request")
    facilitator = make_user(email="facilitator@example.gov")
    make_membership(user=facilitator, community=community, role="facilitator")
    with django_capture_on_commit_callbacks(execute=True):
        community_services.membership_join(user=make_user(), community=community)
    row = OutgoingEmail.objects.get(to=["facilitator@example.gov"])
    assert row.status == Status.SENT
    assert [m.to for m in mail.outbox] == [["facilitator@example.gov"]]


def test_in_the_background_mode_the_call_only_stores_and_wakes_the_runner_after_commit(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.OUTBOX_DELIVERY = "background"
    woken = []
    monkeypatch.setattr(jobs, "wake", lambda: woken.append(1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_mail("Later", "Body", None, ["a@example.gov"])
    assert woken == []  # not before the commit: the runner would not see the row
    assert OutgoingEmail.objects.get().status == Status.QUEUED
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert woken == [1]
    assert services.deliver_due() == 1
    assert [m.subject for m in mail.outbox] == ["Later"]


def test_everything_a_message_carries_survives_the_queue(settings):
    settings.OUTBOX_DELIVERY = "background"
    message = EmailMultiAlternatives(
        "Subject ✓",
        "Plain ✓",
        "Praxis <praxis@example.gov>",
        ["to@example.gov"],
        cc=["cc@example.gov"],
        bcc=["bcc@example.gov"],
        reply_to=["reply@example.gov"],
        headers={"List-Unsubscribe": "<https://praxis.example.gov/u/1/>", "X-Kind": "x"},
    )
    message.attach_alternative("<p>HTML ✓</p>", "text/html")
    message.attach("minutes.txt", "Minutes ✓", "text/plain")
    message.attach("logo.png", b"\x89PNG\r\n\x00", "image/png")
    message.kind = "mention"
    message.send()
    row = OutgoingEmail.objects.get()
    assert row.kind == "mention"
    assert row.recipients == "to@example.gov, cc@example.gov, bcc@example.gov"
    services.deliver_due()
    [got] = mail.outbox
    assert (got.subject, got.body, got.from_email) == (
        "Subject ✓",
        "Plain ✓",
        "Praxis <praxis@example.gov>",
    )
    assert (got.to, got.cc, got.bcc, got.reply_to) == (
        ["to@example.gov"],
        ["cc@example.gov"],
        ["bcc@example.gov"],
        ["reply@example.gov"],
    )
    assert got.alternatives[0][:2] == ("<p>HTML ✓</p>", "text/html")
    assert got.extra_headers["List-Unsubscribe"] == "<https://praxis.example.gov/u/1/>"
    assert [tuple(a)[:3] for a in got.attachments] == [
        ("minutes.txt", "Minutes ✓", "text/plain"),
        ("logo.png", b"\x89PNG\r\n\x00", "image/png"),
    ]


def test_an_html_only_message_stays_html():
    message = EmailMessage("Subject", "<p>Only HTML</p>", None, ["a@example.gov"])
    message.content_subtype = "html"
    message.send()
    [got] = mail.outbox
    assert got.content_subtype == "html"
    assert "text/html" in got.message()["Content-Type"]


def test_one_row_per_message_and_messages_without_recipients_are_dropped(settings):
    settings.OUTBOX_DELIVERY = "background"
    connection = mail.get_connection()
    sent = connection.send_messages(
        [
            EmailMessage("One", "b", None, ["a@example.gov"]),
            EmailMessage("Two", "b", None, ["b@example.gov"]),
            EmailMessage("Nobody", "b", None, []),
        ]
    )
    assert sent == 2
    assert sorted(OutgoingEmail.objects.values_list("subject", flat=True)) == ["One", "Two"]


def test_a_claim_is_won_once_and_a_crashed_workers_claim_expires(settings):
    settings.OUTBOX_DELIVERY = "background"
    send_mail("Claimed", "Body", None, ["a@example.gov"])
    row = OutgoingEmail.objects.get()
    now = timezone.now()
    first = services._claim(row.pk, now)
    assert first is not None
    assert services._claim(row.pk, now) is None  # a second worker gets nothing
    assert services.deliver_due() == 0  # nor does a whole round while the lease holds
    assert mail.outbox == []
    # The first worker dies; once its lease has run out, the row is sent by the next round.
    OutgoingEmail.objects.filter(pk=row.pk).update(claimed_until=now - timedelta(seconds=1))
    assert services.deliver_due() == 1
    assert [m.subject for m in mail.outbox] == ["Claimed"]
    row.refresh_from_db()
    assert row.status == Status.SENT


def test_the_backoff_doubles_from_a_minute_up_to_an_hour():
    minutes = [services.backoff(n) / timedelta(minutes=1) for n in range(1, 10)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_retry_now_puts_a_failed_message_back_for_one_more_attempt(settings):
    settings.OUTBOX_DELIVERY = "background"
    send_mail("Failed", "Body", None, ["a@example.gov"])
    OutgoingEmail.objects.update(status=Status.FAILED, attempts=8)
    assert services.deliver_due() == 0
    assert services.retry_now(emails=OutgoingEmail.objects.all()) == 1
    assert services.deliver_due() == 1
    assert OutgoingEmail.objects.get().status == Status.SENT


def test_sent_messages_are_purged_after_the_keep_days(settings):
    settings.OUTBOX_KEEP_DAYS = 30
    settings.OUTBOX_DELIVERY = "background"
    for subject in ("old", "recent", "old but failed"):
        send_mail(subject, "Body", None, ["a@example.gov"])
    services.deliver_due()
    long_ago = timezone.now() - timedelta(days=31)
    OutgoingEmail.objects.filter(subject="old").update(sent_at=long_ago)
    OutgoingEmail.objects.filter(subject="old but failed").update(
        status=Status.FAILED, sent_at=None, created_at=long_ago
    )
    assert services.purge_sent() == 1
    assert sorted(OutgoingEmail.objects.values_list("subject", flat=True)) == [
        "old but failed",
        "recent",
    ]


def test_the_registered_job_delivers_the_queue(settings):
    settings.OUTBOX_DELIVERY = "background"
    send_mail("By the job", "Body", None, ["a@example.gov"])
    runner = jobs._runner
    job = runner._jobs["outbox.deliver_due"]
    job.run()
    assert [m.subject for m in mail.outbox] == ["By the job"]
