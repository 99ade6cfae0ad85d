"""The selection commission of a round, fixed once the selection is announced."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import User
from core.errors import ServiceError
from programmes.challenges.services._common import (
    _locked_round,
    _lookup_person,
    _require_round_manager,
)
from programmes.models import (
    ChallengeScore,
    ProgrammeRound,
)

MAX_COMMISSION = 30


def _require_commission_open(programme_round: ProgrammeRound) -> None:
    if programme_round.selection_published_at is not None:
        raise ServiceError(
            _("The selection is announced: the commission that made it stays as it is on record."),
            code="announced",
        )


@transaction.atomic
def commissioner_add(*, actor: User, programme_round: ProgrammeRound, person) -> User:
    """Put an existing, active user (a User, a username or an e-mail) on the round's
    selection commission, until the selection is announced."""
    programme_round = _locked_round(programme_round.pk)
    _require_round_manager(actor, programme_round)
    _require_commission_open(programme_round)
    user, text = _lookup_person(person)
    if user is None:
        raise ServiceError(
            _(
                "There is no active Praxis user “%(name)s”. Commissioners need an account: "
                "invite them to sign up first."
            )
            % {"name": text},
            code="not_a_user",
        )
    members = programme_round.commission.all()
    if members.filter(pk=user.pk).exists():
        raise ServiceError(
            _("%(name)s is already on the commission.") % {"name": user.name}, code="already"
        )
    if members.count() >= MAX_COMMISSION:
        raise ServiceError(
            ngettext(
                "A commission can have at most %(max)d member.",
                "A commission can have at most %(max)d members.",
                MAX_COMMISSION,
            )
            % {"max": MAX_COMMISSION},
            code="too_many",
        )
    programme_round.commission.add(user)
    return user


def challenges_scored_by(user: User, programme_round: ProgrammeRound) -> int:
    return (
        ChallengeScore.objects.filter(
            commissioner_id=user.pk, challenge__round_id=programme_round.pk
        )
        .values("challenge_id")
        .distinct()
        .count()
    )


@transaction.atomic
def commissioner_remove(
    *, actor: User, programme_round: ProgrammeRound, user: User, delete_scores: bool = False
) -> int:
    """Take someone off the commission until the selection is announced. If they have
    scored, their scores in this round are deleted too, and only with
    ``delete_scores=True`` (the coordinator's confirmation). Returns how many challenges'
    scores were deleted."""
    programme_round = _locked_round(programme_round.pk)
    _require_round_manager(actor, programme_round)
    _require_commission_open(programme_round)
    if not programme_round.commission.filter(pk=user.pk).exists():
        raise ServiceError(_("This person is not on the commission."), code="not_on_commission")
    scored = challenges_scored_by(user, programme_round)
    if scored and not delete_scores:
        raise ServiceError(
            ngettext(
                "%(name)s has already scored %(count)d challenge. Removing them from the "
                "commission deletes those scores: confirm to remove them.",
                "%(name)s has already scored %(count)d challenges. Removing them from the "
                "commission deletes those scores: confirm to remove them.",
                scored,
            )
            % {"name": user.name, "count": scored},
            code="has_scores",
        )
    ChallengeScore.objects.filter(
        commissioner_id=user.pk, challenge__round_id=programme_round.pk
    ).delete()
    programme_round.commission.remove(user)
    return scored
