"""What core keeps in the database: only the demo's record of what it created."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models


class DemoRecord(models.Model):
    """Which object ``seed_demo`` created for one entry of the demo data.

    The key names the entry in the data files ("community:dialog"), not the object's
    current name, slug or place: a demo organisation renamed, a community re-slugged or a
    thread moved to another community is still found by its key, so the next
    ``seed_demo`` (every ``make run``) does not create it again beside the user's version.
    """

    key = models.CharField(max_length=255, unique=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
