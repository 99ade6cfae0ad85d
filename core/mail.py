"""E-mail sent only once the write that caused it has committed."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction


def send_mail_on_commit(*, recipients: list[str], subject: str, body: str) -> None:
    """Queue one message to ``recipients`` (empty addresses dropped) for after the commit.

    A failing mail server never undoes or breaks the write that caused the message."""
    recipients = [address for address in recipients if address]
    if recipients:
        transaction.on_commit(
            lambda: send_mail(subject, body, None, recipients, fail_silently=True)
        )
