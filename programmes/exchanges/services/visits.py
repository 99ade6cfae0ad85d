"""Study visits: their programme items and participants."""

from __future__ import annotations

from datetime import date, time

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import Organisation, User
from core.errors import ServiceError
from core.text import long_text
from programmes.exchanges.services._common import (
    MAX_VISIT_DAYS,
    _check_dates,
    _day,
    _require_active_user,
    _required_text,
)
from programmes.models import (
    ProgrammePage,
    ProgrammeRound,
    StudyVisit,
    StudyVisitItem,
)
from programmes.permissions import (
    can_manage_visit,
    is_coordinator,
)


def _clean_visit_fields(
    *,
    programme: ProgrammePage,
    title: str,
    purpose: str,
    destination: str,
    starts_on: date | None,
    ends_on: date | None,
    programme_round: ProgrammeRound | None,
) -> dict:
    title = _required_text(
        title, max_length=200, message=_("Give the visit a title of at least three characters.")
    )
    purpose = long_text(purpose, max_length=3000)
    if len(purpose) < 10:
        raise ServiceError(_("Say in a sentence or two what the visit is for."), code="purpose")
    destination = _required_text(
        destination, max_length=200, message=_("Give the visit's destination."), min_length=2
    )
    _check_dates(starts_on, ends_on, max_days=MAX_VISIT_DAYS)
    if programme_round is not None and programme_round.programme_id != programme.pk:
        raise ServiceError(_("Choose a round of this programme."), code="round")
    return {
        "title": title,
        "purpose": purpose,
        "destination": destination,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "round": programme_round,
    }


def _require_visit_manager(actor: User, programme: ProgrammePage) -> None:
    if not is_coordinator(actor, programme):
        raise ServiceError(
            _("Only the programme's coordinators can manage study visits."), code="forbidden"
        )


@transaction.atomic
def visit_create(
    *,
    actor: User,
    programme: ProgrammePage,
    title: str,
    purpose: str,
    destination: str,
    starts_on: date | None,
    ends_on: date | None,
    programme_round: ProgrammeRound | None = None,
    host_organisations: list[Organisation] | None = None,
) -> StudyVisit:
    _require_visit_manager(actor, programme)
    fields = _clean_visit_fields(
        programme=programme,
        title=title,
        purpose=purpose,
        destination=destination,
        starts_on=starts_on,
        ends_on=ends_on,
        programme_round=programme_round,
    )
    visit = StudyVisit.objects.create(programme=programme, created_by=actor, **fields)
    if host_organisations:
        visit.host_organisations.set(host_organisations)
    return visit


def _locked_visit(visit: StudyVisit) -> StudyVisit:
    return StudyVisit.objects.select_for_update().select_related("programme").get(pk=visit.pk)


@transaction.atomic
def visit_update(
    *,
    actor: User,
    visit: StudyVisit,
    title: str,
    purpose: str,
    destination: str,
    starts_on: date | None,
    ends_on: date | None,
    programme_round: ProgrammeRound | None = None,
    host_organisations: list[Organisation] | None = None,
) -> StudyVisit:
    visit = _locked_visit(visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    fields = _clean_visit_fields(
        programme=visit.programme,
        title=title,
        purpose=purpose,
        destination=destination,
        starts_on=starts_on,
        ends_on=ends_on,
        programme_round=programme_round,
    )
    outside = visit.items.exclude(day__range=(starts_on, ends_on)).count()
    if outside:
        raise ServiceError(
            ngettext(
                "%(count)d meeting of the visit's programme falls outside the new dates: "
                "move or remove it first.",
                "%(count)d meetings of the visit's programme fall outside the new dates: "
                "move or remove them first.",
                outside,
            )
            % {"count": outside},
            code="items_outside",
        )
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.save()
    if host_organisations is not None:
        visit.host_organisations.set(host_organisations)
    return visit


@transaction.atomic
def visit_item_add(
    *,
    actor: User,
    visit: StudyVisit,
    day: date | None,
    title: str,
    starts_at: time | None = None,
    description: str = "",
    host_organisation: Organisation | None = None,
) -> StudyVisitItem:
    visit = _locked_visit(visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    if day is None or not visit.starts_on <= day <= visit.ends_on:
        raise ServiceError(
            _("A meeting of the visit takes place between %(start)s and %(end)s.")
            % {"start": _day(visit.starts_on), "end": _day(visit.ends_on)},
            code="day",
        )
    title = _required_text(
        title,
        max_length=200,
        message=_("Give the meeting a title of at least three characters."),
    )
    return StudyVisitItem.objects.create(
        visit=visit,
        day=day,
        starts_at=starts_at,
        title=title,
        description=long_text(description, max_length=2000),
        host_organisation=host_organisation,
    )


@transaction.atomic
def visit_item_remove(*, actor: User, item: StudyVisitItem) -> None:
    visit = _locked_visit(item.visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    StudyVisitItem.objects.filter(pk=item.pk, visit=visit).delete()


@transaction.atomic
def visit_participant_add(*, actor: User, visit: StudyVisit, user: User | None) -> StudyVisit:
    visit = _locked_visit(visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    _require_active_user(user, message=_("Choose a person with an active account."))
    if visit.participants.filter(pk=user.pk).exists():
        raise ServiceError(
            _("%(name)s already takes part in this visit.") % {"name": user.name},
            code="duplicate",
        )
    visit.participants.add(user)
    return visit


@transaction.atomic
def visit_participant_remove(*, actor: User, visit: StudyVisit, user: User) -> StudyVisit:
    visit = _locked_visit(visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    if not visit.participants.filter(pk=user.pk).exists():
        raise ServiceError(_("This person does not take part in the visit."), code="missing")
    if visit.reports.filter(author=user).exists():
        raise ServiceError(
            _("%(name)s has written a report on this visit and stays on its list.")
            % {"name": user.name},
            code="has_report",
        )
    visit.participants.remove(user)
    return visit
