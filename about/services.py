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
