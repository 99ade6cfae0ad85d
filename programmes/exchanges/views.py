"""Thin views: parse the request, call a selector or a service, render or redirect.

Writes go through ``core.views``: a form that does not validate answers 400, a refused
write (``ServiceError``) re-renders the page with its message and the error's status; what
one may not see is a 404.
"""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from communities.models import CommunityPage, MembershipStatus, User
from core.views import form_action, run
from programmes.exchanges import forms, selectors, services
from programmes.models import (
    ExchangeOffer,
    ExchangeStatus,
    ExperienceReport,
    ProgrammePage,
    ProgrammeRound,
    StudyVisitItem,
)
from programmes.permissions import (
    access_exchange,
    can_apply,
    can_manage_offer,
    can_manage_visit,
    can_offer_exchange,
    can_see_exchange_list,
    is_coordinator,
    is_round_coordinator,
)

# Lookups ------------------------------------------------------------------------------------


def _round_or_404(round_id: int) -> ProgrammeRound:
    return get_object_or_404(
        ProgrammeRound.objects.select_related("programme"), pk=round_id, programme__live=True
    )


def _coordinated_round_or_404(request, round_id: int) -> ProgrammeRound:
    programme_round = _round_or_404(round_id)
    if not can_see_exchange_list(request.user, programme_round):
        raise Http404
    return programme_round


def _offer_or_404(offer_id: int) -> ExchangeOffer:
    offer = selectors.offer_for_page(offer_id)
    if offer is None or not offer.round.programme.live:
        raise Http404
    return offer


def _exchange_or_404(request, exchange_id: int):
    exchange = selectors.exchange_for_page(exchange_id)
    if exchange is None or not exchange.round.programme.live:
        raise Http404
    access_exchange(request.user, exchange)
    return exchange


def _visit_or_404(visit_id: int):
    visit = selectors.visit_for_page(visit_id)
    if visit is None:
        raise Http404
    return visit


def _managed_visit_or_404(request, visit_id: int):
    visit = _visit_or_404(visit_id)
    if not can_manage_visit(request.user, visit):
        raise Http404
    return visit


def _postable_communities(user):
    return (
        CommunityPage.objects.live()
        .filter(memberships__user=user, memberships__status=MembershipStatus.ACTIVE)
        .order_by("title")
        .distinct()
    )


def _dates(data: dict) -> dict:
    return {"starts_on": data.get("starts_on"), "ends_on": data.get("ends_on")}


# Offers -------------------------------------------------------------------------------------


def offer_list(request, round_id: int):
    programme_round = _round_or_404(round_id)
    offers = selectors.offers_for_round(programme_round=programme_round)
    user = request.user
    for offer in offers:
        offer.user_can_apply = can_apply(user, offer)
    return TemplateResponse(
        request,
        "programmes/exchanges/offer_list.html",
        {
            "programme_round": programme_round,
            "programme": programme_round.programme,
            "offers": offers,
            "can_offer": can_offer_exchange(user, programme_round),
            "can_see_list": can_see_exchange_list(user, programme_round),
            "statistics": selectors.exchange_statistics(programme_round),
            "apply_form": forms.ApplyForm(),
        },
    )


def _offer_fields(data: dict) -> dict:
    return {
        "topic": data["topic"],
        "description": data["description"],
        "host_department": data.get("host_department") or "",
        "starts_on": data.get("starts_on"),
        "ends_on": data.get("ends_on"),
        "duration_days": data.get("duration_days"),
        "places": data["places"],
        "contact": data.get("contact"),
    }


@login_required
def offer_create(request, round_id: int):
    programme_round = _round_or_404(round_id)
    if not can_offer_exchange(request.user, programme_round):
        raise Http404
    coordinator = is_round_coordinator(request.user, programme_round)
    form = forms.OfferForm(
        request.POST or None,
        coordinator=coordinator,
        initial={"places": 1, "duration_days": 5},
    )
    return form_action(
        request,
        form,
        lambda data: services.offer_create(
            actor=request.user,
            programme_round=programme_round,
            host_organisation=data.get("host_organisation"),
            **_offer_fields(data),
        ),
        success=_("Your exchange offer is published."),
        redirect_to=lambda offer: reverse(
            "programmes:exchange_offer", kwargs={"offer_id": offer.pk}
        ),
        render=lambda form, status: TemplateResponse(
            request,
            "programmes/exchanges/offer_form.html",
            {"form": form, "programme_round": programme_round, "offer": None},
            status=status,
        ),
    )


def _offer_page(request, offer, *, apply_form=None, status=200):
    context = selectors.offer_page_context(offer=offer, user=request.user)
    context["can_apply"] = can_apply(request.user, offer)
    context["apply_form"] = apply_form or forms.ApplyForm()
    return TemplateResponse(
        request, "programmes/exchanges/offer_detail.html", context, status=status
    )


def offer_detail(request, offer_id: int):
    return _offer_page(request, _offer_or_404(offer_id))


@login_required
def offer_edit(request, offer_id: int):
    offer = _offer_or_404(offer_id)
    if not can_manage_offer(request.user, offer):
        raise Http404
    initial = {
        "host_department": offer.host_department,
        "topic": offer.topic,
        "description": offer.description,
        "starts_on": offer.starts_on,
        "ends_on": offer.ends_on,
        "duration_days": offer.duration_days,
        "places": offer.places,
        "contact": offer.contact.username,
    }
    return form_action(
        request,
        forms.OfferForm(request.POST or None, initial=initial),
        lambda data: services.offer_update(actor=request.user, offer=offer, **_offer_fields(data)),
        success=_("The offer is updated."),
        redirect_to=reverse("programmes:exchange_offer", kwargs={"offer_id": offer.pk}),
        render=lambda form, status: TemplateResponse(
            request,
            "programmes/exchanges/offer_form.html",
            {"form": form, "programme_round": offer.round, "offer": offer},
            status=status,
        ),
    )


@require_POST
@login_required
def offer_open_or_close(request, offer_id: int, action: str):
    offer = _offer_or_404(offer_id)
    if not can_manage_offer(request.user, offer):
        raise Http404
    service = services.offer_close if action == "close" else services.offer_reopen
    return run(
        request,
        lambda: service(actor=request.user, offer=offer),
        success=_("The offer is closed: it takes no more applications.")
        if action == "close"
        else _("The offer is open for applications again."),
        redirect_to=reverse("programmes:exchange_offer", kwargs={"offer_id": offer.pk}),
        on_error=lambda error: _offer_page(request, _offer_or_404(offer_id)),
    )


@require_POST
@login_required
def exchange_apply(request, offer_id: int):
    offer = _offer_or_404(offer_id)
    return form_action(
        request,
        forms.ApplyForm(request.POST),
        lambda data: services.exchange_apply(
            actor=request.user, offer=offer, message=data["message"], **_dates(data)
        ),
        success=_("You have applied. The host's contact person confirms next."),
        redirect_to=lambda exchange: reverse(
            "programmes:exchange", kwargs={"exchange_id": exchange.pk}
        ),
        render=lambda form, status: _offer_page(request, offer, apply_form=form, status=status),
    )


# Exchanges ----------------------------------------------------------------------------------


@login_required
def my_exchanges(request):
    return TemplateResponse(
        request,
        "programmes/exchanges/my_exchanges.html",
        {"exchanges": selectors.my_exchanges(user=request.user)},
    )


def _exchange_page(request, exchange, *, status=200, report_form=None, post_form=None):
    context = selectors.exchange_page_context(exchange=exchange, user=request.user)
    context["sides"] = services.sides_to_confirm(request.user, exchange)
    if context["my_report"] and context["my_report"].thread_id is None:
        context["post_form"] = post_form or forms.PostReportForm(
            communities=_postable_communities(request.user)
        )
    return TemplateResponse(
        request, "programmes/exchanges/exchange_detail.html", context, status=status
    )


def exchange_detail(request, exchange_id: int):
    return _exchange_page(request, _exchange_or_404(request, exchange_id))


@require_POST
@login_required
def exchange_confirm(request, exchange_id: int):
    exchange = _exchange_or_404(request, exchange_id)
    before = exchange.status

    def confirmed(exchange) -> str:
        if exchange.status == ExchangeStatus.AGREED and before == ExchangeStatus.PROPOSED:
            return _("Both sides have confirmed: the exchange is agreed.")
        if exchange.status == ExchangeStatus.DONE:
            return _(
                "Both sides have confirmed it took place: the exchange is done. Write your report."
            )
        return _("Thank you: now the other side confirms.")

    return run(
        request,
        lambda: services.exchange_confirm(actor=request.user, exchange=exchange),
        success=confirmed,
        redirect_to=reverse("programmes:exchange", kwargs={"exchange_id": exchange.pk}),
        on_error=lambda error: _exchange_page(request, _exchange_or_404(request, exchange_id)),
    )


@require_POST
@login_required
def exchange_cancel(request, exchange_id: int):
    exchange = _exchange_or_404(request, exchange_id)
    return run(
        request,
        lambda: services.exchange_cancel(actor=request.user, exchange=exchange),
        success=_("The exchange is cancelled."),
        redirect_to=reverse("programmes:exchange", kwargs={"exchange_id": exchange.pk}),
        on_error=lambda error: _exchange_page(request, _exchange_or_404(request, exchange_id)),
    )


@login_required
def exchange_report(request, exchange_id: int):
    exchange = _exchange_or_404(request, exchange_id)
    context = selectors.exchange_page_context(exchange=exchange, user=request.user)
    back = reverse("programmes:exchange", kwargs={"exchange_id": exchange.pk})
    if context["my_report"] is not None:
        return HttpResponseRedirect(back)
    return form_action(
        request,
        forms.ReportForm(request.POST or None),
        lambda data: services.report_write(actor=request.user, exchange=exchange, **data),
        success=_("Your report is saved. You can post it to one of your communities."),
        redirect_to=back + "#reports",
        render=lambda form, status: TemplateResponse(
            request,
            "programmes/exchanges/report_form.html",
            {
                "form": form,
                "exchange": exchange,
                "visit": None,
                "can_report": context["can_report"],
                "back_url": back,
            },
            status=status,
        ),
    )


# Coordinators: matching, recording, the list and the CSV files --------------------------------


@login_required
def exchange_manage(request, round_id: int):
    programme_round = _coordinated_round_or_404(request, round_id)
    return TemplateResponse(
        request,
        "programmes/exchanges/exchange_manage.html",
        {
            "programme_round": programme_round,
            "programme": programme_round.programme,
            "exchanges": selectors.exchanges_for_coordinator(
                programme_round=programme_round, user=request.user
            ),
            "statistics": selectors.exchange_statistics(programme_round),
        },
    )


def _pair_fields(data: dict) -> dict:
    return {
        "participant": data.get("participant"),
        "participant_name": data.get("participant_name") or "",
        "home_organisation": data.get("home_organisation"),
        "host_organisation": data.get("host_organisation"),
        "host_contact": data.get("host_contact"),
        "topic": data.get("topic") or "",
        **_dates(data),
    }


@login_required
def exchange_pair(request, round_id: int, mode: str):
    """The coordinator's matching form (``mode="match"``) or recording form (``"record"``)."""
    programme_round = _coordinated_round_or_404(request, round_id)
    if mode == "match":
        form = forms.MatchForm(request.POST or None, programme_round=programme_round)
    else:
        form = forms.RecordForm(request.POST or None)

    def pair(data):
        if mode == "match":
            return services.exchange_match(
                actor=request.user,
                programme_round=programme_round,
                offer=data.get("offer"),
                **_pair_fields(data),
            )
        return services.exchange_record(
            actor=request.user,
            programme_round=programme_round,
            status=data["status"],
            **_pair_fields(data),
        )

    return form_action(
        request,
        form,
        pair,
        success=_("The exchange is proposed: both sides confirm it next.")
        if mode == "match"
        else _("The exchange is recorded."),
        redirect_to=lambda exchange: reverse(
            "programmes:exchange", kwargs={"exchange_id": exchange.pk}
        ),
        render=lambda form, status: TemplateResponse(
            request,
            "programmes/exchanges/pair_form.html",
            {
                "form": form,
                "mode": mode,
                "programme_round": programme_round,
                "programme": programme_round.programme,
            },
            status=status,
        ),
    )


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> object:
    """Neutralise spreadsheet formulas: a text cell starting with = + - @ (or a tab or
    carriage return) gets a leading apostrophe, so spreadsheets show it as text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _csv_response(filename: str, rows: list[list], *, private: bool) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")  # so spreadsheets read the file as UTF-8
    writer = csv.writer(response)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return response


def _csv_name(programme_round: ProgrammeRound, what: str) -> str:
    slug = programme_round.programme.slug or "programme"
    return f"{slug}-round-{programme_round.number}-{what}.csv"


def statistics_csv(request, round_id: int):
    """The public figures: no names."""
    programme_round = _round_or_404(round_id)
    figures = selectors.exchange_statistics(programme_round)
    rows = [
        [_("Figure"), _("Value")],
        [_("Programme"), programme_round.programme.title],
        [pgettext("round of a programme", "Round"), str(programme_round)],
        [_("Exchanges counted"), _("agreed or done")],
        [_("Exchanges agreed"), figures.agreed],
        [_("Exchanges done"), figures.done],
        [_("Public bodies taking part"), figures.public_bodies],
        [_("Employees of public bodies exchanged"), figures.public_employees],
        [_("Companies taking part"), figures.companies],
        [_("Employees of companies exchanged"), figures.company_employees],
        [_("Other organisations taking part"), figures.other_organisations],
        [_("Employees of other organisations exchanged"), figures.other_employees],
        [_("People exchanged in all"), figures.people],
        [
            _("Average length in days"),
            "" if figures.average_days is None else f"{figures.average_days:.1f}",
        ],
    ]
    return _csv_response(_csv_name(programme_round, "exchange-statistics"), rows, private=False)


@login_required
def exchange_list_csv(request, round_id: int):
    """Who went where: coordinators only."""
    programme_round = _coordinated_round_or_404(request, round_id)
    rows = [
        [
            _("Participant"),
            _("Home organisation"),
            _("Home organisation type"),
            _("Host organisation"),
            _("Host organisation type"),
            _("Host contact"),
            _("Topic"),
            _("From"),
            _("Until"),
            _("Days"),
            _("Status"),
        ]
    ]
    for exchange in selectors.exchanges_for_coordinator(
        programme_round=programme_round, user=request.user
    ):
        rows.append(
            [
                exchange.participant_name,
                exchange.home_organisation.name,
                exchange.home_organisation.get_type_display(),
                exchange.host_organisation.name,
                exchange.host_organisation.get_type_display(),
                exchange.host_contact.name if exchange.host_contact else "",
                exchange.topic,
                exchange.starts_on.isoformat(),
                exchange.ends_on.isoformat(),
                exchange.length_days,
                exchange.get_status_display(),
            ]
        )
    return _csv_response(_csv_name(programme_round, "exchanges"), rows, private=True)


# Reports ------------------------------------------------------------------------------------


@require_POST
@login_required
def report_post(request, report_id: int):
    report = get_object_or_404(
        ExperienceReport.objects.select_related("exchange", "visit"),
        pk=report_id,
        author=request.user,
    )
    communities = _postable_communities(request.user)

    def again(form, status):
        # The post form is small and sits low on the page: its errors show as messages too.
        for error in form.errors.get("__all__", []) + form.errors.get("community", []):
            messages.error(request, error)
        if report.exchange_id:
            return _exchange_page(
                request,
                _exchange_or_404(request, report.exchange_id),
                status=status,
                post_form=form,
            )
        return _visit_page(request, _visit_or_404(report.visit_id), status=status, post_form=form)

    return form_action(
        request,
        forms.PostReportForm(request.POST, communities=communities),
        lambda data: services.report_post_to_community(
            actor=request.user, report=report, community=data["community"]
        ),
        success=_("Your report is posted as a thread in the community."),
        redirect_to=lambda report: report.thread.get_absolute_url(),
        render=again,
    )


# Study visits -------------------------------------------------------------------------------


def _visit_page(request, visit, *, status=200, post_form=None):
    context = selectors.visit_page_context(visit=visit, user=request.user)
    if context["my_report"] and context["my_report"].thread_id is None:
        context["post_form"] = post_form or forms.PostReportForm(
            communities=_postable_communities(request.user)
        )
    return TemplateResponse(
        request, "programmes/exchanges/visit_detail.html", context, status=status
    )


def visit_detail(request, visit_id: int):
    return _visit_page(request, _visit_or_404(visit_id))


def _visit_fields(data: dict) -> dict:
    return {
        "title": data["title"],
        "purpose": data["purpose"],
        "destination": data["destination"],
        "programme_round": data.get("round"),
        "host_organisations": list(data.get("host_organisations") or []),
        **_dates(data),
    }


@login_required
def visit_create(request, programme_id: int):
    programme = get_object_or_404(ProgrammePage.objects.live(), pk=programme_id)
    if not is_coordinator(request.user, programme):
        raise Http404
    return form_action(
        request,
        forms.VisitForm(request.POST or None, programme=programme),
        lambda data: services.visit_create(
            actor=request.user, programme=programme, **_visit_fields(data)
        ),
        success=_("The study visit is created: add its meetings and participants."),
        redirect_to=lambda visit: reverse("programmes:visit_manage", kwargs={"visit_id": visit.pk}),
        render=lambda form, status: TemplateResponse(
            request,
            "programmes/exchanges/visit_form.html",
            {"form": form, "programme": programme, "visit": None},
            status=status,
        ),
    )


def _manage_page(request, visit, *, status=200, **forms_given):
    context = selectors.visit_page_context(visit=visit, user=request.user)
    context.update(
        {
            "visit_form": forms_given.get("visit_form")
            or forms.VisitForm(
                programme=visit.programme,
                initial={
                    "title": visit.title,
                    "purpose": visit.purpose,
                    "destination": visit.destination,
                    "starts_on": visit.starts_on,
                    "ends_on": visit.ends_on,
                    "round": visit.round_id,
                    "host_organisations": [o.pk for o in context["hosts"]],
                },
            ),
            "item_form": forms_given.get("item_form")
            or forms.VisitItemForm(initial={"day": visit.starts_on}),
            "participant_form": forms_given.get("participant_form") or forms.ParticipantForm(),
        }
    )
    return TemplateResponse(
        request, "programmes/exchanges/visit_manage.html", context, status=status
    )


@login_required
def visit_manage(request, visit_id: int):
    return _manage_page(request, _managed_visit_or_404(request, visit_id))


def _manage_url(visit) -> str:
    return reverse("programmes:visit_manage", kwargs={"visit_id": visit.pk})


@require_POST
@login_required
def visit_edit(request, visit_id: int):
    visit = _managed_visit_or_404(request, visit_id)
    return form_action(
        request,
        forms.VisitForm(request.POST, programme=visit.programme),
        lambda data: services.visit_update(actor=request.user, visit=visit, **_visit_fields(data)),
        success=_("The study visit is updated."),
        redirect_to=_manage_url(visit),
        render=lambda form, status: _manage_page(
            request, _managed_visit_or_404(request, visit_id), visit_form=form, status=status
        ),
    )


@require_POST
@login_required
def visit_item_add(request, visit_id: int):
    visit = _managed_visit_or_404(request, visit_id)
    return form_action(
        request,
        forms.VisitItemForm(request.POST),
        lambda data: services.visit_item_add(actor=request.user, visit=visit, **data),
        success=_("The meeting is added to the visit's programme."),
        redirect_to=_manage_url(visit) + "#programme",
        render=lambda form, status: _manage_page(request, visit, item_form=form, status=status),
    )


@require_POST
@login_required
def visit_item_remove(request, visit_id: int, item_id: int):
    visit = _managed_visit_or_404(request, visit_id)
    item = get_object_or_404(StudyVisitItem, pk=item_id, visit=visit)
    return run(
        request,
        lambda: services.visit_item_remove(actor=request.user, item=item),
        success=_("The meeting is removed from the visit's programme."),
        redirect_to=_manage_url(visit) + "#programme",
        on_error=lambda error: _manage_page(request, visit),
    )


@require_POST
@login_required
def visit_participant_add(request, visit_id: int):
    visit = _managed_visit_or_404(request, visit_id)
    return form_action(
        request,
        forms.ParticipantForm(request.POST),
        lambda data: services.visit_participant_add(
            actor=request.user, visit=visit, user=data["user"]
        ),
        success=_("The participant is added."),
        redirect_to=_manage_url(visit) + "#participants",
        render=lambda form, status: _manage_page(
            request, visit, participant_form=form, status=status
        ),
    )


@require_POST
@login_required
def visit_participant_remove(request, visit_id: int, user_id: int):
    visit = _managed_visit_or_404(request, visit_id)
    user = get_object_or_404(User, pk=user_id)
    return run(
        request,
        lambda: services.visit_participant_remove(actor=request.user, visit=visit, user=user),
        success=_("The participant is removed."),
        redirect_to=_manage_url(visit) + "#participants",
        on_error=lambda error: _manage_page(request, visit),
    )


@login_required
def visit_report(request, visit_id: int):
    visit = _visit_or_404(visit_id)
    context = selectors.visit_page_context(visit=visit, user=request.user)
    back = reverse("programmes:visit", kwargs={"visit_id": visit.pk})
    if context["my_report"] is not None:
        return HttpResponseRedirect(back)
    return form_action(
        request,
        forms.ReportForm(request.POST or None),
        lambda data: services.report_write(actor=request.user, visit=visit, **data),
        success=_("Your report is saved. You can post it to one of your communities."),
        redirect_to=back + "#reports",
        render=lambda form, status: TemplateResponse(
            request,
            "programmes/exchanges/report_form.html",
            {
                "form": form,
                "exchange": None,
                "visit": visit,
                "can_report": context["can_report"],
                "back_url": back,
            },
            status=status,
        ),
    )
