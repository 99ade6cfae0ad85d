"""Programmes in the Wagtail admin ("Programmes"): rounds, their challenges and staff
exchanges, with filters, search, inspect, history and CSV/XLSX exports for
coordinators. Read-only: rounds, selection and exchanges are run on the programme's
pages, through the programmes services."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.base import ViewSetGroup

from core.admin_views import ReadOnlyModelViewSet, register_view_only

from .models import Challenge, ChallengeStatus, Exchange, ExchangeStatus, ProgrammeRound

register_view_only(ProgrammeRound, Challenge, Exchange)


class RoundViewSet(ReadOnlyModelViewSet):
    model = ProgrammeRound
    icon = "calendar-alt"
    menu_label = _("Challenge rounds")
    form_fields = ["title"]
    list_display = [
        Column("__str__", label=_("round")),
        "programme",
        DateColumn("starts_on", label=_("starts")),
        DateColumn("ends_on", label=_("ends")),
        Column("challenge_count", label=_("challenges")),
        Column("selected_count", label=_("selected")),
        Column("exchange_count", label=_("exchanges")),
    ]
    list_filter = {"programme": ["exact"], "starts_on": ["gte", "lte"]}
    search_fields = ["title", "description"]
    list_export = [
        "programme",
        "number",
        "title",
        "starts_on",
        "ends_on",
        "call_deadline",
        "max_selected",
        "challenge_count",
        "selected_count",
        "exchange_count",
        "showcase_on",
    ]
    export_headings = {
        "challenge_count": _("Challenges"),
        "selected_count": _("Selected"),
        "exchange_count": _("Exchanges"),
    }
    export_filename = "challenge-rounds"
    inspect_view_fields = [
        "programme",
        "number",
        "title",
        "description",
        "starts_on",
        "ends_on",
        "call_deadline",
        "max_selected",
        "commission",
        "selection_published_at",
        "showcase_on",
        "showcase_place",
        "showcase_summary",
    ]

    def get_index_queryset(self):
        return ProgrammeRound.objects.select_related("programme").annotate(
            challenge_count=Count(
                "challenges",
                filter=~Q(challenges__status=ChallengeStatus.DRAFT),
                distinct=True,
            ),
            selected_count=Count(
                "challenges",
                filter=Q(challenges__status=ChallengeStatus.SELECTED),
                distinct=True,
            ),
            exchange_count=Count(
                "exchanges", filter=~Q(exchanges__status=ExchangeStatus.CANCELLED), distinct=True
            ),
        )


class ChallengeViewSet(ReadOnlyModelViewSet):
    model = Challenge
    icon = "tasks"
    menu_label = _("Challenges")
    form_fields = ["title"]
    list_display = [
        "title",
        "round",
        "organisation",
        "status",
        Column("mentor", label=_("mentor")),
        DateColumn("submitted_at", label=_("submitted")),
    ]
    list_filter = {"round": ["exact"], "status": ["exact"], "submitted_at": ["gte", "lte"]}
    search_fields = ["title", "problem", "change_sought"]
    list_export = [
        "round",
        "title",
        "organisation",
        "status",
        "contact_name",
        "contact_email",
        "affected_count",
        "mentor",
        "submitted_at",
        "selected_at",
        "people_reached",
    ]
    export_filename = "challenges"
    inspect_view_fields = [
        "round",
        "title",
        "organisation",
        "status",
        "problem",
        "change_sought",
        "affected",
        "affected_count",
        "help_wanted",
        "contact_name",
        "contact_email",
        "mentor",
        "submitted_at",
        "selected_at",
        "outcome",
        "people_reached",
    ]

    def get_index_queryset(self):
        return Challenge.objects.exclude(status=ChallengeStatus.DRAFT).select_related(
            "round", "organisation", "mentor"
        )


class ExchangeViewSet(ReadOnlyModelViewSet):
    model = Exchange
    icon = "group"
    menu_label = _("Staff exchanges")
    form_fields = ["topic"]
    list_display = [
        "participant_name",
        "home_organisation",
        "host_organisation",
        "round",
        "status",
        DateColumn("starts_on", label=_("from")),
        DateColumn("ends_on", label=_("until")),
    ]
    list_filter = {"round": ["exact"], "status": ["exact"], "starts_on": ["gte", "lte"]}
    search_fields = ["participant_name", "topic"]
    list_export = [
        "round",
        "participant_name",
        "home_organisation",
        "host_organisation",
        "topic",
        "starts_on",
        "ends_on",
        "length_days",
        "status",
    ]
    export_headings = {"length_days": _("Days")}
    export_filename = "staff-exchanges"
    inspect_view_fields = [
        "round",
        "participant_name",
        "home_organisation",
        "host_organisation",
        "topic",
        "starts_on",
        "ends_on",
        "status",
        "agreed_at",
        "done_at",
    ]

    def get_index_queryset(self):
        return Exchange.objects.select_related("round", "home_organisation", "host_organisation")


class ProgrammesViewSetGroup(ViewSetGroup):
    menu_label = _("Programmes")
    menu_icon = "globe"
    items = (
        RoundViewSet("challenge_rounds"),
        ChallengeViewSet("challenges"),
        ExchangeViewSet("staff_exchanges"),
    )


@hooks.register("register_admin_viewset")
def register_programmes_viewsets():
    return ProgrammesViewSetGroup()
