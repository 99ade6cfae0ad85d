"""Who may see and do what in programmes: the one place that decides it.

Pages, selectors, services, CSV exports and notifications call these; lists use the
Q-filter twins (``visible_challenge_filter``) so counts and pages agree with the checks.
Scores are private to the round's commission and the programme's coordinators, and a
commissioner sees other commissioners' scores of a challenge only after scoring it.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.http import Http404

from communities.permissions import is_active_user, is_platform_admin
from programmes.models import (
    Challenge,
    ChallengeScore,
    ChallengeStatus,
    Exchange,
    ExchangeOffer,
    ExchangeStatus,
    ProgrammePage,
    ProgrammeRound,
    SelectionCriterion,
    StudyVisit,
)


def is_coordinator(user, programme: ProgrammePage) -> bool:
    if not is_active_user(user):
        return False
    if is_platform_admin(user):
        return True
    return ProgrammePage.coordinators.through.objects.filter(
        programmepage_id=programme.pk, user_id=user.pk
    ).exists()


def is_commissioner(user, programme_round: ProgrammeRound) -> bool:
    if not is_active_user(user):
        return False
    return programme_round.commission.filter(pk=user.pk).exists()


def is_round_coordinator(user, programme_round: ProgrammeRound) -> bool:
    return is_coordinator(user, programme_round.programme)


def can_create_round(user, programme: ProgrammePage) -> bool:
    """The programme's coordinators open its rounds."""
    return is_coordinator(user, programme)


def can_manage_round(user, programme_round: ProgrammeRound) -> bool:
    """The programme's coordinators set a round up: its dates, call, limit, criteria and
    commission (the services decide what may still change)."""
    return is_round_coordinator(user, programme_round)


# Challenges ---------------------------------------------------------------------------


def can_submit_challenge(user, programme_round: ProgrammeRound) -> bool:
    """Any signed-in member of an organisation, while the round's call is open (and its
    selection is not announced yet)."""
    return (
        is_active_user(user)
        and user.organisation_id is not None
        and programme_round.call_is_open()
        and programme_round.selection_published_at is None
    )


def is_on_team(user, challenge: Challenge) -> bool:
    if not is_active_user(user):
        return False
    if challenge.mentor_id == user.pk:
        return True
    return challenge.team.filter(user_id=user.pk).exists()


def can_view_challenge(user, challenge: Challenge) -> bool:
    """Selected challenges are public once the selection is announced; a draft only to its
    submitter; a submitted one also to the commission and the coordinators."""
    if challenge.status == ChallengeStatus.SELECTED and (
        challenge.round.selection_published_at is not None
    ):
        return True
    if not is_active_user(user):
        return False
    if challenge.submitted_by_id == user.pk:
        return True
    if challenge.status == ChallengeStatus.DRAFT:
        return False
    if is_round_coordinator(user, challenge.round):
        return True
    if challenge.status == ChallengeStatus.WITHDRAWN:
        return False
    if is_commissioner(user, challenge.round):
        return True
    return challenge.status == ChallengeStatus.SELECTED and is_on_team(user, challenge)


def access_challenge(user, challenge: Challenge) -> None:
    """Raise 404 (not 403) so a challenge one may not see does not reveal it exists."""
    if not can_view_challenge(user, challenge):
        raise Http404


def visible_challenge_filter(user, programme_round: ProgrammeRound) -> Q:
    """The twin of ``can_view_challenge`` for one round's challenges, as a Q."""
    announced = Q(status=ChallengeStatus.SELECTED) & Q(round__selection_published_at__isnull=False)
    if not is_active_user(user):
        return announced
    own = Q(submitted_by_id=user.pk)
    if is_round_coordinator(user, programme_round):
        return own | ~Q(status=ChallengeStatus.DRAFT)
    visible = announced | own
    if is_commissioner(user, programme_round):
        visible |= Q(
            status__in=[
                ChallengeStatus.SUBMITTED,
                ChallengeStatus.SELECTED,
                ChallengeStatus.NOT_SELECTED,
            ]
        )
    team = Q(status=ChallengeStatus.SELECTED) & (Q(mentor_id=user.pk) | Q(team__user_id=user.pk))
    return visible | team


def can_see_challenge_contact(user, challenge: Challenge) -> bool:
    """The contact person's e-mail on a challenge page: signed-in people only (visitors
    are asked to sign in), so that the address is not harvested from public pages."""
    return bool(user is not None and user.is_authenticated)


def can_edit_challenge(user, challenge: Challenge) -> bool:
    """Only the submitter, only while it is a draft and the call is open."""
    return (
        is_active_user(user)
        and challenge.submitted_by_id == user.pk
        and challenge.status == ChallengeStatus.DRAFT
        and challenge.round.call_is_open()
    )


def can_score(user, challenge: Challenge) -> bool:
    """Commissioners score sent challenges until the selection is announced."""
    return (
        challenge.status
        in (ChallengeStatus.SUBMITTED, ChallengeStatus.SELECTED, ChallengeStatus.NOT_SELECTED)
        and challenge.round.selection_published_at is None
        and is_commissioner(user, challenge.round)
    )


def has_scored(user, challenge: Challenge) -> bool:
    """Has this commissioner scored the challenge on every criterion of its round?"""
    if not is_active_user(user):
        return False
    criteria = SelectionCriterion.objects.filter(round_id=challenge.round_id).count()
    scored = ChallengeScore.objects.filter(challenge=challenge, commissioner_id=user.pk).count()
    return criteria > 0 and scored >= criteria


def can_see_all_scores(user, challenge: Challenge) -> bool:
    """Coordinators always; a commissioner once they have scored it themselves."""
    if is_round_coordinator(user, challenge.round):
        return True
    return is_commissioner(user, challenge.round) and has_scored(user, challenge)


def can_see_ranking(user, programme_round: ProgrammeRound) -> bool:
    return is_round_coordinator(user, programme_round)


def can_select(user, programme_round: ProgrammeRound) -> bool:
    return is_round_coordinator(user, programme_round)


def can_manage_team(user, challenge: Challenge) -> bool:
    """Coordinators assign mentors and teams to selected challenges."""
    return challenge.status == ChallengeStatus.SELECTED and is_round_coordinator(
        user, challenge.round
    )


def can_write_outcome(user, challenge: Challenge) -> bool:
    """The mentor, the submitter, the team and coordinators record a selected challenge's
    outcome."""
    if challenge.status != ChallengeStatus.SELECTED or not is_active_user(user):
        return False
    return (
        challenge.submitted_by_id == user.pk
        or is_on_team(user, challenge)
        or is_round_coordinator(user, challenge.round)
    )


def can_withdraw_challenge(user, challenge: Challenge) -> bool:
    """The submitter, until the selection is announced."""
    return (
        is_active_user(user)
        and challenge.submitted_by_id == user.pk
        and challenge.status != ChallengeStatus.WITHDRAWN
        and challenge.round.selection_published_at is None
    )


def can_propose_challenge_practice(user, challenge: Challenge) -> bool:
    """A selected challenge with an outcome and a workspace thread, proposed by someone who
    may propose that thread as a practice case (the workspace community's facilitators,
    the library's editors)."""
    from guidebook.permissions import can_propose_from_thread

    return (
        challenge.status == ChallengeStatus.SELECTED
        and bool(challenge.outcome.strip())
        and challenge.workspace_thread_id is not None
        and can_propose_from_thread(user, challenge.workspace_thread)
    )


# Partners ------------------------------------------------------------------------------


def can_see_partner_records(user, programme: ProgrammePage) -> bool:
    """Fees and statuses: the coordinators' overview. Everyone sees who is a partner."""
    return is_coordinator(user, programme)


# Staff exchanges and study visits --------------------------------------------------------


def round_has_ended(programme_round: ProgrammeRound) -> bool:
    from django.utils import timezone

    return programme_round.ends_on < timezone.localdate()


def can_offer_exchange(user, programme_round: ProgrammeRound) -> bool:
    """A member of an organisation (the host) or a coordinator publishes an offer, until
    the round ends."""
    return (
        is_active_user(user)
        and not round_has_ended(programme_round)
        and (user.organisation_id is not None or is_round_coordinator(user, programme_round))
    )


def can_manage_offer(user, offer: ExchangeOffer) -> bool:
    """Members of the host organisation (its contact among them) and coordinators edit or
    close an offer and see who applied."""
    if not is_active_user(user):
        return False
    if offer.contact_id == user.pk or (
        user.organisation_id is not None and user.organisation_id == offer.host_organisation_id
    ):
        return True
    return is_round_coordinator(user, offer.round)


def can_apply(user, offer: ExchangeOffer) -> bool:
    """Employees of another organisation apply to an open offer."""
    return (
        is_active_user(user)
        and offer.is_open
        and user.organisation_id is not None
        and user.organisation_id != offer.host_organisation_id
    )


def is_exchange_side(user, exchange: Exchange) -> bool:
    """The participant or the host's contact person."""
    return is_active_user(user) and user.pk in (exchange.participant_id, exchange.host_contact_id)


def must_confirm_exchange(user, exchange: Exchange) -> bool:
    """Is it this side's turn to confirm the exchange's next step (that it is agreed, then
    that it took place)? Not once their own side has confirmed: they wait for the other."""
    if exchange.status not in (ExchangeStatus.PROPOSED, ExchangeStatus.AGREED):
        return False
    if not is_exchange_side(user, exchange):
        return False
    confirmed = (exchange.participant_id == user.pk and exchange.participant_confirmed_at) or (
        exchange.host_contact_id == user.pk and exchange.host_confirmed_at
    )
    return not confirmed


def can_view_exchange(user, exchange: Exchange) -> bool:
    return is_exchange_side(user, exchange) or is_round_coordinator(user, exchange.round)


def access_exchange(user, exchange: Exchange) -> None:
    if not can_view_exchange(user, exchange):
        raise Http404


def visible_exchange_filter(user, programme_round: ProgrammeRound) -> Q:
    if not is_active_user(user):
        return Q(pk__in=[])
    if is_round_coordinator(user, programme_round):
        return Q()
    return Q(participant_id=user.pk) | Q(host_contact_id=user.pk)


def can_see_exchange_list(user, programme_round: ProgrammeRound) -> bool:
    """Who went where, by name: coordinators only. Statistics are public."""
    return is_round_coordinator(user, programme_round)


def can_report_on_exchange(user, exchange: Exchange) -> bool:
    return exchange.status == "done" and is_exchange_side(user, exchange)


def is_visit_participant(user, visit: StudyVisit) -> bool:
    return is_active_user(user) and visit.participants.filter(pk=user.pk).exists()


def can_manage_visit(user, visit: StudyVisit) -> bool:
    return is_coordinator(user, visit.programme)


def can_report_on_visit(user, visit: StudyVisit) -> bool:
    """Participants, once the visit has started."""
    return visit.starts_on <= date.today() and is_visit_participant(user, visit)
