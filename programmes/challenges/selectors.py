"""Reads for challenge rounds, each written to a fixed number of queries.

Scores are computed from the score rows every time (no stored totals): a commissioner's
weighted score of a challenge is (sum over criteria of score / max_score * weight) /
(sum of weights), shown as 0-100; the ranking averages it over the commissioners who
scored.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from communities.models import OrganisationType
from programmes import permissions
from programmes.exchanges import selectors as exchange_selectors
from programmes.models import (
    PUBLIC_SECTOR_TYPES,
    Challenge,
    ChallengeScore,
    ChallengeStatus,
    ChallengeTeamMember,
    ProgrammeRound,
    SelectionCriterion,
)

SENT = (ChallengeStatus.SUBMITTED, ChallengeStatus.SELECTED, ChallengeStatus.NOT_SELECTED)


def round_for_page(round_id: int) -> ProgrammeRound | None:
    """A round of a published programme (others do not exist for the public)."""
    return (
        ProgrammeRound.objects.select_related("programme")
        .filter(pk=round_id, programme__live=True)
        .first()
    )


def challenge_for_page(challenge_id: int) -> Challenge | None:
    return (
        Challenge.objects.select_related(
            "round__programme",
            "organisation",
            "submitted_by__organisation",
            "mentor__organisation",
            "workspace_thread__community",
        )
        .filter(pk=challenge_id, round__programme__live=True)
        .first()
    )


def call_status(programme_round: ProgrammeRound) -> str:
    """ "none" (the round takes no challenges), "open", "closed" or "announced"."""
    if programme_round.selection_published_at is not None:
        return "announced"
    if not programme_round.takes_challenges:
        return "none"
    return "open" if programme_round.call_is_open() else "closed"


def round_page_context(*, programme_round: ProgrammeRound, user) -> dict:
    """The round page: its call, the challenges this user may see, counts, links for the
    commission and coordinators, and the exchanges section."""
    coordinator = permissions.is_round_coordinator(user, programme_round)
    commissioner = permissions.is_commissioner(user, programme_round)
    announced = programme_round.selection_published_at is not None
    visible = Challenge.objects.filter(round=programme_round).filter(
        permissions.visible_challenge_filter(user, programme_round)
    )
    challenges = Challenge.objects.filter(pk__in=visible.values("pk")).select_related(
        "organisation"
    )
    if commissioner:
        challenges = challenges.annotate(
            scored_by_me=Exists(
                ChallengeScore.objects.filter(challenge=OuterRef("pk"), commissioner_id=user.pk)
            )
        )
    challenges = list(challenges.order_by("title", "pk"))
    selected = [c for c in challenges if announced and c.status == ChallengeStatus.SELECTED]
    mine = [c for c in challenges if user.is_authenticated and c.submitted_by_id == user.pk]
    others = [c for c in challenges if c not in selected and c not in mine]
    counts = Challenge.objects.filter(round=programme_round).aggregate(
        sent=Count("pk", filter=Q(status__in=SENT)),
        selected=Count("pk", filter=Q(status=ChallengeStatus.SELECTED)),
    )
    context = {
        "programme_round": programme_round,
        "programme": programme_round.programme,
        "call_status": call_status(programme_round),
        "can_submit": permissions.can_submit_challenge(user, programme_round),
        "is_coordinator": coordinator,
        "is_commissioner": commissioner,
        "can_see_ranking": coordinator,
        "announced": announced,
        "selected_challenges": selected,
        "my_challenges": mine,
        "other_challenges": others,
        "sent_count": counts["sent"],
        "selected_count": counts["selected"],
    }
    context.update(
        exchange_selectors.round_section_context(programme_round=programme_round, user=user)
    )
    return context


def challenges_of(*, user) -> list[Challenge]:
    """ "My challenges": everything the user submitted, newest first."""
    if not user.is_authenticated:
        return []
    return list(
        Challenge.objects.filter(submitted_by=user)
        .select_related("round__programme", "organisation")
        .order_by("-created_at", "-pk")
    )


# Scores -------------------------------------------------------------------------------------


def weighted(scores: dict[int, int], criteria: list[SelectionCriterion]) -> float | None:
    """One commissioner's 0-100 score from their criterion scores; None without criteria."""
    total_weight = sum(c.weight for c in criteria)
    if not total_weight:
        return None
    points = sum(scores.get(c.pk, 0) / c.max_score * c.weight for c in criteria)
    return round(points / total_weight * 100, 1)


def _score_table(challenge_ids, criteria) -> dict[int, dict[int, dict[int, int]]]:
    """challenge id -> commissioner id -> criterion id -> score (one query)."""
    table: dict[int, dict[int, dict[int, int]]] = {}
    rows = ChallengeScore.objects.filter(challenge_id__in=challenge_ids).values_list(
        "challenge_id", "commissioner_id", "criterion_id", "score"
    )
    for challenge_id, commissioner_id, criterion_id, score in rows:
        table.setdefault(challenge_id, {}).setdefault(commissioner_id, {})[criterion_id] = score
    return table


def ranking(*, programme_round: ProgrammeRound) -> dict:
    """For coordinators: each sent challenge's average weighted score over the
    commissioners who scored it, best first (unscored last). Four queries."""
    criteria = list(programme_round.criteria.all())
    challenges = list(
        Challenge.objects.filter(round=programme_round, status__in=SENT)
        .select_related("organisation")
        .order_by("title", "pk")
    )
    table = _score_table([c.pk for c in challenges], criteria)
    commission_size = programme_round.commission.count()
    rows = []
    for challenge in challenges:
        by_commissioner = table.get(challenge.pk, {})
        values = [weighted(s, criteria) for s in by_commissioner.values()]
        values = [v for v in values if v is not None]
        rows.append(
            {
                "challenge": challenge,
                "score": round(sum(values) / len(values), 1) if values else None,
                "scored_by": len(by_commissioner),
            }
        )
    rows.sort(key=lambda row: (row["score"] is None, -(row["score"] or 0), row["challenge"].title))
    for position, row in enumerate(rows, start=1):
        row["position"] = position
    selected = sum(1 for c in challenges if c.status == ChallengeStatus.SELECTED)
    return {
        "rows": rows,
        "criteria": criteria,
        "commission_size": commission_size,
        "selected_count": selected,
        "places_left": max(0, programme_round.max_selected - selected),
    }


def challenge_scores(*, challenge: Challenge, user) -> dict:
    """The scores section of a challenge page, as permissions allow: nothing for the
    public; a commissioner's own scores, and everyone's once they have scored; all of
    them for coordinators."""
    commissioner = permissions.is_commissioner(user, challenge.round)
    see_all = permissions.can_see_all_scores(user, challenge)
    if not (commissioner or see_all):
        return {"show_scores": False}
    criteria = list(SelectionCriterion.objects.filter(round_id=challenge.round_id))
    rows = list(
        ChallengeScore.objects.filter(challenge=challenge)
        .select_related("commissioner")
        .order_by("commissioner_id", "criterion__position", "criterion_id")
    )
    by_person: dict[int, dict] = {}
    for row in rows:
        entry = by_person.setdefault(
            row.commissioner_id,
            {
                "commissioner": row.commissioner,
                "scores": {},
                "comment": row.comment,
                "illustrative": False,
            },
        )
        entry["scores"][row.criterion_id] = row.score
        entry["illustrative"] = entry["illustrative"] or row.is_illustrative
    mine = by_person.get(user.pk) if user.is_authenticated else None
    table = []
    if see_all:
        for entry in by_person.values():
            table.append(
                {
                    "commissioner": entry["commissioner"],
                    "cells": [entry["scores"].get(c.pk) for c in criteria],
                    "weighted": weighted(entry["scores"], criteria),
                    "comment": entry["comment"],
                    "illustrative": entry["illustrative"],
                }
            )
        table.sort(key=lambda r: r["commissioner"].name.casefold())
    values = [r["weighted"] for r in table if r["weighted"] is not None]
    return {
        "show_scores": True,
        "criteria": criteria,
        "my_scores": mine,
        "my_cells": [mine["scores"].get(c.pk) for c in criteria] if mine else [],
        "my_weighted": weighted(mine["scores"], criteria) if mine else None,
        "see_all_scores": see_all,
        "score_table": table,
        "scores_illustrative": any(entry["illustrative"] for entry in by_person.values()),
        "average_score": round(sum(values) / len(values), 1) if values else None,
        "scored_count": len(by_person),
        "can_score": permissions.can_score(user, challenge),
    }


# Showcase -----------------------------------------------------------------------------------


def showcase(*, programme_round: ProgrammeRound) -> dict:
    """The final showcase: each selected challenge with its outcome, mentor, team (with
    organisations), the people involved (team and mentor) and the people affected (those
    the outcome reached, else those the challenge said were affected), and the round's
    co-creation totals. Two queries, however many challenges."""
    if programme_round.selection_published_at is None:
        return {"items": [], "totals": None}
    challenges = list(
        Challenge.objects.filter(round=programme_round, status=ChallengeStatus.SELECTED)
        .select_related("organisation", "mentor__organisation")
        .prefetch_related(
            Prefetch(
                "team",
                queryset=ChallengeTeamMember.objects.select_related("user__organisation"),
            )
        )
        .order_by("title", "pk")
    )
    items = []
    people: set[int] = set()
    organisations: dict[int, str] = {}
    affected_total = 0
    for challenge in challenges:
        team = [member.user for member in challenge.team.all()]
        involved = {person.pk for person in team}
        if challenge.mentor_id:
            involved.add(challenge.mentor_id)
        affected = (
            challenge.people_reached
            if challenge.people_reached is not None
            else challenge.affected_count
        )
        affected_total += affected or 0
        people |= involved
        organisations[challenge.organisation_id] = challenge.organisation.type
        for person in [*team, *([challenge.mentor] if challenge.mentor else [])]:
            if person.organisation_id:
                organisations[person.organisation_id] = person.organisation.type
        items.append(
            {
                "challenge": challenge,
                "team": team,
                "people_involved": len(involved),
                "people_affected": affected,
            }
        )
    types = list(organisations.values())
    return {
        "items": items,
        "totals": {
            "challenges": len(items),
            "people_involved": len(people),
            "people_affected": affected_total,
            "organisations": len(types),
            "public_bodies": sum(1 for t in types if t in PUBLIC_SECTOR_TYPES),
            "companies": sum(1 for t in types if t == OrganisationType.COMPANY),
        },
    }


# Round settings -------------------------------------------------------------------------------


def next_round_number(*, programme) -> int:
    """The number a new round of the programme most likely gets."""
    last = (
        ProgrammeRound.objects.filter(programme_id=programme.pk)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    return (last or 0) + 1


def round_settings_context(*, programme_round: ProgrammeRound) -> dict:
    """The coordinators' settings page: criteria, the commission with how many challenges
    each member scored, and what is locked. Five queries, however many rows."""
    from communities.models import User

    criteria = list(SelectionCriterion.objects.filter(round_id=programme_round.pk))
    commission = list(
        User.objects.filter(commission_rounds=programme_round)
        .select_related("organisation")
        .annotate(
            scored_count=Count(
                "challenge_scores__challenge",
                filter=Q(challenge_scores__challenge__round_id=programme_round.pk),
                distinct=True,
            )
        )
        .order_by("pk")
    )
    commission.sort(key=lambda person: person.name.casefold())
    counts = Challenge.objects.filter(round_id=programme_round.pk).aggregate(
        submitted=Count("pk"),
        selected=Count("pk", filter=Q(status=ChallengeStatus.SELECTED)),
    )
    scored = ChallengeScore.objects.filter(challenge__round_id=programme_round.pk).exists()
    announced = programme_round.selection_published_at is not None
    return {
        "programme_round": programme_round,
        "programme": programme_round.programme,
        "criteria": criteria,
        "commission": commission,
        "scores_given": scored,
        "announced": announced,
        "criteria_locked": scored or announced,
        "commission_locked": announced,
        "has_challenges": counts["submitted"] > 0,
        "selected_count": counts["selected"],
    }
