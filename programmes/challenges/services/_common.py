"""What the challenge services share: row locks, visibility, people and numbers."""

from __future__ import annotations

import re

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import User
from core.errors import ServiceError
from programmes import permissions
from programmes.models import (
    Challenge,
    ProgrammeRound,
)

MAX_PEOPLE = 10**9


def _clean_count(value, *, label: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        value = None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or str(number) != str(value).strip() or not 0 <= number <= MAX_PEOPLE:
        raise ServiceError(
            _("%(field)s must be a whole number of people, 0 or more.") % {"field": label},
            code="count",
        )
    return number


def _locked_round(round_id: int) -> ProgrammeRound:
    return ProgrammeRound.objects.select_for_update().select_related("programme").get(pk=round_id)


def _locked_challenge(challenge: Challenge) -> Challenge:
    # Lock the challenge row only (its mentor and thread are nullable joins).
    return (
        Challenge.objects.select_for_update(of=("self",))
        .select_related("round__programme", "organisation")
        .get(pk=challenge.pk)
    )


def _require_visible(user: User, challenge: Challenge) -> None:
    if not permissions.can_view_challenge(user, challenge):
        raise ServiceError(_("This challenge does not exist."), code="not_found")


def _lookup_person(value) -> tuple[User | None, str]:
    """(an active user by username or e-mail, or None; the text looked for)."""
    if isinstance(value, User):
        person = value if value.pk else None
        return (person if person is not None and person.is_active else None), str(value)
    text = " ".join(str(value or "").split())[:254]
    if not text:
        raise ServiceError(_("Give the person's username or e-mail."), code="person")
    person = (
        User.objects.filter(Q(username__iexact=text) | Q(email__iexact=text), is_active=True)
        .order_by("pk")
        .first()
    )
    return person, text


_WHOLE_NUMBER = re.compile(r"\s*[-+]?\d{1,9}\s*")


def _whole_number(value, *, low: int, high: int, message: str, code: str) -> int:
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _WHOLE_NUMBER.fullmatch(value):
        number = int(value)
    if number is None or not low <= number <= high:
        raise ServiceError(message, code=code)
    return number


def _line(value, *, max_length: int, label: str, code: str) -> str:
    text = " ".join(str(value or "").replace("\x00", "").split())
    if len(text) > max_length:
        raise ServiceError(
            ngettext(
                "%(field)s can be at most %(max)d character.",
                "%(field)s can be at most %(max)d characters.",
                max_length,
            )
            % {"field": capfirst(label), "max": max_length},
            code=code,
        )
    return text


def _paragraphs(value, *, max_length: int, label: str, code: str) -> str:
    text = str(value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise ServiceError(
            ngettext(
                "%(field)s can be at most %(max)d character.",
                "%(field)s can be at most %(max)d characters.",
                max_length,
            )
            % {"field": capfirst(label), "max": max_length},
            code=code,
        )
    return text


def _require_round_manager(actor: User, programme_round: ProgrammeRound) -> None:
    if not permissions.can_manage_round(actor, programme_round):
        raise ServiceError(
            _("Only the programme's coordinators can change the round's settings."),
            code="forbidden",
        )
