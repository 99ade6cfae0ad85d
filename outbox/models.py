"""The durable mail queue: one row per outgoing message, until it is sent (and purged
``OUTBOX_KEEP_DAYS`` later) or has failed ``OUTBOX_MAX_ATTEMPTS`` times."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("e-mail status", "Queued")
    SENDING = "sending", pgettext_lazy("e-mail status", "Sending")
    SENT = "sent", pgettext_lazy("e-mail status", "Sent")
    FAILED = "failed", pgettext_lazy("e-mail status", "Failed")


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now):
        """Rows to send now: queued ones whose time has come, and ones a worker claimed
        but never finished (its lease ran out: it crashed or was stopped)."""
        return self.filter(
            Q(status=Status.QUEUED, next_attempt_at__lte=now)
            | Q(status=Status.SENDING, claimed_until__lt=now)
        )


class OutgoingEmail(models.Model):
    to = models.JSONField(_("recipients"), default=list)
    cc = models.JSONField(_("Cc"), default=list, blank=True)
    bcc = models.JSONField(_("Bcc"), default=list, blank=True)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    from_email = models.TextField(_("sender"))
    subject = models.TextField(_("subject"), blank=True)
    body = models.TextField(_("plain text"), blank=True)
    # "html" when the message's only body is HTML (an EmailMessage with content_subtype).
    content_subtype = models.CharField(max_length=30, default="plain")
    html_body = models.TextField(_("HTML alternative"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # [{"filename", "content" (base64), "mimetype"}]
    attachments = models.JSONField(default=list, blank=True)
    kind = models.CharField(_("kind"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["status", "claimed_until"], name="outbox_claimed"),
            models.Index(fields=["status", "sent_at"], name="outbox_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"

    @property
    def recipients(self) -> str:
        return ", ".join([*self.to, *self.cc, *self.bcc])
