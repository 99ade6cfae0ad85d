"""One row per digest sent: the claim that keeps a digest from going out twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class DigestDelivery(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    # The period it covers: "daily:2026-12-02", "weekly:2026-W49", or "now:<time>".
    period = models.CharField(max_length=40)
    covers_from = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    items = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period"], name="one_digest_per_period")
        ]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.period} for {self.user_id}"
