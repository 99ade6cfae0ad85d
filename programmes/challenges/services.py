"""Every write to challenge rounds: the rounds themselves, their criteria and commission,
challenges, commission scores, the selection, mentors, teams, outcomes.

Keyword-only, inside ``transaction.atomic``, validating and raising ``ServiceError`` with a
message fit for the user; a refused write changes nothing. Who may do what is decided in
``programmes.permissions``; e-mails and live events go out only on commit.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import Organisation, User
from core.errors import ServiceError
from programmes import permissions
from programmes.models import (
    Challenge,
    ChallengeScore,
    ChallengeStatus,
    ChallengeTeamMember,
    ProgrammePage,
    ProgrammeRound,
    SelectionCriterion,
)

MAX_PEOPLE = 10**9
MAX_TEAM = 50

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


# Validation helpers ---------------------------------------------------------------------


def _clean_text(name: str, value) -> str:
    max_length, _key = TEXT_FIELDS[name]
    value = "" if value is None else str(value)
    value = value.replace("\x00", "").replace("\r\n", "\n").strip()
    if name in SINGLE_LINE:
        value = " ".join(value.split())
    if len(value) > max_length:
        raise ServiceError(
            _("%(field)s can be at most %(max)d characters.")
            % {"field": _field_labels()[name].capitalize(), "max": max_length},
            code=name,
        )
    return value


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


def absolute_url(path: str) -> str:
    return getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/") + path


def _mail_on_commit(*, recipient: str, subject: str, body: str) -> None:
    if recipient:
        transaction.on_commit(
            lambda: send_mail(subject, body, None, [recipient], fail_silently=True)
        )


# Challenges -----------------------------------------------------------------------------


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


# Commission scores ------------------------------------------------------------------------


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


# The selection ------------------------------------------------------------------------------


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
            _(
                "At most %(max)d challenges can be selected in this round, and %(max)d "
                "already are. Unselect one first."
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


def _workspace_text(challenge: Challenge) -> str:
    return _(
        "The workspace of the challenge **%(title)s** (%(organisation)s), selected in %(round)s "
        "of %(programme)s. Only the team, the mentor and the submitter can read it: post "
        "progress updates, questions and results here. [Challenge page](%(url)s)"
    ) % {
        "title": challenge.title,
        "organisation": challenge.organisation.name,
        "round": str(challenge.round),
        "programme": challenge.round.programme.title,
        "url": challenge.get_absolute_url(),
    }


def _readers(challenge: Challenge) -> set[int]:
    """Submitter, mentor, team and the programme's coordinators (who run the round)."""
    ids = {challenge.submitted_by_id}
    ids.update(
        ProgrammePage.coordinators.through.objects.filter(
            programmepage_id=challenge.round.programme_id
        ).values_list("user_id", flat=True)
    )
    if challenge.mentor_id:
        ids.add(challenge.mentor_id)
    ids.update(
        ChallengeTeamMember.objects.filter(challenge=challenge).values_list("user_id", flat=True)
    )
    return ids


def _sync_readers(challenge: Challenge) -> None:
    """The workspace thread's readers are exactly ``_readers`` (and the thread's author);
    open sockets re-check their access after commit."""
    from discussions import events as discussion_events
    from discussions.models import Thread

    if challenge.workspace_thread_id is None:
        return
    thread = Thread.objects.get(pk=challenge.workspace_thread_id)
    thread.readers.set(sorted(_readers(challenge) | {thread.author_id}))
    discussion_events.thread_readers_changed([thread.pk])


def _open_workspace(challenge: Challenge, *, actor: User, community) -> None:
    """Create the challenge's members-only thread in the workspace community, written by
    its submitter (or, if they have just posted, by the announcing coordinator)."""
    from communities.services import membership_enrol
    from discussions import services as discussion_services
    from discussions.models import Thread

    for person in User.objects.filter(pk__in=_readers(challenge), is_active=True):
        membership_enrol(user=person, community=community)
    title = (_("Workspace: %(title)s") % {"title": challenge.title})[:200]
    # Written by the submitter when they can still sign in, else by the announcing
    # coordinator; one click opens every workspace, so the posting limits do not apply.
    author = challenge.submitted_by if challenge.submitted_by.is_active else actor
    membership_enrol(user=author, community=community)
    thread = discussion_services.thread_create(
        author=author,
        community=community,
        title=title,
        source=_workspace_text(challenge),
        tags=["challenge workspace"],
        rate_limited=False,
    )
    # In the same transaction as its first post: the live event sent on commit already
    # sees the restriction and stays out of the community feed.
    Thread.objects.filter(pk=thread.pk).update(restricted=True)
    challenge.workspace_thread = thread
    challenge.save(update_fields=["workspace_thread", "updated_at"])
    _sync_readers(challenge)


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
        _mail_on_commit(
            recipient=challenge.submitted_by.email,
            subject=(
                _("Your challenge “%(title)s” was selected")
                if chosen
                else _("The selection of %(round)s is announced")
            )
            % {"title": challenge.title, "round": str(programme_round)},
            body=(
                _(
                    "The commission selected your challenge “%(title)s”. A mentor and a team "
                    "will work on it with you; its workspace is linked from the challenge "
                    "page: %(url)s"
                )
                if chosen
                else _(
                    "Thank you for submitting “%(title)s”. The commission did not select it "
                    "this time; the selected challenges are on the round's page: %(url)s"
                )
            )
            % {
                "title": challenge.title,
                "url": absolute_url(
                    challenge.get_absolute_url() if chosen else programme_round.get_absolute_url()
                ),
            },
        )
    return selected


# Mentors and teams ------------------------------------------------------------------------


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
            _("A team can have at most %(max)d members.") % {"max": MAX_TEAM}, code="too_many"
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
        raise ServiceError(_("This person is not on the team."), code="not_member", status=400)
    _sync_readers(challenge)


# Outcomes ------------------------------------------------------------------------------------


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


# Rounds, their criteria and commission --------------------------------------------------------
#
# Coordinators set rounds up in the product. Nothing may change the meaning of what the
# commission already did: criteria are fixed once anyone has scored, and the limit, the
# call and the commission are fixed once the selection is announced.

MAX_ROUND_NUMBER = 999
MAX_SELECTED_LIMIT = 50
MAX_CRITERIA = 20
MAX_COMMISSION = 30
ROUND_FIELDS = (
    "number",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "call_deadline",
    "max_selected",
    "showcase_on",
    "showcase_place",
    "showcase_summary",
)
CRITERION_FIELDS = ("name", "description", "weight", "max_score")
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
            _("%(field)s can be at most %(max)d characters.")
            % {"field": capfirst(label), "max": max_length},
            code=code,
        )
    return text


def _paragraphs(value, *, max_length: int, label: str, code: str) -> str:
    text = str(value or "").replace("\x00", "").replace("\r\n", "\n").strip()
    if len(text) > max_length:
        raise ServiceError(
            _("%(field)s can be at most %(max)d characters.")
            % {"field": capfirst(label), "max": max_length},
            code=code,
        )
    return text


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _as_date(value, *, label: str, required: bool) -> date | None:
    if value in (None, ""):
        if required:
            raise ServiceError(_("Give %(field)s.") % {"field": label}, code="dates")
        return None
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    elif isinstance(value, str):
        try:
            value = date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, date):
        raise ServiceError(
            _("%(field)s is not a valid date.") % {"field": capfirst(label)}, code="dates"
        )
    return value


def _as_deadline(value) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, str):
        try:
            value = parse_datetime(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime):
        raise ServiceError(
            _("The deadline for challenges is not a valid date and time."), code="deadline"
        )
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def _same_minute(a: datetime | None, b: datetime | None) -> bool:
    """Forms show the deadline to the minute: the same minute keeps the stored value."""
    if a is None or b is None:
        return a is b
    return a.replace(second=0, microsecond=0) == b.replace(second=0, microsecond=0)


def _clean_round(fields: dict) -> dict:
    number = _whole_number(
        fields.get("number"),
        low=1,
        high=MAX_ROUND_NUMBER,
        message=_("The round's number must be a whole number from 1 to %(max)d.")
        % {"max": MAX_ROUND_NUMBER},
        code="number",
    )
    title = _line(fields.get("title"), max_length=200, label=_("the title"), code="title")
    if len(title) < 3:
        raise ServiceError(_("Give the round a title of at least three characters."), code="title")
    starts_on = _as_date(
        fields.get("starts_on"), label=_("the day the round starts"), required=True
    )
    ends_on = _as_date(fields.get("ends_on"), label=_("the day the round ends"), required=True)
    if ends_on < starts_on:
        raise ServiceError(
            _("The round ends (%(end)s) before it starts (%(start)s).")
            % {"end": _day(ends_on), "start": _day(starts_on)},
            code="end_before_start",
        )
    call_deadline = _as_deadline(fields.get("call_deadline"))
    if call_deadline is not None and timezone.localtime(call_deadline).date() > ends_on:
        raise ServiceError(
            _(
                "The deadline for challenges (%(deadline)s) is after the round ends (%(end)s): "
                "the call must close within the round."
            )
            % {
                "deadline": date_format(timezone.localtime(call_deadline), "DATETIME_FORMAT"),
                "end": _day(ends_on),
            },
            code="deadline",
        )
    max_selected = _whole_number(
        fields.get("max_selected"),
        low=1,
        high=MAX_SELECTED_LIMIT,
        message=_(
            "The number of challenges selected at most must be a whole number from 1 to %(max)d."
        )
        % {"max": MAX_SELECTED_LIMIT},
        code="max_selected",
    )
    showcase_on = _as_date(
        fields.get("showcase_on"), label=_("the day of the final showcase"), required=False
    )
    if showcase_on is not None and showcase_on < starts_on:
        raise ServiceError(
            _("The final showcase (%(showcase)s) cannot be before the round starts (%(start)s).")
            % {"showcase": _day(showcase_on), "start": _day(starts_on)},
            code="showcase_on",
        )
    return {
        "number": number,
        "title": title,
        "description": _paragraphs(
            fields.get("description"),
            max_length=5000,
            label=_("the description"),
            code="description",
        ),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "call_deadline": call_deadline,
        "max_selected": max_selected,
        "showcase_on": showcase_on,
        "showcase_place": _line(
            fields.get("showcase_place"),
            max_length=200,
            label=_("the showcase place"),
            code="showcase_place",
        ),
        "showcase_summary": _paragraphs(
            fields.get("showcase_summary"),
            max_length=5000,
            label=_("the showcase summary"),
            code="showcase_summary",
        ),
    }


def _number_taken(number: int) -> ServiceError:
    return ServiceError(
        _("The programme already has a round %(number)d: choose another number.")
        % {"number": number},
        code="number_taken",
    )


def _require_free_number(programme_id: int, number: int, *, exclude: int | None = None) -> None:
    taken = ProgrammeRound.objects.filter(programme_id=programme_id, number=number)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise _number_taken(number)


def _require_round_manager(actor: User, programme_round: ProgrammeRound) -> None:
    if not permissions.can_manage_round(actor, programme_round):
        raise ServiceError(
            _("Only the programme's coordinators can change the round's settings."),
            code="forbidden",
        )


@transaction.atomic
def round_create(
    *,
    actor: User,
    programme: ProgrammePage,
    number: int,
    title: str,
    description: str = "",
    starts_on: date,
    ends_on: date,
    call_deadline: datetime | None = None,
    max_selected: int = 5,
    showcase_on: date | None = None,
    showcase_place: str = "",
) -> ProgrammeRound:
    """A coordinator opens a new round of their programme (criteria and the commission
    are added next). Without a deadline the round takes no challenges."""
    if not permissions.can_create_round(actor, programme):
        raise ServiceError(
            _("Only the programme's coordinators can create rounds."), code="forbidden"
        )
    cleaned = _clean_round(
        {
            "number": number,
            "title": title,
            "description": description,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "call_deadline": call_deadline,
            "max_selected": max_selected,
            "showcase_on": showcase_on,
            "showcase_place": showcase_place,
        }
    )
    _require_free_number(programme.pk, cleaned["number"])
    try:
        with transaction.atomic():
            return ProgrammeRound.objects.create(programme_id=programme.pk, **cleaned)
    except IntegrityError:
        raise _number_taken(cleaned["number"]) from None


@transaction.atomic
def round_update(*, actor: User, programme_round: ProgrammeRound, **fields) -> ProgrammeRound:
    """Change a round's settings (only the fields given; the rest keep their values).
    The limit of selected challenges never goes below those already selected; once the
    selection is announced, the limit and the call no longer change."""
    if set(fields) - set(ROUND_FIELDS):
        raise ServiceError(_("Unknown round field."), code="invalid")
    programme_round = _locked_round(programme_round.pk)
    _require_round_manager(actor, programme_round)
    current = {name: getattr(programme_round, name) for name in ROUND_FIELDS}
    cleaned = _clean_round({**current, **fields})
    if _same_minute(cleaned["call_deadline"], current["call_deadline"]):
        cleaned["call_deadline"] = current["call_deadline"]
    changed = [name for name in ROUND_FIELDS if cleaned[name] != current[name]]
    if not changed:
        return programme_round
    if programme_round.selection_published_at is not None:
        frozen = {"max_selected", "call_deadline"} & set(changed)
        if frozen:
            raise ServiceError(
                _(
                    "The selection is announced: the deadline for challenges and the number "
                    "of challenges selected at most can no longer change."
                ),
                code="announced",
            )
    if "number" in changed:
        _require_free_number(
            programme_round.programme_id, cleaned["number"], exclude=programme_round.pk
        )
    if "max_selected" in changed:
        already = selected_count(programme_round)
        if cleaned["max_selected"] < already:
            raise ServiceError(
                ngettext(
                    "%(count)d challenge is already selected: unselect some before lowering "
                    "the limit to %(max)d.",
                    "%(count)d challenges are already selected: unselect some before lowering "
                    "the limit to %(max)d.",
                    already,
                )
                % {"count": already, "max": cleaned["max_selected"]},
                code="limit",
            )
    if (
        "call_deadline" in changed
        and cleaned["call_deadline"] is None
        and Challenge.objects.filter(round_id=programme_round.pk).exists()
    ):
        raise ServiceError(
            _(
                "Challenges were already submitted to this round, so it keeps its call: move "
                "the deadline instead of removing it."
            ),
            code="has_challenges",
        )
    for name in changed:
        setattr(programme_round, name, cleaned[name])
    try:
        with transaction.atomic():
            programme_round.save(update_fields=changed)
    except IntegrityError:
        raise _number_taken(cleaned["number"]) from None
    return programme_round


# Criteria


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
            _("A round can have at most %(max)d criteria.") % {"max": MAX_CRITERIA},
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


# The commission


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
            _("A commission can have at most %(max)d members.") % {"max": MAX_COMMISSION},
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
        raise ServiceError(
            _("This person is not on the commission."), code="not_member", status=400
        )
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
