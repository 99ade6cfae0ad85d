"""Migration operations shared by the apps that took models over from ``communities``."""

from __future__ import annotations

from django.db import migrations


def move_content_types(*, from_app: str, to_app: str, models: list[str]) -> migrations.RunPython:
    """Move the models' content types to their new app label (and back on reverse).

    Existing rows (pages, revisions, permissions, log entries) point at content types by
    id: moving the label keeps every one of them valid. A content type already created
    under the new label (a database that never had the old one) is left as it is."""

    def forward(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        for model in models:
            if content_type.objects.filter(app_label=to_app, model=model).exists():
                continue
            content_type.objects.filter(app_label=from_app, model=model).update(app_label=to_app)

    def backward(apps, schema_editor):
        content_type = apps.get_model("contenttypes", "ContentType")
        content_type.objects.filter(app_label=to_app, model__in=models).update(app_label=from_app)

    return migrations.RunPython(forward, backward)
