"""The selection: coordinators select and unselect sent challenges, then announce it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import User
from core.errors import ServiceError
from core.links import absolute_url
from core.mail import send_mail_on_commit
from programmes import permissions
from programmes.challenges.services._common import _locked_challenge, _locked_round
from programmes.challenges.services.workspace import _open_workspace
from programmes.models import (
    Challenge,
    ChallengeStatus,
    ProgrammeRound,
)


def _require_selector(actor: User, programme_round: ProgrammeRound) -> None:
    if not permissions.can_select(actor, programme_round):
        raise ServiceError(
            _("Only the programme's coordinators can select challenges."), code="forbidden"
        )
    if programme_round.selection_published_at is not None:
        raise ServiceError(
            _("The selection is announced: it can no longer change."), code="announced"
        )


def selected_count(programme_round: ProgrammeRound) -> int:
    return Challenge.objects.filter(
        round_id=programme_round.pk, status=ChallengeStatus.SELECTED
    ).count()


@transaction.atomic
def challenge_select(*, actor: User, challenge: Challenge) -> Challenge:
    """Select a sent challenge; at most ``round.max_selected`` per round. The round's row
    is locked first, so two coordinators selecting at once cannot exceed the limit."""
    programme_round = _locked_round(challenge.round_id)
    challenge = _locked_challenge(challenge)
    _require_selector(actor, programme_round)
    if challenge.status == ChallengeStatus.SELECTED:
        raise ServiceError(_("The challenge is already selected."), code="already")
    if challenge.status != ChallengeStatus.SUBMITTED:
        raise ServiceError(_("Only sent challenges can be selected."), code="not_sent")
    if selected_count(programme_round) >= programme_round.max_selected:
        raise ServiceError(
            ngettext(
                "At most %(max)d challenge can be selected in this round, and %(max)d "
                "already is. Unselect it first.",
                "At most %(max)d challenges can be selected in this round, and %(max)d "
                "already are. Unselect one first.",
                programme_round.max_selected,
            )
            % {"max": programme_round.max_selected},
            code="limit",
        )
    challenge.status = ChallengeStatus.SELECTED
    challenge.selected_at = timezone.now()
    challenge.selected_by = actor
    challenge.save(update_fields=["status", "selected_at", "selected_by", "updated_at"])
    return challenge


@transaction.atomic
def challenge_unselect(*, actor: User, challenge: Challenge) -> Challenge:
    programme_round = _locked_round(challenge.round_id)
    challenge = _locked_challenge(challenge)
    _require_selector(actor, programme_round)
    if challenge.status != ChallengeStatus.SELECTED:
        raise ServiceError(_("The challenge is not selected."), code="not_selected")
    challenge.status = ChallengeStatus.SUBMITTED
    challenge.selected_at = None
    challenge.selected_by = None
    challenge.save(update_fields=["status", "selected_at", "selected_by", "updated_at"])
    return challenge


@transaction.atomic
def selection_announce(*, actor: User, programme_round: ProgrammeRound) -> list[Challenge]:
    """Publish the selection: the other sent challenges become "not selected", each
    selected one gets its members-only workspace thread, and submitters are told."""
    programme_round = _locked_round(programme_round.pk)
    _require_selector(actor, programme_round)
    selected = list(
        Challenge.objects.select_for_update(of=("self",))
        .select_related("round__programme", "organisation", "submitted_by")
        .filter(round=programme_round, status=ChallengeStatus.SELECTED)
        .order_by("title", "pk")
    )
    if not selected:
        raise ServiceError(
            _("Select at least one challenge before announcing the selection."), code="empty"
        )
    community = programme_round.programme.workspace_community
    if community is None or not community.live:
        raise ServiceError(
            _(
                "The programme has no workspace community for the selected challenges' "
                "threads. An editor sets it on the programme's page first."
            ),
            code="no_workspace",
        )
    now = timezone.now()
    not_selected = list(
        Challenge.objects.select_related("submitted_by").filter(
            round=programme_round, status=ChallengeStatus.SUBMITTED
        )
    )
    Challenge.objects.filter(pk__in=[c.pk for c in not_selected]).update(
        status=ChallengeStatus.NOT_SELECTED, updated_at=now
    )
    programme_round.selection_published_at = now
    programme_round.save(update_fields=["selection_published_at"])
    for challenge in selected:
        challenge.round = programme_round
        if challenge.workspace_thread_id is None:
            _open_workspace(challenge, actor=actor, community=community)
    for challenge, chosen in [(c, True) for c in selected] + [(c, False) for c in not_selected]:
        send_mail_on_commit(
            recipients=[challenge.submitted_by],
            compose=lambda _user, challenge=challenge, chosen=chosen: _selection_message(
                challenge, programme_round, chosen=chosen
            ),
        )
    return selected


def _selection_message(challenge, programme_round, *, chosen: bool) -> tuple[str, str]:
    names = {"title": challenge.title, "round": str(programme_round)}
    if chosen:
        return (
            _("Your challenge “%(title)s” was selected") % names,
            _(
                "The commission selected your challenge “%(title)s”. A mentor and a team "
                "will work on it with you; its workspace is linked from the challenge "
                "page: %(url)s"
            )
            % {**names, "url": absolute_url(challenge.get_absolute_url())},
        )
    return (
        _("The selection of %(round)s is announced") % names,
        _(
            "Thank you for submitting “%(title)s”. The commission did not select it "
            "this time; the selected challenges are on the round's page: %(url)s"
        )
        % {**names, "url": absolute_url(programme_round.get_absolute_url())},
    )
