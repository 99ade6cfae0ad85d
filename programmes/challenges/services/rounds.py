"""Rounds: coordinators create them and change their settings.

Coordinators set rounds up in the product. Nothing may change the meaning of what the
commission already did: criteria are fixed once anyone has scored, and the limit, the
call and the commission are fixed once the selection is announced.
"""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import User
from core.errors import ServiceError
from programmes import permissions
from programmes.challenges.services._common import (
    _line,
    _locked_round,
    _paragraphs,
    _require_round_manager,
    _whole_number,
)
from programmes.challenges.services.selection import selected_count
from programmes.models import (
    Challenge,
    ProgrammePage,
    ProgrammeRound,
)

MAX_ROUND_NUMBER = 999
MAX_SELECTED_LIMIT = 50
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
