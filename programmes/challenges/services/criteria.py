"""The selection criteria of a round, fixed once anyone has scored."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import User
from core.errors import ServiceError
from programmes.challenges.services._common import (
    _line,
    _locked_round,
    _require_round_manager,
    _whole_number,
)
from programmes.models import (
    ChallengeScore,
    ProgrammeRound,
    SelectionCriterion,
)

MAX_CRITERIA = 20
CRITERION_FIELDS = ("name", "description", "weight", "max_score")


def scores_given(programme_round: ProgrammeRound) -> bool:
    """Has any commissioner scored any challenge of the round?"""
    return ChallengeScore.objects.filter(challenge__round_id=programme_round.pk).exists()


def _require_criteria_open(programme_round: ProgrammeRound) -> None:
    if programme_round.selection_published_at is not None:
        raise ServiceError(
            _("The selection is announced: the criteria can no longer change."),
            code="announced",
        )
    if scores_given(programme_round):
        raise ServiceError(
            _(
                "The commission has started scoring: the criteria can no longer change, "
                "because that would change the meaning of the scores already given."
            ),
            code="scored",
        )


def _criterion_name_taken(name: str) -> ServiceError:
    return ServiceError(
        _("The round already has a criterion called “%(name)s”: choose another name.")
        % {"name": name},
        code="name_taken",
    )


def _clean_criterion(fields: dict, *, programme_round: ProgrammeRound, exclude=None) -> dict:
    name = _line(fields.get("name"), max_length=120, label=_("the name"), code="name")
    if len(name) < 2:
        raise ServiceError(_("Give the criterion a name of at least two characters."), code="name")
    others = SelectionCriterion.objects.filter(round_id=programme_round.pk, name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise _criterion_name_taken(name)
    return {
        "name": name,
        "description": _line(
            fields.get("description"),
            max_length=500,
            label=_("the description"),
            code="description",
        ),
        "weight": _whole_number(
            fields.get("weight"),
            low=1,
            high=10,
            message=_("The weight must be a whole number from 1 to 10."),
            code="weight",
        ),
        "max_score": _whole_number(
            fields.get("max_score"),
            low=1,
            high=10,
            message=_("The highest score must be a whole number from 1 to 10."),
            code="max_score",
        ),
    }


def _locked_criterion(criterion: SelectionCriterion) -> tuple[ProgrammeRound, SelectionCriterion]:
    programme_round = _locked_round(criterion.round_id)
    return programme_round, SelectionCriterion.objects.select_for_update().get(pk=criterion.pk)


@transaction.atomic
def criterion_add(
    *,
    actor: User,
    programme_round: ProgrammeRound,
    name: str,
    description: str = "",
    weight: int = 1,
    max_score: int = 5,
) -> SelectionCriterion:
    """Add a criterion the commission scores challenges on (last in the list); only
    before anyone has scored."""
    programme_round = _locked_round(programme_round.pk)
    _require_round_manager(actor, programme_round)
    _require_criteria_open(programme_round)
    cleaned = _clean_criterion(
        {"name": name, "description": description, "weight": weight, "max_score": max_score},
        programme_round=programme_round,
    )
    existing = list(
        SelectionCriterion.objects.filter(round_id=programme_round.pk).values_list(
            "position", flat=True
        )
    )
    if len(existing) >= MAX_CRITERIA:
        raise ServiceError(
            ngettext(
                "A round can have at most %(max)d criterion.",
                "A round can have at most %(max)d criteria.",
                MAX_CRITERIA,
            )
            % {"max": MAX_CRITERIA},
            code="too_many",
        )
    try:
        with transaction.atomic():
            return SelectionCriterion.objects.create(
                round=programme_round, position=max(existing, default=-1) + 1, **cleaned
            )
    except IntegrityError:
        raise _criterion_name_taken(cleaned["name"]) from None


@transaction.atomic
def criterion_update(*, actor: User, criterion: SelectionCriterion, **fields) -> SelectionCriterion:
    """Rename or reweigh a criterion (only the fields given); only before anyone has
    scored."""
    if set(fields) - set(CRITERION_FIELDS):
        raise ServiceError(_("Unknown criterion field."), code="invalid")
    programme_round, criterion = _locked_criterion(criterion)
    _require_round_manager(actor, programme_round)
    _require_criteria_open(programme_round)
    current = {name: getattr(criterion, name) for name in CRITERION_FIELDS}
    cleaned = _clean_criterion(
        {**current, **fields}, programme_round=programme_round, exclude=criterion.pk
    )
    changed = [name for name in CRITERION_FIELDS if cleaned[name] != current[name]]
    for name in changed:
        setattr(criterion, name, cleaned[name])
    if changed:
        try:
            with transaction.atomic():
                criterion.save(update_fields=changed)
        except IntegrityError:
            raise _criterion_name_taken(cleaned["name"]) from None
    return criterion


@transaction.atomic
def criterion_remove(*, actor: User, criterion: SelectionCriterion) -> None:
    """Remove a criterion; only before anyone has scored."""
    programme_round, criterion = _locked_criterion(criterion)
    _require_round_manager(actor, programme_round)
    _require_criteria_open(programme_round)
    criterion.delete()
