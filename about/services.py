"""Writing the accessibility statement: the page under the home page, and its translations
(the converted alias in each locale, as an editor's "Translate" does)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from about.models import AccessibilityStatementPage


def _publish(page, author) -> None:
    revision = page.save_revision(user=author, log_action=True)
    revision.publish(user=author, log_action=True)


@transaction.atomic
def publish_statement(*, home, fields: dict[str, Any], author) -> AccessibilityStatementPage:
    """The site's statement in the default language, created under ``home`` or updated."""
    statement = AccessibilityStatementPage.objects.child_of(home).first()
    if statement is None:
        statement = AccessibilityStatementPage(**fields, owner=author)
        home.add_child(instance=statement)
    else:
        statement = statement.specific
        for name, value in fields.items():
            setattr(statement, name, value)
    _publish(statement, author)
    return AccessibilityStatementPage.objects.get(pk=statement.pk)


@transaction.atomic
def publish_translation(
    *, statement: AccessibilityStatementPage, language: str, fields: dict[str, Any], author
) -> AccessibilityStatementPage | None:
    """``statement`` in ``language`` with ``fields``, published; None when the language has
    no locale. The alias Wagtail keeps in each locale becomes a page of its own."""
    from wagtail.actions.convert_alias import ConvertAliasPageAction
    from wagtail.models import Locale

    locale = Locale.objects.filter(language_code=language).first()
    if locale is None:
        return None
    translated = statement.get_translation_or_none(locale)
    if translated is None:
        translated = statement.copy_for_translation(locale, copy_parents=True)
    elif translated.alias_of_id is not None:
        ConvertAliasPageAction(translated, user=author, log_action=None).execute(
            skip_permission_checks=True
        )
    translated = AccessibilityStatementPage.objects.get(pk=translated.pk)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.owner = author
    _publish(translated, author)
    return AccessibilityStatementPage.objects.get(pk=translated.pk)


@transaction.atomic
def record_sources(*, sources: list[dict[str, Any]]) -> int:
    """Records the public documents the demo content is drawn from (by ``key``: created or
    updated); from then on every page carries the demo notice. Returns how many were new."""
    from about.models import SourceDocument
    from about.selectors import forget_demo_sources

    fields = ("title", "citation", "url", "date", "language", "used_for")
    created = 0
    for position, data in enumerate(sources):
        _source, was_created = SourceDocument.objects.update_or_create(
            key=data["key"],
            defaults={**{name: data.get(name, "") for name in fields}, "position": position},
        )
        created += was_created
    transaction.on_commit(forget_demo_sources)
    return created
