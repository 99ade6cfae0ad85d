"""Index work that must survive the process: see ``search.indexer`` (durable queue)."""

from django.db import models
from django.utils import timezone


class PendingIndexUpdate(models.Model):
    """An object a committed transaction saved or deleted that the embedded background
    writer has not yet put into the index. Written in the same transaction as the object,
    deleted once indexed; what a killed process left is indexed at the next start."""

    label = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    action = models.CharField(max_length=10)
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["label", "object_pk"], name="pending_index_once")
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.label} {self.object_pk}"
