"""Every write to challenge rounds: the rounds themselves, their criteria and commission,
challenges, commission scores, the selection, mentors, teams, outcomes.

Keyword-only, inside ``transaction.atomic``, validating and raising ``ServiceError`` with a
message fit for the user; a refused write changes nothing. Who may do what is decided in
``programmes.permissions``; e-mails and live events go out only on commit.

One module per use case; this package re-exports them all, so callers keep writing
``services.challenge_create(...)``. A test that replaces a function another service looks
up must patch the module that looks it up (e.g. ``services.selection.selected_count``).
"""

from core.links import absolute_url
from programmes.challenges.services._common import MAX_PEOPLE
from programmes.challenges.services.challenges import (
    SINGLE_LINE,
    TEXT_FIELDS,
    challenge_create,
    challenge_send,
    challenge_update,
    challenge_withdraw,
)
from programmes.challenges.services.commission import (
    MAX_COMMISSION,
    challenges_scored_by,
    commissioner_add,
    commissioner_remove,
)
from programmes.challenges.services.criteria import (
    CRITERION_FIELDS,
    MAX_CRITERIA,
    criterion_add,
    criterion_remove,
    criterion_update,
    scores_given,
)
from programmes.challenges.services.mentors import (
    MAX_TEAM,
    find_person,
    mentor_assign,
    team_member_add,
    team_member_remove,
)
from programmes.challenges.services.outcomes import challenge_propose_practice, outcome_set
from programmes.challenges.services.rounds import (
    MAX_ROUND_NUMBER,
    MAX_SELECTED_LIMIT,
    ROUND_FIELDS,
    round_create,
    round_update,
)
from programmes.challenges.services.scoring import score_set
from programmes.challenges.services.selection import (
    challenge_select,
    challenge_unselect,
    selected_count,
    selection_announce,
)

__all__ = [
    "CRITERION_FIELDS",
    "MAX_COMMISSION",
    "MAX_CRITERIA",
    "MAX_PEOPLE",
    "MAX_ROUND_NUMBER",
    "MAX_SELECTED_LIMIT",
    "MAX_TEAM",
    "ROUND_FIELDS",
    "SINGLE_LINE",
    "TEXT_FIELDS",
    "absolute_url",
    "challenge_create",
    "challenge_propose_practice",
    "challenge_select",
    "challenge_send",
    "challenge_unselect",
    "challenge_update",
    "challenge_withdraw",
    "challenges_scored_by",
    "commissioner_add",
    "commissioner_remove",
    "criterion_add",
    "criterion_remove",
    "criterion_update",
    "find_person",
    "mentor_assign",
    "outcome_set",
    "round_create",
    "round_update",
    "score_set",
    "scores_given",
    "selected_count",
    "selection_announce",
    "team_member_add",
    "team_member_remove",
]
