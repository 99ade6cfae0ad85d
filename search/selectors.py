"""Reads behind /search/ and the header's autocomplete, on whichever backend is configured.

Permissions are part of every query: each source starts from what the reader may see
(``communities.permissions.readable_community_filter`` turned into community ids, plus
"live", "public", "not hidden", "not deleted"), expressed as filters on FilterFields, so
the search backend applies them before counting, ranking, slicing or faceting. Nothing is
removed after the fact; totals, facets, pages, autocomplete and suggestions all come from
the same filtered querysets.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import DatabaseError, transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django_countries import countries
from modelsearch.backends import get_search_backend
from modelsearch.utils import normalise_query_string
from taggit.models import Tag

from communities.models import CommunityPage, Organisation
from communities.permissions import readable_community_filter
from search.sources import FACETS, Audience, Hit, SearchSource, all_sources, get_source
from search.text import ParsedQuery, correct_word, highlight, highlight_title, vocabulary

logger = logging.getLogger(__name__)

PER_PAGE = 10
MAX_PAGES = 20  # deeper than this, refine the search instead
SUGGEST_BELOW = 3  # offer "did you mean" when fewer results than this
VOCABULARY_LIMIT = 2000  # titles per source read for spelling suggestions
AUTOCOMPLETE_LIMIT = 8
FACET_VALUES_SHOWN = 12
SORTS = ("relevance", "date")


class SearchFailed(Exception):
    """The backend could not answer; the page says so instead of failing."""


@dataclass(frozen=True)
class Selection:
    """Facet values chosen on the page (all optional; they combine with AND)."""

    type: str = ""
    community: int | None = None
    theme: str = ""
    country: str = ""
    organisation: int | None = None
    year: int | None = None
    language: str = ""

    def is_empty(self) -> bool:
        return not any(getattr(self, name) for name in FACETS)


@dataclass
class FacetValue:
    value: Any
    label: str
    count: int
    selected: bool = False
    link: str = ""


@dataclass
class ResultItem:
    hit: Hit
    title: Any
    snippet: Any
    type_key: str
    type_label: str

    @property
    def language_label(self) -> str:
        return language_name(self.hit.language) if self.hit.language else ""


@dataclass
class SearchOutcome:
    query: ParsedQuery
    selection: Selection
    sort: str = "relevance"
    total: int = 0
    items: list[ResultItem] = field(default_factory=list)
    page_number: int = 1
    num_pages: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestion: ParsedQuery | None = None
    suggestion_total: int = 0
    promotions: list[dict] = field(default_factory=list)
    failed: bool = False
    page_capped: bool = False
    scope: CommunityPage | None = None

    @property
    def has_previous(self) -> bool:
        return self.page_number > 1

    @property
    def has_next(self) -> bool:
        return self.page_number < self.num_pages

    @property
    def start_index(self) -> int:
        return (self.page_number - 1) * PER_PAGE + 1 if self.items else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.items) - 1 if self.items else 0


# ---------------------------------------------------------------------------------------
# Audience and narrowing
# ---------------------------------------------------------------------------------------


def audience_for(user) -> Audience:
    """The ids of the communities ``user`` may read and of the restricted threads in them
    they may read, from the permission modules (two queries)."""
    from discussions.models import Thread
    from discussions.permissions import thread_reader_filter

    ids = sorted(
        CommunityPage.objects.filter(readable_community_filter(user)).values_list("pk", flat=True)
    )
    restricted = sorted(
        Thread.objects.filter(restricted=True, community_id__in=ids)
        .filter(thread_reader_filter(user))
        .values_list("pk", flat=True)
    )
    return Audience(
        user=user, readable_community_ids=ids, readable_restricted_thread_ids=restricted
    )


@dataclass
class _Narrowing:
    """Selections resolved to ids once per request (shared by every source)."""

    community_ids: list[int] | None = None
    theme_community_ids: list[int] | None = None
    organisation_ids: list[int] | None = None
    country_organisation_ids: list[int] | None = None


def _resolve(selection: Selection, audience: Audience) -> _Narrowing:
    narrowing = _Narrowing()
    readable = set(audience.readable_community_ids)
    if selection.community is not None:
        narrowing.community_ids = sorted({selection.community} & readable)
    if selection.theme:
        narrowing.theme_community_ids = sorted(
            CommunityPage.objects.filter(
                pk__in=sorted(readable), tagged_themes__tag__slug=selection.theme
            ).values_list("pk", flat=True)
        )
    if selection.organisation is not None:
        narrowing.organisation_ids = [selection.organisation]
    if selection.country:
        narrowing.country_organisation_ids = sorted(
            Organisation.objects.filter(country=selection.country).values_list("pk", flat=True)
        )
    return narrowing


def _narrow(
    source: SearchSource, audience: Audience, selection: Selection, narrowing: _Narrowing
) -> QuerySet | None:
    """The source's readable queryset narrowed by the selection, or None if the selection
    rules this source out entirely."""
    if selection.type and selection.type != source.key:
        return None
    queryset = source.readable(source.model, audience)
    if narrowing.community_ids is not None:
        if not source.supports("community"):
            return None
        queryset = queryset.filter(**{f"{source.community_filter}__in": narrowing.community_ids})
    if selection.theme:
        if not source.supports("theme"):
            return None
        if source.theme_pks is not None:
            queryset = queryset.filter(id__in=source.theme_pks(source.model, selection.theme))
        else:
            queryset = queryset.filter(
                **{f"{source.community_filter}__in": narrowing.theme_community_ids or []}
            )
    if narrowing.organisation_ids is not None:
        if not source.supports("organisation"):
            return None
        queryset = queryset.filter(
            **{f"{source.organisation_filter}__in": narrowing.organisation_ids}
        )
    if selection.country:
        if not source.supports("country"):
            return None
        if source.country_filter:
            queryset = queryset.filter(**{source.country_filter: selection.country})
        else:
            queryset = queryset.filter(
                **{f"{source.organisation_filter}__in": narrowing.country_organisation_ids or []}
            )
    if selection.year is not None:
        if not source.supports("year"):
            return None
        queryset = queryset.filter(**{f"{source.date_field}__year": selection.year})
    if selection.language:
        if not source.supports("language"):
            return None
        queryset = queryset.filter(**{source.language_filter: selection.language})
    if source.select_related:
        queryset = queryset.select_related(*source.select_related)
    return queryset


# ---------------------------------------------------------------------------------------
# Running one query over every source
# ---------------------------------------------------------------------------------------


@dataclass
class _SourceRun:
    source: SearchSource
    queryset: QuerySet
    results: Any
    count: int


def _run_sources(
    query, audience: Audience, selection: Selection, *, sort: str, backend
) -> list[_SourceRun]:
    narrowing = _resolve(selection, audience)
    runs = []
    for source in all_sources():
        queryset = _narrow(source, audience, selection, narrowing)
        if queryset is None:
            continue
        by_date = sort == "date"
        if by_date:
            queryset = queryset.order_by(f"-{source.date_field}", "-pk")
        results = backend.search(
            query, queryset, operator="and", order_by_relevance=not by_date
        ).annotate_score("_score")
        runs.append(_SourceRun(source, queryset, results, results.count()))
    return runs


def _guarded(function, *args, **kwargs):
    """Run a search step inside a savepoint; a backend error becomes SearchFailed."""
    try:
        with transaction.atomic():
            return function(*args, **kwargs)
    except (DatabaseError, OSError, ValueError, LookupError) as error:
        logger.exception("Search failed")
        raise SearchFailed(str(error)) from error
    except Exception as error:  # a backend bug must not become a 500 for the reader
        logger.exception("Search failed")
        raise SearchFailed(str(error)) from error


def _merge_page(
    runs: list[_SourceRun], audience: Audience, *, sort: str, page_number: int
) -> list[Hit]:
    """Page ``page_number`` of all sources merged: each source's best ``page*PER_PAGE``
    hits are enough to know the merged top ``page*PER_PAGE``."""
    needed = page_number * PER_PAGE
    rows = []
    for run in runs:
        if not run.count:
            continue
        objects = list(run.results[:needed])
        best = None
        for rank, obj in enumerate(objects):
            hit = run.source.present(obj, audience)
            if sort == "date":
                key = (hit.date.timestamp() if hit.date else 0.0,)
            else:
                score = getattr(obj, "_score", None)
                if best is None:
                    best = score
                if isinstance(score, (int, float)) and isinstance(best, (int, float)) and best:
                    relevance = float(score) / float(best)
                else:
                    relevance = 1.0 / (1 + rank)
                key = (relevance,)
            rows.append((key, -run.source.order, obj.pk, hit))
    rows.sort(key=lambda row: (row[0], row[1], row[2]), reverse=True)
    start = (page_number - 1) * PER_PAGE
    return [row[3] for row in rows[start : start + PER_PAGE]]


def _present(hits: list[Hit], parsed: ParsedQuery) -> list[ResultItem]:
    words = parsed.all_words
    return [
        ResultItem(
            hit=hit,
            title=highlight_title(hit.title, words),
            snippet=highlight(hit.text, words),
            type_key=hit.source.key,
            type_label=str(hit.source.label),
        )
        for hit in hits
    ]


# ---------------------------------------------------------------------------------------
# Facets
# ---------------------------------------------------------------------------------------


def _matched(run: _SourceRun) -> QuerySet:
    """Every row the search matched, as an ORM queryset (for counting facet values the
    backend does not count itself). Backends that can say which rows matched expose
    ``get_queryset()`` (modelsearch's database backends, and the Whoosh backend)."""
    results = run.results
    model = run.queryset.model
    get_queryset = getattr(results, "get_queryset", None)
    if get_queryset is not None:
        return model._default_manager.filter(pk__in=get_queryset().values("pk"))
    return run.queryset.order_by().filter(
        pk__in=[obj.pk for obj in results[: MAX_PAGES * PER_PAGE]]
    )


def _count_by(queryset: QuerySet, path: str) -> Counter:
    rows = queryset.order_by().values(path).annotate(n=Count("pk", distinct=True))
    return Counter({row[path]: row["n"] for row in rows if row[path] not in (None, "")})


def _backend_facet(run: _SourceRun, path: str | None) -> Counter | None:
    """Counts per value of the FilterField ``path`` from the search backend itself, when
    it counts any filter path (the Whoosh backend does, inside the index); else None."""
    if not path or not getattr(run.results, "facets_on_related_paths", False):
        return None
    if not run.source.filterable(path):
        return None
    counts = run.results.facet(path)
    return Counter({k: n for k, n in counts.items() if k not in (None, "")})


FIRST_FACET_YEAR = 1900


def _backend_years(run: _SourceRun, path: str | None) -> Counter | None:
    """Matches per local calendar year of ``path``, counted by the search backend over
    year ranges (one pass, however many distinct dates); None if it cannot."""
    facet_ranges = getattr(run.results, "facet_ranges", None)
    if not path or facet_ranges is None or not run.source.filterable(path):
        return None
    from django.utils import timezone

    years = list(range(FIRST_FACET_YEAR, timezone.localdate().year + 12))
    counts = facet_ranges(path, [date(year, 1, 1) for year in years])
    if counts is None:
        return None
    return Counter({year: n for year, n in zip(years, counts, strict=False) if n})


def _by_year(counts: Counter) -> Counter:
    from django.utils import timezone

    years: Counter = Counter()
    for value, n in counts.items():
        if hasattr(value, "year"):
            if getattr(value, "tzinfo", None) is not None:
                value = timezone.localtime(value)
            years[value.year] += n
    return years


def _spread(counts: Counter, pairs) -> Counter:
    """Counts per key turned into counts per related value (``pairs``: key, value)."""
    spread: Counter = Counter()
    for key, value in pairs:
        if value not in (None, "") and key in counts:
            spread[value] += counts[key]
    return spread


def _facets(
    runs: list[_SourceRun], audience: Audience, selection: Selection
) -> dict[str, list[FacetValue]]:
    counts: dict[str, Counter] = defaultdict(Counter)
    readable = set(audience.readable_community_ids)
    for run in runs:
        counts["type"][run.source.key] += run.count
        if not run.count:
            continue
        source = run.source
        matched = None

        def orm(path: str, run=run) -> Counter:
            nonlocal matched
            if matched is None:
                matched = _matched(run)
            return _count_by(matched, path)

        by_community = None
        if source.supports("community") and source.community_path:
            by_community = _backend_facet(run, source.community_filter)
            if by_community is None:
                by_community = orm(source.community_path)
            # A public practice may relate to a community the reader cannot see: unnamed.
            counts["community"].update({k: n for k, n in by_community.items() if k in readable})
        if source.supports("theme") and source.theme_path:
            if source.theme_pks is None and by_community is not None and by_community:
                # Themes are the community's: each match counts once per theme of its
                # community.
                pairs = CommunityPage.objects.filter(pk__in=list(by_community)).values_list(
                    "pk", "tagged_themes__tag__slug"
                )
                counts["theme"].update(_spread(by_community, pairs))
            elif source.theme_pks is not None or by_community is None:
                counts["theme"].update(orm(source.theme_path))
        by_organisation = None
        if source.supports("organisation") and source.organisation_path:
            by_organisation = _backend_facet(run, source.organisation_filter)
            if by_organisation is None:
                by_organisation = orm(source.organisation_path)
            counts["organisation"].update(by_organisation)
        if source.supports("country") and source.country_path:
            by_country = _backend_facet(run, source.country_filter)
            if by_country is None and not source.country_filter and by_organisation:
                pairs = Organisation.objects.filter(pk__in=list(by_organisation)).values_list(
                    "pk", "country"
                )
                by_country = _spread(by_organisation, pairs)
            if by_country is None:
                by_country = orm(source.country_path)
            counts["country"].update(by_country)
        if source.supports("year"):
            by_year = _backend_years(run, source.date_field)
            if by_year is None:
                by_date = _backend_facet(run, source.date_field)
                if by_date is not None:
                    by_year = _by_year(by_date)
                else:
                    if matched is None:
                        matched = _matched(run)
                    yearly = matched.annotate(_year=ExtractYear(source.date_field))
                    by_year = _count_by(yearly, "_year")
            counts["year"].update(by_year)
        if source.supports("language"):
            by_language = _backend_facet(run, source.language_filter)
            if by_language is None:
                by_language = orm(source.language_filter)
            counts["language"].update(by_language)
    return _label_facets(counts, selection)


def _label_facets(counts: dict[str, Counter], selection: Selection) -> dict[str, list[FacetValue]]:
    labels: dict[str, dict] = {
        "type": {s.key: str(s.label) for s in all_sources()},
        "country": dict(countries),
        "language": {code: language_name(code) for code in counts["language"]},
    }
    if counts["community"]:
        labels["community"] = dict(
            CommunityPage.objects.filter(pk__in=list(counts["community"])).values_list(
                "pk", "title"
            )
        )
    if counts["theme"]:
        labels["theme"] = dict(
            Tag.objects.filter(slug__in=list(counts["theme"])).values_list("slug", "name")
        )
    if counts["organisation"]:
        labels["organisation"] = dict(
            Organisation.objects.filter(pk__in=list(counts["organisation"])).values_list(
                "pk", "name"
            )
        )
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        chosen = getattr(selection, name)
        values = []
        for value, count in counts[name].items():
            if name == "type" and not count:
                continue
            label = labels.get(name, {}).get(value, str(value))
            values.append(FacetValue(value, str(label), count, selected=(chosen == value)))
        if name == "year":
            values.sort(key=lambda v: v.value, reverse=True)
        elif name == "type":
            order = {s.key: s.order for s in all_sources()}
            values.sort(key=lambda v: order.get(v.value, 0))
        else:
            values.sort(key=lambda v: (-v.count, v.label.casefold()))
        selected = [v for v in values if v.selected]
        values = values[:FACET_VALUES_SHOWN]
        if selected and selected[0] not in values:
            values.append(selected[0])
        facets[name] = values
    return facets


# ---------------------------------------------------------------------------------------
# Did you mean
# ---------------------------------------------------------------------------------------


def _vocabulary(audience: Audience) -> Counter:
    """Words from titles the reader may see (so a suggestion never reveals anything)."""
    texts: list[str] = []
    for source in all_sources():
        if not source.vocabulary_fields:
            continue
        queryset = source.readable(source.model, audience).order_by("-pk")
        for row in queryset.values_list(*source.vocabulary_fields)[:VOCABULARY_LIMIT]:
            texts.extend(str(value) for value in row if value)
    return vocabulary(texts)


def _suggest(parsed: ParsedQuery, audience: Audience) -> ParsedQuery | None:
    words = parsed.all_words
    if not words:
        return None
    counts = _vocabulary(audience)
    corrected = []
    changed = False
    for word in words:
        better = correct_word(word, counts)
        corrected.append(better or word)
        changed = changed or better is not None
    return parsed.with_words(corrected) if changed else None


# ---------------------------------------------------------------------------------------
# Editor's picks
# ---------------------------------------------------------------------------------------


def _promotions(parsed: ParsedQuery, audience: Audience) -> list[dict]:
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.models import Page

    normalised = normalise_query_string(parsed.text)
    if not normalised:
        return []
    picks = list(
        SearchPromotion.objects.filter(query__query_string=normalised).select_related("page")
    )
    if not picks:
        return []
    page_ids = [pick.page_id for pick in picks if pick.page_id]
    visible_ids = set(
        Page.objects.live().public().filter(pk__in=page_ids).values_list("pk", flat=True)
    )
    # A pick of a page a source governs (a members-only community) obeys that source's rule.
    by_model = {source.model: source for source in all_sources()}
    pages = {page.pk: page for page in Page.objects.filter(pk__in=visible_ids).specific()}
    shown = []
    for pick in picks:
        if pick.page_id:
            page = pages.get(pick.page_id)
            if page is None:
                continue
            source = by_model.get(type(page))
            if (
                source is not None
                and not source.readable(source.model, audience).filter(pk=page.pk).exists()
            ):
                continue
            shown.append(
                {
                    "title": page.title,
                    "url": page.get_url() or page.url,
                    "description": pick.description,
                    "type_label": str(source.label) if source else "",
                }
            )
        elif pick.external_link_url:
            shown.append(
                {
                    "title": pick.external_link_text or pick.external_link_url,
                    "url": pick.external_link_url,
                    "description": pick.description,
                    "type_label": "",
                }
            )
    return shown


# ---------------------------------------------------------------------------------------
# Public entry points
# ---------------------------------------------------------------------------------------


def search_page(
    *,
    user,
    parsed: ParsedQuery,
    selection: Selection | None = None,
    sort: str = "relevance",
    page_number: int = 1,
    backend: str = "default",
    with_facets: bool = True,
) -> SearchOutcome:
    """Everything the search page shows for one request."""
    selection = selection or Selection()
    sort = sort if sort in SORTS else "relevance"
    outcome = SearchOutcome(query=parsed, selection=selection, sort=sort)
    audience = audience_for(user)
    if selection.community in audience.readable_community_ids:
        outcome.scope = CommunityPage.objects.filter(pk=selection.community).first()
    query = parsed.to_query()
    if query is None:
        return outcome
    try:
        search_backend = get_search_backend(backend)
        runs = _guarded(_run_sources, query, audience, selection, sort=sort, backend=search_backend)
        outcome.total = sum(run.count for run in runs)
        outcome.num_pages = min(MAX_PAGES, -(-outcome.total // PER_PAGE))
        page_number = max(1, page_number)
        if page_number > MAX_PAGES:
            outcome.page_capped = True
        page_number = min(page_number, max(outcome.num_pages, 1))
        outcome.page_number = page_number
        hits = _guarded(_merge_page, runs, audience, sort=sort, page_number=page_number)
        outcome.items = _present(hits, parsed)
        if with_facets:
            outcome.facets = _guarded(_facets, runs, audience, selection)
        if outcome.total < SUGGEST_BELOW:
            suggestion = _suggest(parsed, audience)
            if suggestion is not None:
                suggested_runs = _guarded(
                    _run_sources,
                    suggestion.to_query(),
                    audience,
                    selection,
                    sort=sort,
                    backend=search_backend,
                )
                suggested_total = sum(run.count for run in suggested_runs)
                if suggested_total > outcome.total:
                    outcome.suggestion = suggestion
                    outcome.suggestion_total = suggested_total
        if page_number == 1:
            outcome.promotions = _promotions(parsed, audience)
    except SearchFailed:
        outcome.failed = True
        outcome.items = []
        outcome.total = 0
        outcome.num_pages = 0
        outcome.facets = {}
    return outcome


def autocomplete(
    *, user, text: str, limit: int = AUTOCOMPLETE_LIMIT, backend: str = "default"
) -> list[dict]:
    """Titles that start like ``text``, from what ``user`` may read; [] on any failure."""
    from search.text import parse_query

    parsed = parse_query(text)
    if parsed.is_empty or len(" ".join(parsed.all_words)) < 2:
        return []
    audience = audience_for(user)
    search_backend = get_search_backend(backend)
    suggestions: list[tuple[float, int, dict]] = []

    def collect():
        for source in all_sources():
            if not source.autocomplete:
                continue
            queryset = source.readable(source.model, audience)
            if source.select_related:
                queryset = queryset.select_related(*source.select_related)
            results = search_backend.autocomplete(
                " ".join(parsed.all_words), queryset, operator="and"
            ).annotate_score("_score")
            best = None
            for rank, obj in enumerate(results[:limit]):
                hit = source.present(obj, audience)
                score = getattr(obj, "_score", None)
                if best is None:
                    best = score
                if isinstance(score, (int, float)) and isinstance(best, (int, float)) and best:
                    relevance = float(score) / float(best)
                else:
                    relevance = 1.0 / (1 + rank)
                suggestions.append(
                    (
                        relevance,
                        -source.order,
                        {
                            "title": hit.title,
                            "url": hit.url,
                            "type": source.key,
                            "type_label": str(source.label),
                            "where": hit.where,
                        },
                    )
                )

    try:
        _guarded(collect)
    except SearchFailed:
        return []
    suggestions.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [row[2] for row in suggestions[:limit]]


def selection_from(data: dict) -> Selection:
    """A Selection from cleaned form data (unknown types are ignored upstream)."""
    kind = data.get("type") or ""
    if kind and get_source(kind) is None:
        kind = ""
    return Selection(
        type=kind,
        community=data.get("community"),
        theme=data.get("theme") or "",
        country=data.get("country") or "",
        organisation=data.get("organisation"),
        year=data.get("year"),
        language=data.get("language") or "",
    )


def facet_label(name: str) -> str:
    return {
        "type": _("Type"),
        "community": _("Community"),
        "theme": _("Theme"),
        "country": _("Country"),
        "organisation": _("Organisation"),
        "year": _("Year"),
        "language": _("Language"),
    }[name]


def language_name(code: str) -> str:
    """A language's name in the reader's language (from Django's own catalogue)."""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
