"""Challenges: a draft for an organisation, changed and sent before the deadline, or withdrawn."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import Organisation, User
from core.errors import ServiceError
from programmes import permissions
from programmes.challenges.services._common import (
    _clean_count,
    _locked_challenge,
    _locked_round,
    _require_visible,
)
from programmes.models import (
    Challenge,
    ChallengeStatus,
    ProgrammeRound,
)

# Field name -> (max length, what the form calls it); the order is the form's order.
TEXT_FIELDS = {
    "title": (200, "title"),
    "problem": (5000, "problem"),
    "change_sought": (5000, "change_sought"),
    "contact_name": (200, "contact_name"),
    "contact_email": (254, "contact_email"),
    "affected": (2000, "affected"),
    "help_wanted": (3000, "help_wanted"),
}
SINGLE_LINE = {"title", "contact_name", "contact_email"}


def _field_labels() -> dict[str, str]:
    return {
        "title": _("the title"),
        "problem": _("the problem"),
        "change_sought": _("the change sought"),
        "contact_name": _("the contact person"),
        "contact_email": _("the contact e-mail"),
        "affected": _("who is affected"),
        "affected_count": _("how many people are affected"),
        "help_wanted": _("what help is wanted"),
    }


def _clean_text(name: str, value) -> str:
    max_length, _key = TEXT_FIELDS[name]
    value = "" if value is None else str(value)
    value = value.replace("\x00", "").replace("\r\n", "\n").strip()
    if name in SINGLE_LINE:
        value = " ".join(value.split())
    if len(value) > max_length:
        raise ServiceError(
            ngettext(
                "%(field)s can be at most %(max)d character.",
                "%(field)s can be at most %(max)d characters.",
                max_length,
            )
            % {"field": _field_labels()[name].capitalize(), "max": max_length},
            code=name,
        )
    return value


def _clean_challenge_fields(fields: dict) -> dict:
    cleaned = {name: _clean_text(name, fields.get(name)) for name in TEXT_FIELDS}
    if len(cleaned["title"]) < 5:
        raise ServiceError(
            _("Give the challenge a title of at least five characters."), code="title"
        )
    if cleaned["contact_email"]:
        try:
            validate_email(cleaned["contact_email"])
        except ValidationError:
            raise ServiceError(
                _("The contact e-mail is not a valid e-mail address."), code="contact_email"
            ) from None
    cleaned["affected_count"] = _clean_count(
        fields.get("affected_count"), label=_("How many people are affected")
    )
    return cleaned


def _missing_for_sending(challenge: Challenge) -> list[str]:
    labels = _field_labels()
    missing = [labels[name] for name in TEXT_FIELDS if not getattr(challenge, name).strip()]
    if challenge.affected_count is None:
        missing.append(labels["affected_count"])
    return missing


def _deadline(programme_round: ProgrammeRound) -> str:
    return date_format(timezone.localtime(programme_round.call_deadline), "DATETIME_FORMAT")


def _require_call_open(programme_round: ProgrammeRound) -> None:
    if programme_round.call_deadline is None:
        raise ServiceError(_("This round takes no challenges."), code="no_call")
    if programme_round.selection_published_at is not None:
        raise ServiceError(
            _("The selection of this round is announced: the call is closed."), code="closed"
        )
    if not programme_round.call_is_open():
        raise ServiceError(
            _("The call closed on %(deadline)s: challenges can no longer be submitted.")
            % {"deadline": _deadline(programme_round)},
            code="deadline",
        )


@transaction.atomic
def challenge_create(
    *,
    user: User,
    programme_round: ProgrammeRound,
    title: str,
    problem: str = "",
    change_sought: str = "",
    contact_name: str = "",
    contact_email: str = "",
    affected: str = "",
    affected_count: int | None = None,
    help_wanted: str = "",
    organisation: Organisation | None = None,
    send: bool = False,
) -> Challenge:
    """Start a draft challenge for the user's organisation (a coordinator may submit on
    behalf of another organisation). Drafts may be incomplete; sending checks the rest
    (``send=True`` creates and sends at once, or neither)."""
    if not (user.is_authenticated and user.is_active):
        raise ServiceError(_("Sign in to submit a challenge."), code="forbidden")
    programme_round = _locked_round(programme_round.pk)
    _require_call_open(programme_round)
    if organisation is None:
        organisation = user.organisation
    if organisation is None:
        raise ServiceError(
            _(
                "Challenges come from organisations: add your organisation to your profile "
                "before submitting one."
            ),
            code="no_organisation",
        )
    if organisation.pk != user.organisation_id and not permissions.is_round_coordinator(
        user, programme_round
    ):
        raise ServiceError(
            _("You can submit challenges only for your own organisation."), code="organisation"
        )
    fields = _clean_challenge_fields(
        {
            "title": title,
            "problem": problem,
            "change_sought": change_sought,
            "contact_name": contact_name or user.name,
            "contact_email": contact_email or user.email,
            "affected": affected,
            "affected_count": affected_count,
            "help_wanted": help_wanted,
        }
    )
    challenge = Challenge.objects.create(
        round=programme_round,
        organisation=organisation,
        submitted_by=user,
        status=ChallengeStatus.DRAFT,
        **fields,
    )
    if send:
        _send(challenge)
    return challenge


def _require_own_draft(user: User, challenge: Challenge) -> None:
    _require_visible(user, challenge)
    if challenge.submitted_by_id != user.pk:
        raise ServiceError(_("Only the person who submitted it can change it."), code="forbidden")
    if challenge.status != ChallengeStatus.DRAFT:
        raise ServiceError(
            _("The challenge is sent: it can no longer be changed."), code="not_draft"
        )
    _require_call_open(challenge.round)


@transaction.atomic
def challenge_update(
    *, user: User, challenge: Challenge, send: bool = False, **fields
) -> Challenge:
    """Change a draft (only its submitter, only before the deadline); ``send=True``
    saves and sends it, or does neither."""
    unknown = set(fields) - set(TEXT_FIELDS) - {"affected_count"}
    if unknown:
        raise ServiceError(_("Unknown challenge field."), code="invalid")
    challenge = _locked_challenge(challenge)
    _require_own_draft(user, challenge)
    current = {name: getattr(challenge, name) for name in [*TEXT_FIELDS, "affected_count"]}
    current.update(fields)
    for name, value in _clean_challenge_fields(current).items():
        setattr(challenge, name, value)
    challenge.save()
    if send:
        _send(challenge)
    return challenge


def _send(challenge: Challenge) -> None:
    missing = _missing_for_sending(challenge)
    if missing:
        raise ServiceError(
            _("Fill in %(fields)s before sending the challenge.") % {"fields": ", ".join(missing)},
            code="incomplete",
        )
    challenge.status = ChallengeStatus.SUBMITTED
    challenge.submitted_at = timezone.now()
    challenge.save(update_fields=["status", "submitted_at", "updated_at"])


@transaction.atomic
def challenge_send(*, user: User, challenge: Challenge) -> Challenge:
    """Send a complete draft to the commission (before the deadline)."""
    challenge = _locked_challenge(challenge)
    _require_own_draft(user, challenge)
    _send(challenge)
    return challenge


@transaction.atomic
def challenge_withdraw(*, user: User, challenge: Challenge) -> Challenge:
    """The submitter takes a draft or a sent challenge back, until the selection is
    announced (a selected one frees its place)."""
    challenge = _locked_challenge(challenge)
    _require_visible(user, challenge)
    if challenge.submitted_by_id != user.pk:
        raise ServiceError(
            _("Only the person who submitted the challenge can withdraw it."), code="forbidden"
        )
    if challenge.status == ChallengeStatus.WITHDRAWN:
        raise ServiceError(_("The challenge is already withdrawn."), code="withdrawn")
    if challenge.round.selection_published_at is not None:
        raise ServiceError(
            _("The selection is announced: the challenge can no longer be withdrawn."),
            code="announced",
        )
    challenge.status = ChallengeStatus.WITHDRAWN
    challenge.selected_at = None
    challenge.selected_by = None
    challenge.save(update_fields=["status", "selected_at", "selected_by", "updated_at"])
    return challenge
