"""Outcomes of selected challenges, and proposing them as good practice."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import User
from core.errors import ServiceError
from programmes import permissions
from programmes.challenges.services._common import _clean_count, _locked_challenge, _require_visible
from programmes.models import (
    Challenge,
    ChallengeStatus,
)


@transaction.atomic
def outcome_set(
    *, actor: User, challenge: Challenge, outcome: str, people_reached=None
) -> Challenge:
    """Record what a selected challenge achieved and how many people it reached."""
    challenge = _locked_challenge(challenge)
    _require_visible(actor, challenge)
    if not permissions.can_write_outcome(actor, challenge):
        raise ServiceError(
            _(
                "Only the team, the mentor, the submitter and the coordinators can record a "
                "selected challenge's outcome."
            ),
            code="forbidden",
        )
    outcome = (outcome or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if len(outcome) > 5000:
        raise ServiceError(_("The outcome can be at most 5000 characters."), code="outcome")
    challenge.outcome = outcome
    challenge.people_reached = _clean_count(
        people_reached, label=_("The number of people the outcome reached")
    )
    challenge.save(update_fields=["outcome", "people_reached", "updated_at"])
    return challenge


def _practice_text(challenge: Challenge) -> str:
    parts = [
        _("Challenge of %(organisation)s in %(round)s of %(programme)s.")
        % {
            "organisation": challenge.organisation.name,
            "round": str(challenge.round),
            "programme": challenge.round.programme.title,
        },
        _("The problem: %(text)s") % {"text": challenge.problem},
        _("The change sought: %(text)s") % {"text": challenge.change_sought},
        _("The outcome: %(text)s") % {"text": challenge.outcome},
    ]
    if challenge.people_reached is not None:
        parts.append(_("People reached: %(count)d.") % {"count": challenge.people_reached})
    return "\n\n".join(part for part in parts if part.strip())


@transaction.atomic
def challenge_propose_practice(*, actor: User, challenge: Challenge):
    """Propose a selected challenge's outcome as a good-practice case (a draft in the
    library's review workflow, with the workspace thread as its provenance)."""
    from guidebook.services import practice_propose_from_thread

    challenge = _locked_challenge(challenge)
    _require_visible(actor, challenge)
    if challenge.status != ChallengeStatus.SELECTED:
        raise ServiceError(
            _("Only selected challenges can be proposed as good practice."), code="not_selected"
        )
    if not challenge.outcome.strip():
        raise ServiceError(
            _("Record the challenge's outcome first: there is nothing to propose yet."),
            code="empty",
        )
    if challenge.workspace_thread_id is None:
        raise ServiceError(
            _("This challenge has no workspace thread to link the case to."), code="invalid"
        )
    return practice_propose_from_thread(
        user=actor,
        thread=challenge.workspace_thread,
        title=challenge.title,
        text=_practice_text(challenge),
    )
