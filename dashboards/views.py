"""The dashboards' pages and their CSV exports (reads only: nothing to write)."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from communities.models import CommunityPage
from dashboards import selectors, tables
from dashboards.permissions import (
    access_community_dashboard,
    access_overview,
    can_see_facilitation_measures,
    overview_communities,
)


def _period(request) -> str:
    period = request.GET.get("period", selectors.DEFAULT_PERIOD)
    return period if period in selectors.PERIODS else selectors.DEFAULT_PERIOD


def _answer(request, *, template, name, dash, context, overview):
    built = tables.build(dash, overview=overview)
    wanted = request.GET.get("export")
    if wanted:
        table = next((t for t in built if t.key == wanted), None)
        if table is None:
            raise Http404
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        filename = f"{slugify(name) or 'dashboard'}-{table.key}-{dash.period}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        writer = csv.writer(response)
        writer.writerow(table.headers)
        writer.writerows(table.rows)
        return response
    periods = [
        {"key": key, "label": label, "current": key == dash.period}
        for key, (label, _days) in selectors.PERIODS.items()
    ]
    return render(
        request,
        template,
        {**context, "dash": dash, "tables": built, "periods": periods},
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
