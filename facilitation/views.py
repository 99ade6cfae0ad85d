"""The charter and health-check pages: thin adapters over the services (``core.views``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from communities.models import CommunityPage
from core.views import form_action
from facilitation import selectors, services
from facilitation.forms import CharterForm, HealthCheckForm
from facilitation.health import DIMENSIONS, STAGE_DESCRIPTIONS
from facilitation.permissions import (
    access_charter,
    access_charter_edit,
    access_health,
    access_health_record,
    can_edit_charter,
    can_record_health,
)


def _community(community_id: int) -> CommunityPage:
    return get_object_or_404(CommunityPage.objects.live(), pk=community_id)


@login_required
def charter_edit(request, community_id: int):
    community = _community(community_id)
    access_charter_edit(request.user, community)
    charter = selectors.charter_for(community)
    form = CharterForm(request.POST or None, instance=charter)
    return form_action(
        request,
        form,
        lambda data: services.charter_save(actor=request.user, community=community, **data),
        success=_("The charter was saved."),
        redirect_to=f"{community.url}#charter-title",
        render=lambda form, status: render(
            request,
            "facilitation/charter_edit.html",
            {"community": community, "charter": charter, "form": form},
            status=status,
        ),
    )


@require_safe
def charter_history(request, community_id: int):
    community = _community(community_id)
    access_charter(request.user, community)
    charter = selectors.charter_for(community)
    if charter is None:
        raise Http404
    return render(
        request,
        "facilitation/charter_history.html",
        {
            "community": community,
            "charter": charter,
            "revisions": selectors.charter_revisions(charter),
            "can_edit": can_edit_charter(request.user, community),
        },
    )


@require_safe
def charter_revision(request, community_id: int, number: int):
    community = _community(community_id)
    access_charter(request.user, community)
    charter = selectors.charter_for(community)
    pair = selectors.charter_revision_pair(charter, number) if charter else None
    if pair is None:
        raise Http404
    revision, previous = pair
    return render(
        request,
        "facilitation/charter_revision.html",
        {
            "community": community,
            "charter": charter,
            "revision": revision,
            "previous": previous,
            "rows": selectors.charter_rows(revision, previous),
        },
    )


@login_required
@require_safe
def health(request, community_id: int, check_id: int | None = None):
    """The latest profile (or one past check's), and the list of past checks."""
    community = _community(community_id)
    access_health(request.user, community)
    checks = selectors.health_checks(community)
    if check_id is None:
        shown = checks[0] if checks else None
    else:
        shown = next((c for c in checks if c.pk == check_id), None)
        if shown is None:
            raise Http404
    return render(
        request,
        "facilitation/health.html",
        {
            "community": community,
            "profile": selectors.profile_in(checks, shown) if shown else None,
            "history": selectors.history_rows(checks),
            "dimensions": DIMENSIONS,
            "is_latest": shown is not None and checks and shown.pk == checks[0].pk,
            "can_record": can_record_health(request.user, community),
        },
    )


@login_required
def health_new(request, community_id: int):
    community = _community(community_id)
    access_health_record(request.user, community)
    form = HealthCheckForm(request.POST or None)
    return form_action(
        request,
        form,
        lambda data: services.health_check_record(
            actor=request.user,
            community=community,
            ratings=form.ratings(),
            stage=data["stage"],
            note=data["note"],
        ),
        success=_("The health check was saved. Here is the community's profile."),
        redirect_to=reverse("facilitation:health", kwargs={"community_id": community.pk}),
        render=lambda form, status: render(
            request,
            "facilitation/health_new.html",
            {
                "community": community,
                "form": form,
                "stage_descriptions": STAGE_DESCRIPTIONS,
            },
            status=status,
        ),
    )


# The blank printouts: public, no context beyond the request.


@require_safe
def charter_template(request):
    return render(request, "facilitation/charter_template.html")


@require_safe
def health_check_template(request):
    return render(request, "facilitation/health_check_template.html")
