"""Commission scores: a commissioner scores a sent challenge on every criterion of its round."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import User
from core.errors import ServiceError
from programmes import permissions
from programmes.challenges.services._common import (
    _locked_challenge,
    _locked_round,
    _require_visible,
)
from programmes.models import (
    Challenge,
    ChallengeScore,
)


def _clean_score(value, *, criterion) -> int:
    if isinstance(value, bool):
        value = None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if (
        number is None
        or str(number) != str(value).strip()
        or not (0 <= number <= criterion.max_score)
    ):
        raise ServiceError(
            _("Score “%(criterion)s” with a whole number from 0 to %(max)d.")
            % {"criterion": criterion.name, "max": criterion.max_score},
            code="score",
        )
    return number


@transaction.atomic
def score_set(
    *, commissioner: User, challenge: Challenge, scores: dict, comment: str = ""
) -> list[ChallengeScore]:
    """A commissioner scores a sent challenge on every criterion of its round at once
    (``scores``: criterion id -> score); scoring again replaces their own scores. The
    round's row is locked first, so criteria cannot change while a score is saved."""
    _locked_round(challenge.round_id)
    challenge = _locked_challenge(challenge)
    if not permissions.is_commissioner(commissioner, challenge.round):
        raise ServiceError(
            _("Only members of the round's selection commission can score challenges."),
            code="forbidden",
        )
    _require_visible(commissioner, challenge)
    if challenge.round.selection_published_at is not None:
        raise ServiceError(
            _("The selection is announced: scores can no longer change."), code="announced"
        )
    if not permissions.can_score(commissioner, challenge):
        raise ServiceError(_("Only sent challenges can be scored."), code="not_sent")
    criteria = list(challenge.round.criteria.all())
    if not criteria:
        raise ServiceError(
            _("The round has no selection criteria yet: the coordinators add them first."),
            code="no_criteria",
        )
    given = {str(key): value for key, value in (scores or {}).items()}
    known = {str(criterion.pk) for criterion in criteria}
    if set(given) - known:
        raise ServiceError(_("Score only this round's criteria."), code="criterion")
    missing = [criterion.name for criterion in criteria if str(criterion.pk) not in given]
    if missing:
        raise ServiceError(
            _("Score every criterion; missing: %(names)s.") % {"names": ", ".join(missing)},
            code="incomplete",
        )
    values = {c.pk: _clean_score(given[str(c.pk)], criterion=c) for c in criteria}
    comment = (comment or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if len(comment) > 2000:
        raise ServiceError(_("The comment can be at most 2000 characters."), code="comment")
    ChallengeScore.objects.filter(challenge=challenge, commissioner=commissioner).delete()
    now = timezone.now()
    return ChallengeScore.objects.bulk_create(
        ChallengeScore(
            challenge=challenge,
            commissioner=commissioner,
            criterion=criterion,
            score=values[criterion.pk],
            comment=comment,
            scored_at=now,
        )
        for criterion in criteria
    )
