"""The dashboards' pages and their CSV exports (reads only: nothing to write)."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify

from communities.models import CommunityPage
from dashboards import selectors, tables
from dashboards.permissions import (
    access_community_dashboard,
    access_overview,
    can_see_facilitation_measures,
    can_view_overview,
    dashboard_communities,
    overview_communities,
)
from dashboards.programme_selectors import programme_view


def _period(request) -> str:
    period = request.GET.get("period", selectors.DEFAULT_PERIOD)
    return period if period in selectors.PERIODS else selectors.DEFAULT_PERIOD


def _csv(request, built, *, name: str, suffix: str):
    """The table the ``export`` parameter names, as CSV (None: no export asked)."""
    wanted = request.GET.get("export")
    if not wanted:
        return None
    table = next((t for t in built if t.key == wanted), None)
    if table is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{slugify(name) or 'dashboard'}-{table.key}-{suffix}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return response


def _answer(request, *, template, name, dash, context, overview):
    built = tables.build(dash, overview=overview)
    exported = _csv(request, built, name=name, suffix=dash.period)
    if exported is not None:
        return exported
    periods = [
        {"key": key, "label": label, "current": key == dash.period}
        for key, (label, _days) in selectors.PERIODS.items()
    ]
    return render(
        request,
        template,
        {
            **context,
            "dash": dash,
            "tables": built,
            "periods": periods,
            "export_query": f"period={dash.period}&",
        },
    )


@login_required
def community_dashboard(request, community_id: int):
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    access_community_dashboard(request.user, community)
    facilitation = can_see_facilitation_measures(request.user, community)
    dash = selectors.dashboard(
        community_ids=[community.pk], period=_period(request), facilitation=facilitation
    )
    return _answer(
        request,
        template="dashboards/community.html",
        name=community.title,
        dash=dash,
        context={"community": community, "facilitation": facilitation},
        overview=False,
    )


@login_required
def overview(request):
    access_overview(request.user)
    ids = list(overview_communities(request.user).values_list("pk", flat=True))
    dash = selectors.dashboard(community_ids=ids, period=_period(request), facilitation=True)
    return _answer(
        request,
        template="dashboards/overview.html",
        name="praxis",
        dash=dash,
        context={"facilitation": True},
        overview=True,
    )


@login_required
def programmes(request):
    access_overview(request.user)
    try:
        programme_id = int(request.GET.get("programme") or 0) or None
    except ValueError:
        programme_id = None
    ids = list(overview_communities(request.user).values_list("pk", flat=True))
    view = programme_view(user=request.user, programme_id=programme_id, community_ids=ids)
    built = tables.build_programmes(view)
    current = next((p for p in view.programmes if p["pk"] == view.current), None)
    exported = _csv(
        request, built, name=current["title"] if current else "programmes", suffix="by-year"
    )
    if exported is not None:
        return exported
    return render(
        request,
        "dashboards/programmes.html",
        {
            "view": view,
            "tables": built,
            "current_programme": current,
            "export_query": f"programme={view.current}&" if view.current else "",
        },
    )


@login_required
def mine(request):
    """The header's link: the cross-community dashboard for those who may see it, else the
    dashboard of the one community one facilitates, or a list of them."""
    if can_view_overview(request.user):
        return redirect("dashboards:overview")
    communities = list(dashboard_communities(request.user).order_by("title"))
    if not communities:
        raise Http404
    if len(communities) == 1:
        return redirect(reverse("dashboards:community", kwargs={"community_id": communities[0].pk}))
    return render(request, "dashboards/mine.html", {"communities": communities})
