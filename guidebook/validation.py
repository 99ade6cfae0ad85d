"""What a practice case needs before it is published: the one rule, shared by the
members' submission form (``guidebook.forms.PracticeSubmitForm``) and the Wagtail admin's
page form (``guidebook.admin_forms.PracticePageForm``, checked on publish and on submit
for review; drafts may stay incomplete)."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

# Field name -> the message shown when it is missing.
REQUIRED_FOR_PUBLICATION = {
    "title": _("Give the case a title."),
    "summary": _("Write a short summary of the case."),
    "problem": _("Describe the problem or challenge."),
    "what_was_done": _("Say what was done."),
    "country": _("Choose the country."),
}


def _is_blank(value) -> bool:
    if value is None:
        return True
    text = strip_tags(str(value)).replace("&nbsp;", " ")
    return not text.strip()


def missing_for_publication(values: Mapping) -> dict[str, str]:
    """The required fields that are empty in ``values`` (plain or rich text; markup
    alone such as ``<p></p>`` counts as empty), each with its message."""
    return {
        name: str(message)
        for name, message in REQUIRED_FOR_PUBLICATION.items()
        if _is_blank(values.get(name))
    }
