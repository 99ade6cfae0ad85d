"""Writes to the mail queue: store a message, deliver what is due, retry, purge.

Delivery is safe with several workers at once (threads, processes, cron): each row is
claimed by one conditional UPDATE (``status=sending, claimed_until=now+lease`` where the
row is still due), which only one of them can win, on SQLite and on PostgreSQL alike. A
worker that dies holding a claim loses it when the lease runs out, and the row is sent
again by the next round.
"""

from __future__ import annotations

import base64
import contextlib
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from .models import OutgoingEmail, Status

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# A claim covers one message's delivery (the SMTP timeout applies to each step of it).
MIN_LEASE = timedelta(minutes=2)

# Errors that say the transport itself is unreachable, not that one message is wrong.
CONNECTION_ERRORS = (OSError,)


def max_attempts() -> int:
    return getattr(settings, "OUTBOX_MAX_ATTEMPTS", 8)


def lease() -> timedelta:
    timeout = getattr(settings, "EMAIL_TIMEOUT", None) or 10
    return max(MIN_LEASE, timedelta(seconds=6 * float(timeout)))


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes after the 1st, 2nd, 3rd, 4th … failure, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def enqueue(message: EmailMessage, *, kind: str = "") -> OutgoingEmail:
    """Store ``message`` (an EmailMessage or EmailMultiAlternatives: its HTML alternative,
    headers, cc/bcc/reply-to and file attachments are kept) as one queued row."""
    html = ""
    for content, mimetype in getattr(message, "alternatives", []) or []:
        if mimetype != "text/html" or html:
            raise TypeError(f"The mail queue keeps one text/html alternative, not {mimetype}.")
        html = content
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise TypeError("The mail queue keeps file attachments (name, content, mimetype).")
        filename, content, mimetype = attachment
        raw = content.encode() if isinstance(content, str) else bytes(content)
        attachments.append(
            {
                "filename": filename,
                "content": base64.b64encode(raw).decode("ascii"),
                "mimetype": mimetype,
                "text": isinstance(content, str),
            }
        )
    return OutgoingEmail.objects.create(
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        reply_to=list(message.reply_to),
        from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
        subject=str(message.subject),
        body=str(message.body),
        content_subtype=message.content_subtype,
        html_body=str(html),
        headers={str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        attachments=attachments,
        kind=kind,
    )


def rebuild(row: OutgoingEmail) -> EmailMultiAlternatives:
    """The message as it was queued."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body,
        from_email=row.from_email,
        to=row.to,
        cc=row.cc,
        bcc=row.bcc,
        reply_to=row.reply_to,
        headers=dict(row.headers),
    )
    message.content_subtype = row.content_subtype
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    for item in row.attachments:
        content = base64.b64decode(item["content"])
        message.attach(
            item["filename"], content.decode() if item.get("text") else content, item["mimetype"]
        )
    return message


def _claim(pk: int, now: datetime) -> datetime | None:
    """Take the row for this worker if it is still due; the claim's expiry, or None when
    another worker has it (or it is no longer due)."""
    until = now + lease()
    won = (
        OutgoingEmail.objects.due(now)
        .filter(pk=pk)
        .update(status=Status.SENDING, claimed_until=until)
    )
    return until if won else None


def _mine(pk: int, claim: datetime):
    return OutgoingEmail.objects.filter(pk=pk, status=Status.SENDING, claimed_until=claim)


def _record_sent(pk: int, claim: datetime) -> None:
    now = timezone.now()
    _mine(pk, claim).update(status=Status.SENT, sent_at=now, claimed_until=None, last_error="")


def _record_failure(row: OutgoingEmail, claim: datetime, error: BaseException) -> None:
    attempts = row.attempts + 1
    text = f"{type(error).__name__}: {error}"[:2000]
    if attempts >= max_attempts():
        status, next_at = Status.FAILED, timezone.now()
        logger.error(
            "E-mail %s (%r) failed %d times and is given up: %s",
            row.pk,
            row.subject,
            attempts,
            text,
        )
    else:
        status, next_at = Status.QUEUED, timezone.now() + backoff(attempts)
        logger.warning(
            "E-mail %s (%r) not sent (attempt %d), retrying at %s: %s",
            row.pk,
            row.subject,
            attempts,
            next_at.isoformat(),
            text,
        )
    _mine(row.pk, claim).update(
        status=status,
        attempts=attempts,
        next_attempt_at=next_at,
        claimed_until=None,
        last_error=text,
    )


def _deliver(pks: Iterable[int]) -> int:
    """Claim and send each of ``pks`` that is due, over one connection of the delivery
    backend; returns how many were sent."""
    pks = list(pks)
    if not pks:
        return 0
    connection = get_connection(settings.OUTBOX_DELIVERY_BACKEND, fail_silently=False)
    sent = 0
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - the server is down: every row waits
        for pk in pks:
            if claim := _claim(pk, timezone.now()):
                _record_failure(OutgoingEmail.objects.get(pk=pk), claim, error)
        return 0
    try:
        for pk in pks:
            claim = _claim(pk, timezone.now())
            if claim is None:
                continue  # another worker has it, or it was sent meanwhile
            row = OutgoingEmail.objects.get(pk=pk)
            try:
                connection.send_messages([rebuild(row)])
            except Exception as error:  # noqa: BLE001 - recorded on the row, retried later
                _record_failure(row, claim, error)
                if isinstance(error, CONNECTION_ERRORS):
                    _close_quietly(connection)  # the next message opens a fresh one
                continue
            _record_sent(pk, claim)
            sent += 1
    finally:
        _close_quietly(connection)
    return sent


def _close_quietly(connection) -> None:
    # A connection that is gone cannot be closed cleanly.
    with contextlib.suppress(Exception):
        connection.close()


def deliver_due(*, limit: int = 100) -> int:
    """Send up to ``limit`` due messages (oldest first); returns how many were sent."""
    now = timezone.now()
    pks = list(
        OutgoingEmail.objects.due(now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return _deliver(pks)


def deliver_now(*, emails: Iterable[OutgoingEmail]) -> int:
    """Send these queued messages at once (``OUTBOX_DELIVERY = "inline"``)."""
    return _deliver(email.pk for email in emails)


def retry_now(*, emails: Iterable[OutgoingEmail]) -> int:
    """Put queued or failed messages back at the front of the queue (a failed one gets one
    more attempt); returns how many."""
    with transaction.atomic():
        return OutgoingEmail.objects.filter(
            pk__in=[email.pk for email in emails], status__in=[Status.QUEUED, Status.FAILED]
        ).update(status=Status.QUEUED, next_attempt_at=timezone.now())


def purge_sent(*, now: datetime | None = None) -> int:
    """Delete messages sent more than ``OUTBOX_KEEP_DAYS`` days ago; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=getattr(settings, "OUTBOX_KEEP_DAYS", 30))
    deleted, _ = OutgoingEmail.objects.filter(status=Status.SENT, sent_at__lt=cutoff).delete()
    return deleted
