"""A dashboard as tables (and the chart drawn from each): one shape for the page and CSV."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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
    weekly = dash.trend_kind == "week"
    trend_rows = [
        [
            formats.date_format(point["start"], "j M Y" if weekly else "YEAR_MONTH_FORMAT"),
            point["posts"],
            round(point["diversity"], 2) if point["diversity"] is not None else None,
        ]
        for point in dash.trend
    ]
    short = [formats.date_format(p["start"], "j M" if weekly else "M Y") for p in dash.trend]
    headers = [_("Week starting") if weekly else _("Month"), _("Posts"), _("Diversity index")]
    tables.append(
        Table(
            key="trend-posts",
            title=_("Posts per week") if weekly else _("Posts per month"),
            description=_("Posts written in each week of the period.")
            if weekly
            else _("Posts written in each of the last 12 months."),
            headers=headers,
            rows=trend_rows,
            chart=charts.columns(
                [(label, r[1], display(r[1])) for label, r in zip(short, trend_rows, strict=True)]
            ),
            chart_kind="columns",
        )
    )
    tables.append(
        Table(
            key="trend-diversity",
            title=_("Diversity over time"),
            description=_(
                "The Gini-Simpson index of each week's posts over organisations: the "
                "chance that two posts come from different organisations (0 to 1)."
            )
            if weekly
            else _(
                "The Gini-Simpson index of each month's posts over organisations: the "
                "chance that two posts come from different organisations (0 to 1)."
            ),
            headers=headers,
            rows=trend_rows,
            chart=charts.columns(
                [(label, r[2], display(r[2])) for label, r in zip(short, trend_rows, strict=True)]
            ),
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


def build_programmes(view) -> list[Table]:
    """The programme view's tables (``dashboards.programme_selectors.ProgrammeView``)."""
    under_k = _("Some people belong to groups of fewer than 5 people; their figures are not shown.")
    years = [
        [str(y.year), y.partners, y.posting_partners, y.posts, y.posters]
        for y in view.partner_years
    ]
    tables = [
        Table(
            key="partners-by-year",
            title=_("Partners' participation by year"),
            description=_(
                "Active partner organisations in each year (from the partner records), and "
                "what their staff wrote that year in the programme's communities."
            ),
            headers=[
                _("Year"),
                _("Partner organisations"),
                _("Partners whose staff posted"),
                _("Posts by partners' staff"),
                _("Active posters from partners"),
            ],
            rows=years,
            chart=charts.columns([(r[0], r[1], display(r[1])) for r in years]),
            chart_kind="columns",
            notes=[
                _(
                    "A year in which fewer than 5 people from partner organisations posted "
                    "shows no activity figures."
                )
            ]
            if view.hidden.get("years")
            else [],
        )
    ]
    place_headers = [
        _("People taking part"),
        _("Exchanges sent"),
        _("Exchanges hosted"),
        _("Study visits hosted"),
        _("Organisations"),
    ]
    for key, title, label, rows, hidden in (
        (
            "exchanges-by-sector",
            _("Exchanges and study visits by sector"),
            _("Sector"),
            view.by_sector,
            view.hidden.get("sector"),
        ),
        (
            "exchanges-by-country",
            _("Exchanges and study visits by country"),
            _("Country"),
            view.by_country,
            view.hidden.get("country"),
        ),
    ):
        raw = [[r.label, r.people, r.sent, r.hosted, r.visits, r.organisations] for r in rows]
        tables.append(
            Table(
                key=key,
                title=title,
                description=_(
                    "Staff exchanges (agreed or done) by the sector and country of the home "
                    "and the host organisation, and study visits by their hosts; groups of "
                    "fewer than 5 people are counted together as “Other”."
                ),
                headers=[label, *place_headers],
                rows=raw,
                chart=charts.bars([(r[0], r[1], display(r[1])) for r in raw]),
                notes=[under_k] if hidden else [],
            )
        )
    reach = [[r.label, r.selected, r.outcomes, r.reached] for r in view.reach]
    tables.append(
        Table(
            key="challenge-reach",
            title=_("People reached by challenge outcomes"),
            description=_(
                "Selected challenges of each round whose selection is announced, how many "
                "recorded an outcome, and how many people the outcomes reached (as reported)."
            ),
            headers=[
                pgettext("round of a programme", "Round"),
                _("Selected challenges"),
                _("Outcomes recorded"),
                _("People reached"),
            ],
            rows=reach,
            chart=charts.bars([(r[0], r[3], display(r[3])) for r in reach]),
        )
    )
    return tables
