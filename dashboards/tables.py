"""A dashboard as tables (and the chart drawn from each): one shape for the page and CSV."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from dashboards import charts
from dashboards.selectors import MEASURE_LABELS, MEASURES, Dashboard


@dataclass
class Table:
    key: str
    title: str
    description: str
    headers: list[str]
    rows: list[list]  # raw values (CSV)
    chart: dict | None = None
    chart_kind: str = "bars"
    notes: list[str] = field(default_factory=list)

    @property
    def display_rows(self) -> list[list[str]]:
        return [[display(cell) for cell in row] for row in self.rows]


def display(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return formats.number_format(value, decimal_pos=2, use_l10n=True)
    if isinstance(value, int):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def build(dash: Dashboard, *, overview: bool) -> list[Table]:
    tables = []
    for breakdown in dash.breakdowns:
        label = str(breakdown.dimension.label)
        rows = [[row.label] + [row.values[m] for m in MEASURES] for row in breakdown.rows]
        notes = []
        if breakdown.hidden_people:
            notes.append(
                _(
                    "Some people belong to groups of fewer than 5 people; "
                    "their figures are not shown."
                )
            )
        tables.append(
            Table(
                key=f"by-{breakdown.dimension.key.replace('_', '-')}",
                title=str(breakdown.dimension.title),
                description=_(
                    "Posts written by each group in the period; groups of fewer than "
                    "5 people are counted together as “Other”."
                ),
                headers=[label] + [str(MEASURE_LABELS[m]) for m in MEASURES],
                rows=rows,
                chart=charts.bars([(r[0], r[3], display(r[3])) for r in rows]),
                notes=notes,
            )
        )
    month_format = "YEAR_MONTH_FORMAT"
    trend_rows = [
        [
            formats.date_format(point["month"], month_format),
            point["posts"],
            round(point["diversity"], 2) if point["diversity"] is not None else None,
        ]
        for point in dash.trend
    ]
    headers = [_("Month"), _("Posts"), _("Diversity index")]
    tables.append(
        Table(
            key="trend-posts",
            title=_("Posts per month"),
            description=_("Posts written in each of the last 12 months."),
            headers=headers,
            rows=trend_rows,
            chart=charts.columns([(r[0], r[1], display(r[1])) for r in trend_rows]),
            chart_kind="columns",
        )
    )
    tables.append(
        Table(
            key="trend-diversity",
            title=_("Diversity over time"),
            description=_(
                "The Gini-Simpson index of each month's posts over organisations: the "
                "chance that two posts come from different organisations (0 to 1)."
            ),
            headers=headers,
            rows=trend_rows,
            chart=charts.columns([(r[0], r[2], display(r[2])) for r in trend_rows]),
            chart_kind="columns",
        )
    )
    if overview:
        rows = [
            [
                c["title"],
                c["members"],
                c["posters"],
                c["posts"],
                round(c["diversity"], 2) if c["diversity"] is not None else None,
            ]
            for c in dash.communities
        ]
        tables.append(
            Table(
                key="communities",
                title=_("Communities compared"),
                description=_("Members, active posters, posts and diversity of each community."),
                headers=[
                    _("Community"),
                    _("Members"),
                    _("Active posters"),
                    _("Posts"),
                    _("Diversity index"),
                ],
                rows=rows,
                chart=charts.bars([(r[0], r[3], display(r[3])) for r in rows]),
            )
        )
    return tables
