"""A Wagtail locale for each interface language. Existing pages stay in the default
locale ("en", created by Wagtail's own migrations); nothing else changes."""

from django.db import migrations

LANGUAGES = ("en", "pl", "sl", "lt", "nb")


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0007_move_out_meetings_peer_learning_programmes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
