"""Meetings in the Wagtail admin: list (with attendance counts), filters, search,
inspect, history and a CSV/XLSX export for coordinators. Read-only: meetings are
planned and changed on the community's pages, through ``meetings.services``."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn

from core.admin_views import ReadOnlyModelViewSet, register_view_only

from .models import Meeting, RSVPStatus

register_view_only(Meeting)


class MeetingViewSet(ReadOnlyModelViewSet):
    model = Meeting
    icon = "date"
    menu_label = _("Meetings")
    form_fields = ["title"]
    list_display = [
        "title",
        "community",
        "format",
        DateColumn("starts_at", label=_("starts")),
        Column("going_count", label=_("going")),
        Column("waitlist_count", label=_("waiting list")),
    ]
    list_filter = {
        "community": ["exact"],
        "format": ["exact"],
        "audience": ["exact"],
        "starts_at": ["gte", "lte"],
    }
    search_fields = ["title", "description", "place"]
    list_export = [
        "title",
        "community",
        "format",
        "starts_at",
        "ends_at",
        "place",
        "capacity",
        "going_count",
        "waitlist_count",
    ]
    export_headings = {
        "going_count": _("Going"),
        "waitlist_count": _("Waiting list"),
    }
    export_filename = "meetings"
    inspect_view_fields = [
        "title",
        "community",
        "format",
        "audience",
        "starts_at",
        "ends_at",
        "time_zone",
        "place",
        "online_url",
        "capacity",
        "language",
        "description",
        "harvest_decisions",
        "harvest_lessons",
        "harvest_follow_ups",
    ]

    def get_index_queryset(self):
        return Meeting.objects.select_related("community").annotate(
            going_count=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.GOING)),
            waitlist_count=Count("rsvps", filter=Q(rsvps__status=RSVPStatus.WAITING)),
        )


@hooks.register("register_admin_viewset")
def register_meetings_viewset():
    return MeetingViewSet("meetings")
