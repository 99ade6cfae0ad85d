"""Mentors and teams of selected challenges."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import User
from core.errors import ServiceError
from programmes import permissions
from programmes.challenges.services._common import (
    _locked_challenge,
    _lookup_person,
    _require_visible,
)
from programmes.challenges.services.workspace import _sync_readers
from programmes.models import (
    Challenge,
    ChallengeTeamMember,
)

MAX_TEAM = 50


def find_person(value) -> User:
    """An existing, active user by username or e-mail (or a User); a clear refusal
    otherwise: mentors and team members must have a Praxis account."""
    person, value = _lookup_person(value)
    if person is None:
        raise ServiceError(
            _(
                "There is no active Praxis user “%(name)s”. Mentors and team members need an "
                "account: invite them to sign up first."
            )
            % {"name": value},
            code="not_a_user",
        )
    return person


def _require_team_manager(actor: User, challenge: Challenge) -> None:
    _require_visible(actor, challenge)
    if not permissions.is_round_coordinator(actor, challenge.round):
        raise ServiceError(
            _("Only the programme's coordinators can assign mentors and teams."),
            code="forbidden",
        )
    if not permissions.can_manage_team(actor, challenge):
        raise ServiceError(
            _("Mentors and teams are assigned to selected challenges only."), code="not_selected"
        )


def _enrol(person: User, challenge: Challenge) -> None:
    from communities.services import membership_enrol

    community = challenge.round.programme.workspace_community
    if community is not None:
        membership_enrol(user=person, community=community)


@transaction.atomic
def mentor_assign(*, actor: User, challenge: Challenge, mentor) -> Challenge:
    """Give a selected challenge its mentor (replacing an earlier one): enrolled in the
    workspace community and a reader of the workspace thread."""
    challenge = _locked_challenge(challenge)
    _require_team_manager(actor, challenge)
    person = find_person(mentor)
    if challenge.mentor_id == person.pk:
        raise ServiceError(
            _("%(name)s is already the mentor.") % {"name": person.name}, code="already"
        )
    challenge.mentor = person
    challenge.save(update_fields=["mentor", "updated_at"])
    _enrol(person, challenge)
    _sync_readers(challenge)
    return challenge


@transaction.atomic
def team_member_add(*, actor: User, challenge: Challenge, user) -> ChallengeTeamMember:
    challenge = _locked_challenge(challenge)
    _require_team_manager(actor, challenge)
    person = find_person(user)
    if ChallengeTeamMember.objects.filter(challenge=challenge, user=person).exists():
        raise ServiceError(
            _("%(name)s is already on the team.") % {"name": person.name}, code="already"
        )
    if ChallengeTeamMember.objects.filter(challenge=challenge).count() >= MAX_TEAM:
        raise ServiceError(
            ngettext(
                "A team can have at most %(max)d member.",
                "A team can have at most %(max)d members.",
                MAX_TEAM,
            )
            % {"max": MAX_TEAM},
            code="too_many",
        )
    try:
        with transaction.atomic():
            member = ChallengeTeamMember.objects.create(challenge=challenge, user=person)
    except IntegrityError:
        raise ServiceError(
            _("%(name)s is already on the team.") % {"name": person.name}, code="already"
        ) from None
    _enrol(person, challenge)
    _sync_readers(challenge)
    return member


@transaction.atomic
def team_member_remove(*, actor: User, challenge: Challenge, user: User) -> None:
    challenge = _locked_challenge(challenge)
    _require_team_manager(actor, challenge)
    deleted, _rows = ChallengeTeamMember.objects.filter(challenge=challenge, user=user).delete()
    if not deleted:
        raise ServiceError(_("This person is not on the team."), code="not_on_team")
    _sync_readers(challenge)
