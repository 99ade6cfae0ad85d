"""``EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"``: every message Django sends
(allauth's, Wagtail's, Praxis's own) is stored in the queue and the call returns; the job
runner delivers it through ``OUTBOX_DELIVERY_BACKEND``.

A message may carry ``kind`` (an attribute on the EmailMessage, free text such as
``"mention"`` or ``"digest"``) for the queue's listing.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from core import jobs

from . import services


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        messages = [message for message in email_messages if message.recipients()]
        if not messages:
            return 0
        try:
            with transaction.atomic():
                rows = [
                    services.enqueue(message, kind=str(getattr(message, "kind", "") or ""))
                    for message in messages
                ]
        except Exception:
            if self.fail_silently:
                return 0
            raise
        if getattr(settings, "OUTBOX_DELIVERY", "background") == "inline":
            # Tests: delivered in the same call, as Django's own backends do.
            services.deliver_now(emails=rows)
        else:
            # The runner is woken once the rows are visible to it (at once outside a
            # transaction); the round after 10 s picks them up if no runner listens.
            transaction.on_commit(jobs.wake)
        return len(rows)
