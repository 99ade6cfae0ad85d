"""Reads the pages share: the charter and its versions, health profiles and their history.

Each function runs a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from communities.models import CommunityPage
from facilitation.health import DIMENSIONS, SCALE, SCALE_TOP, STAGE_DESCRIPTIONS, WEAKEST
from facilitation.models import (
    CHARTER_FIELDS,
    Charter,
    CharterContent,
    CharterRevision,
    HealthCheck,
    LifecycleStage,
)
from facilitation.permissions import (
    can_edit_charter,
    can_record_health,
    can_view_charter,
    can_view_health,
)

# The SVG bar chart's geometry (presentation attributes only: the CSP allows no inline style).
CHART_LABEL_WIDTH = 130
CHART_BAR_AREA = 300
CHART_BAR_HEIGHT = 22
CHART_GAP = 10


def charter_for(community: CommunityPage) -> Charter | None:
    return (
        Charter.objects.select_related("updated_by__organisation")
        .filter(community=community)
        .first()
    )


@dataclass
class CharterRow:
    name: str
    label: str
    help_text: str
    value: object
    previous: object = None
    changed: bool = False


def charter_rows(content: CharterContent, previous: CharterContent | None = None) -> list:
    """The charter's fields in order, with labels (and, for a revision, what changed)."""
    rows = []
    for name in CHARTER_FIELDS:
        model_field = CharterContent._meta.get_field(name)
        value = getattr(content, name)
        before = getattr(previous, name) if previous is not None else None
        rows.append(
            CharterRow(
                name=name,
                label=str(model_field.verbose_name),
                help_text=str(model_field.help_text),
                value=value,
                previous=before,
                changed=previous is not None and before != value,
            )
        )
    return rows


def charter_revisions(charter: Charter) -> list[CharterRevision]:
    return list(charter.revisions.select_related("author__organisation").order_by("-number"))


def charter_revision_pair(
    charter: Charter, number: int
) -> tuple[CharterRevision, CharterRevision | None] | None:
    """A revision and the one before it (None for the first), or None when it does not exist."""
    found = list(
        charter.revisions.select_related("author__organisation")
        .filter(number__lte=number)
        .order_by("-number")[:2]
    )
    if not found or found[0].number != number:
        return None
    return found[0], (found[1] if len(found) > 1 else None)


# ---------------------------------------------------------------------------------------
# Health checks
# ---------------------------------------------------------------------------------------


@dataclass
class DimensionScore:
    key: str
    label: str
    question: str
    score: int  # percent of the top of the scale, 0-100
    points: int
    top: int
    change: int | None = None  # percentage points since the previous check
    y: int = 0
    width: int = 0
    ratings: list = field(default_factory=list)  # [(statement text, scale label)]


@dataclass
class Profile:
    check: HealthCheck
    previous: HealthCheck | None
    dimensions: list[DimensionScore]
    weakest: list[dict]
    stage_label: str
    stage_description: str
    chart_width: int = CHART_LABEL_WIDTH + CHART_BAR_AREA + 60
    chart_height: int = 0
    chart_label_width: int = CHART_LABEL_WIDTH
    chart_bar_height: int = CHART_BAR_HEIGHT
    chart_text_offset: int = CHART_BAR_HEIGHT - 6

    @property
    def overall(self) -> int:
        return round(sum(d.score for d in self.dimensions) / len(self.dimensions))


def dimension_scores(ratings: dict) -> dict[str, tuple[int, int, int]]:
    """{dimension key: (score percent, points, top points)} for a check's ratings."""
    scores = {}
    for dimension in DIMENSIONS:
        points = sum(int(ratings.get(s.key, 0)) for s in dimension.statements)
        top = SCALE_TOP * len(dimension.statements)
        scores[dimension.key] = (round(100 * points / top), points, top)
    return scores


def health_profile(check: HealthCheck, previous: HealthCheck | None = None) -> Profile:
    scale = dict(SCALE)
    now = dimension_scores(check.ratings)
    before = dimension_scores(previous.ratings) if previous is not None else None
    rows = []
    for i, dimension in enumerate(DIMENSIONS):
        score, points, top = now[dimension.key]
        rows.append(
            DimensionScore(
                key=dimension.key,
                label=str(dimension.label),
                question=str(dimension.question),
                score=score,
                points=points,
                top=top,
                change=(score - before[dimension.key][0]) if before else None,
                y=i * (CHART_BAR_HEIGHT + CHART_GAP),
                width=max(2, round(CHART_BAR_AREA * score / 100)),
                ratings=[
                    (str(s.text), str(scale[int(check.ratings.get(s.key, 0))]))
                    for s in dimension.statements
                ],
            )
        )
    by_key = {d.key: d for d in DIMENSIONS}
    weakest = [
        {"dimension": row, "steps": [str(step) for step in by_key[row.key].next_steps]}
        for row in sorted((r for r in rows if r.score < 100), key=lambda r: r.score)[:WEAKEST]
    ]
    stage = LifecycleStage(check.stage) if check.stage in LifecycleStage.values else None
    return Profile(
        check=check,
        previous=previous,
        dimensions=rows,
        weakest=weakest,
        stage_label=str(stage.label) if stage else "",
        stage_description=str(STAGE_DESCRIPTIONS.get(stage, "")) if stage else "",
        chart_height=len(rows) * (CHART_BAR_HEIGHT + CHART_GAP),
    )


def health_checks(community: CommunityPage) -> list[HealthCheck]:
    """The community's checks, newest first (with who completed them)."""
    return list(
        HealthCheck.objects.filter(community=community)
        .select_related("completed_by__organisation")
        .order_by("-completed_at", "-pk")
    )


def profile_in(checks: list[HealthCheck], check: HealthCheck) -> Profile:
    """``check``'s profile, compared with the check before it in ``checks`` (newest first)."""
    index = next(i for i, c in enumerate(checks) if c.pk == check.pk)
    previous = checks[index + 1] if index + 1 < len(checks) else None
    return health_profile(check, previous)


def history_rows(checks: list[HealthCheck]) -> list[dict]:
    """Every check with its overall score and each dimension's score, newest first."""
    rows = []
    for check in checks:
        scores = dimension_scores(check.ratings)
        values = [scores[d.key][0] for d in DIMENSIONS]
        rows.append(
            {
                "check": check,
                "scores": values,
                "overall": round(sum(values) / len(values)),
                "stage": LifecycleStage(check.stage).label
                if check.stage in LifecycleStage.values
                else "",
            }
        )
    return rows


# ---------------------------------------------------------------------------------------
# The community page's section (communities.extensions)
# ---------------------------------------------------------------------------------------


def community_page_context(*, page: CommunityPage, request) -> dict:
    user = request.user
    if not can_view_charter(user, page):
        return {}
    charter = charter_for(page)
    context = {
        "facilitation_charter": charter,
        "facilitation_charter_rows": charter_rows(charter) if charter else [],
        "facilitation_charter_edit_url": reverse(
            "facilitation:charter_edit", kwargs={"community_id": page.pk}
        )
        if can_edit_charter(user, page)
        else None,
        "facilitation_charter_history_url": reverse(
            "facilitation:charter_history", kwargs={"community_id": page.pk}
        ),
        "facilitation_health_url": None,
        "facilitation_health_new_url": None,
    }
    if can_view_health(user, page):
        context["facilitation_health_url"] = reverse(
            "facilitation:health", kwargs={"community_id": page.pk}
        )
    if can_record_health(user, page):
        context["facilitation_health_new_url"] = reverse(
            "facilitation:health_new", kwargs={"community_id": page.pk}
        )
    return context
