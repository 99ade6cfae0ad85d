"""Coordinators' partner overview and record forms (thin adapters over the services)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import form_action, run
from programmes.models import PartnerParticipation, ProgrammePage
from programmes.partners import selectors, services
from programmes.partners.forms import PartnerRecordEditForm, PartnerRecordForm
from programmes.permissions import can_see_partner_records


def _programme_for_coordinator(request, programme_id: int) -> ProgrammePage:
    """The programme, or 404 for anyone who may not see its records (fees are private)."""
    programme = get_object_or_404(ProgrammePage.objects.live(), pk=programme_id)
    if not can_see_partner_records(request.user, programme):
        raise Http404
    return programme


def _overview_url(programme: ProgrammePage) -> str:
    return reverse("programmes:partners", kwargs={"programme_id": programme.pk})


@login_required
def partner_overview(request, programme_id: int):
    programme = _programme_for_coordinator(request, programme_id)
    return TemplateResponse(
        request,
        "programmes/partners/overview.html",
        {
            "programme": programme,
            "years": selectors.partner_overview(programme=programme),
            "form": PartnerRecordForm(
                initial={
                    "period_start": timezone.localdate().replace(month=1, day=1),
                    "period_end": timezone.localdate().replace(month=12, day=31),
                    "fee_amount": programme.annual_fee,
                    "currency": programme.fee_currency,
                }
            ),
        },
    )


@login_required
def partner_record_new(request, programme_id: int):
    programme = _programme_for_coordinator(request, programme_id)
    return form_action(
        request,
        PartnerRecordForm(request.POST or None),
        lambda data: services.partner_record_create(
            actor=request.user, programme=programme, **data
        ),
        success=lambda record: (
            _("%(organisation)s: the record for %(year)d is saved.")
            % {"organisation": record.organisation.name, "year": record.year}
        ),
        redirect_to=_overview_url(programme),
        render=lambda form, status: TemplateResponse(
            request,
            "programmes/partners/record_form.html",
            {"programme": programme, "form": form, "record": None},
            status=status,
        ),
    )


def _record_for_coordinator(request, record_id: int) -> PartnerParticipation:
    record = get_object_or_404(
        PartnerParticipation.objects.select_related("programme", "organisation"),
        pk=record_id,
        programme__live=True,
    )
    if not can_see_partner_records(request.user, record.programme):
        raise Http404
    return record


@login_required
def partner_record_edit(request, record_id: int):
    record = _record_for_coordinator(request, record_id)
    initial = {
        name: getattr(record, name)
        for name in ("period_start", "period_end", "fee_amount", "currency", "status", "note")
    }
    return form_action(
        request,
        PartnerRecordEditForm(request.POST or None, initial=initial),
        lambda data: services.partner_record_update(actor=request.user, record=record, **data),
        success=_("The record is updated."),
        redirect_to=_overview_url(record.programme),
        render=lambda form, status: TemplateResponse(
            request,
            "programmes/partners/record_form.html",
            {"programme": record.programme, "form": form, "record": record},
            status=status,
        ),
    )


@require_POST
@login_required
def partner_record_delete(request, record_id: int):
    record = _record_for_coordinator(request, record_id)
    programme = record.programme
    return run(
        request,
        lambda: services.partner_record_delete(actor=request.user, record=record),
        success=_("The record is deleted."),
        redirect_to=_overview_url(programme),
    )
