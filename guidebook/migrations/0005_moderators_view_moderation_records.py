"""Moderators see, read-only, the admin's listings of what they moderate: threads, posts,
reported posts and meetings (``core.admin_views.register_view_only`` lets a ``view_``
permission open them). Before this a site administrator had to grant them by hand.

Programme records (rounds, challenges, exchanges) stay with superusers: their listings
show undecided challenges that only a round's commission and coordinators may read.
Idempotent, like 0002: permissions are looked up before they are created.
"""

from django.db import migrations

MODERATED = (
    ("discussions", "thread"),
    ("discussions", "post"),
    ("discussions", "flag"),
    ("meetings", "meeting"),
)


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    for app_label, model in MODERATED:
        content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"view_{model}",
            defaults={"name": f"Can view {model}"},
        )
        moderators.permissions.add(permission)


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is None:
        return
    for app_label, model in MODERATED:
        moderators.permissions.remove(
            *Permission.objects.filter(content_type__app_label=app_label, codename=f"view_{model}")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("guidebook", "0004_practicepage_source_citation_and_more"),
        ("discussions", "0005_event_sequence"),
        ("meetings", "0002_meeting_is_illustrative"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
