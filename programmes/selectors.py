"""Reads for the programme pages (index and programme), in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, Q

from communities.models import CommunityPage
from communities.permissions import card_community_filter
from programmes.models import (
    Challenge,
    ChallengeStatus,
    ProgrammePage,
    ProgrammeRound,
)
from programmes.partners.selectors import current_partners
from programmes.permissions import can_see_partner_records, is_coordinator


def programme_rounds(*, programme: ProgrammePage) -> list[ProgrammeRound]:
    """Rounds, newest first, with their announced selections counted."""
    return list(
        ProgrammeRound.objects.filter(programme=programme)
        .annotate(
            selected_count=Count(
                "challenges",
                filter=Q(
                    challenges__status=ChallengeStatus.SELECTED,
                    selection_published_at__isnull=False,
                ),
            )
        )
        .order_by("-number")
    )


def programme_results(*, programme: ProgrammePage) -> list[Challenge]:
    """Selected challenges of announced rounds that have an outcome: the programme's results."""
    return list(
        Challenge.objects.filter(
            round__programme=programme,
            round__selection_published_at__isnull=False,
            status=ChallengeStatus.SELECTED,
        )
        .exclude(outcome="")
        .select_related("round", "organisation")
        .order_by("-round__number", "title")
    )


def programme_communities(*, programme: ProgrammePage, user) -> list[CommunityPage]:
    """The programme's communities the user may know of (members-only ones stay hidden)."""
    return list(
        CommunityPage.objects.filter(card_community_filter(user), programmes=programme)
        .order_by("title")
        .distinct()
    )


def programme_page_context(*, programme: ProgrammePage, user) -> dict:
    from programmes.exchanges.selectors import programme_section_context

    context = {
        "partners": current_partners(programme=programme),
        "rounds": programme_rounds(programme=programme),
        "results": programme_results(programme=programme),
        "programme_communities": programme_communities(programme=programme, user=user),
        "is_coordinator": is_coordinator(user, programme),
        "can_see_partner_records": can_see_partner_records(user, programme),
    }
    context.update(programme_section_context(programme=programme, user=user))
    return context
