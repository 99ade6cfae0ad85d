"""The dashboards' links on lower apps' pages (the profile), decided in permissions."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dashboards.permissions import can_view_overview

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_overview_link(context) -> str:
    """A link to the cross-community dashboard for editors and programme coordinators."""
    request = context.get("request")
    if request is None or not can_view_overview(request.user):
        return ""
    return format_html(
        '<a class="button secondary" href="{}">{}</a>',
        reverse("dashboards:overview"),
        _("Participation dashboard"),
    )
