"""Reads for the guide and the library, each written to a fixed number of queries.

Every public list starts from ``published_practices()``: live pages without a view
restriction. Drafts, cases in review and rejected submissions never reach the listing,
feeds, the API or the related-practices box.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import CharField, Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail.models import Page, TaskState, WorkflowState

from communities.models import GovernmentLevel, Organisation
from communities.permissions import can_view_community
from communities.selectors import child_of_any_translation, in_reader_language
from guidebook.models import (
    PracticeIndexPage,
    PracticePage,
    PracticeStatus,
    PracticeTheme,
)
from guidebook.permissions import can_see_provenance, is_practice_editor

PRACTICES_PER_PAGE = 20
RELATED_PRACTICES = 4
THREADS_AROUND = 5

FACETS = ("theme", "country", "level", "status", "year", "organisation")
SORTS = {
    "newest": [F("first_published_at").desc(nulls_last=True), "title"],
    "updated": [F("last_published_at").desc(nulls_last=True), "title"],
    "title": ["title"],
}


@dataclass
class PracticeFilters:
    """Values chosen per facet. Values within a facet combine with OR, facets with AND."""

    theme: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    level: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    organisation: list[int] = field(default_factory=list)

    def active(self) -> bool:
        return any(getattr(self, name) for name in FACETS)


def published_practices() -> QuerySet:
    return PracticePage.objects.live().public()


def published_chapters(*, language: str | None = None) -> QuerySet:
    """The live public chapters of the guide, each once: in ``language`` (the active
    language when not given) where translated, otherwise in English, in the guide's order
    (as ``GuideIndexPage.chapters``)."""
    from guidebook.models import GuidePage

    chapters = GuidePage.objects.live().public()
    return in_reader_language(chapters, language=language).order_by("original_path")


def _organisation_links():
    return PracticePage.organisations.through.objects


def apply_filters(queryset: QuerySet, filters: PracticeFilters, *, skip: str = "") -> QuerySet:
    """Narrow ``queryset`` by every facet but ``skip`` (so a facet counts its own values
    as alternatives: choosing "Poland" still shows how many cases Slovenia has)."""
    if filters.theme and skip != "theme":
        queryset = queryset.filter(
            pk__in=PracticeTheme.objects.filter(tag__slug__in=filters.theme).values(
                "content_object_id"
            )
        )
    if filters.organisation and skip != "organisation":
        queryset = queryset.filter(
            pk__in=_organisation_links()
            .filter(organisation_id__in=filters.organisation)
            .values("practicepage_id")
        )
    if filters.country and skip != "country":
        queryset = queryset.filter(country__in=filters.country)
    if filters.level and skip != "level":
        queryset = queryset.filter(level_of_government__in=filters.level)
    if filters.status and skip != "status":
        queryset = queryset.filter(status__in=filters.status)
    if filters.year and skip != "year":
        queryset = queryset.filter(year_started__in=filters.year)
    return queryset


def _facet_rows(rows, *, selected, label_for) -> list[dict]:
    counts = {}
    labels = {}
    for value, label, count in rows:
        if value in (None, ""):
            continue
        counts[value] = count
        labels[value] = label
    for value in selected:  # a chosen value stays visible even when nothing matches now
        counts.setdefault(value, 0)
    options = [
        {
            "value": value,
            "label": label_for(value, labels.get(value)),
            "count": count,
            "selected": value in selected,
        }
        for value, count in counts.items()
    ]
    return options


def practice_facets(base: QuerySet, filters: PracticeFilters) -> dict[str, list[dict]]:
    """Counts per facet value, six queries whatever the number of cases."""
    level_labels = dict(GovernmentLevel.choices)
    status_labels = dict(PracticeStatus.choices)

    def simple(column: str, facet: str) -> list[tuple]:
        rows = (
            apply_filters(base, filters, skip=facet)
            .order_by()
            .values_list(column)
            .annotate(n=Count("pk"))
        )
        return [(value, None, n) for value, n in rows]

    theme_rows = (
        PracticeTheme.objects.filter(
            content_object_id__in=apply_filters(base, filters, skip="theme").values("pk")
        )
        .order_by()
        .values_list("tag__slug", "tag__name")
        .annotate(n=Count("content_object_id", distinct=True))
    )
    organisation_rows = (
        _organisation_links()
        .filter(practicepage_id__in=apply_filters(base, filters, skip="organisation").values("pk"))
        .order_by()
        .values_list("organisation_id", "organisation__name")
        .annotate(n=Count("practicepage_id", distinct=True))
    )

    facets = {
        "theme": _facet_rows(
            theme_rows, selected=filters.theme, label_for=lambda v, label: label or v
        ),
        "country": _facet_rows(
            simple("country", "country"),
            selected=filters.country,
            label_for=lambda v, label: str(countries.name(v) or v),
        ),
        "level": _facet_rows(
            simple("level_of_government", "level"),
            selected=filters.level,
            label_for=lambda v, label: str(level_labels.get(v, v)),
        ),
        "status": _facet_rows(
            simple("status", "status"),
            selected=filters.status,
            label_for=lambda v, label: str(status_labels.get(v, v)),
        ),
        "year": _facet_rows(
            simple("year_started", "year"),
            selected=filters.year,
            label_for=lambda v, label: str(v),
        ),
        "organisation": _facet_rows(
            organisation_rows,
            selected=filters.organisation,
            label_for=lambda v, label: label or str(v),
        ),
    }
    for name in ("theme", "country", "level", "organisation"):
        facets[name].sort(key=lambda option: (-option["count"], option["label"].casefold()))
    status_order = list(status_labels)
    facets["status"].sort(
        key=lambda o: status_order.index(o["value"]) if o["value"] in status_order else 99
    )
    facets["year"].sort(key=lambda option: -int(option["value"]))
    return facets


def practice_cards(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related("themes", "organisations").only(
        "id",
        "title",
        "slug",
        "path",
        "depth",
        "url_path",
        "live",
        "summary",
        "status",
        "country",
        "level_of_government",
        "year_started",
        "first_published_at",
        "last_published_at",
    )


def practice_listing(
    *, index: PracticeIndexPage, filters: PracticeFilters, sort: str = "newest", page_number=None
) -> dict:
    """The listing page's data: one page of cards, the total and the facet counts."""
    # Each case once: in the reader's language where translated, otherwise in English.
    base = in_reader_language(child_of_any_translation(published_practices(), index))
    matching = apply_filters(base, filters).order_by(*SORTS.get(sort, SORTS["newest"]))
    page = Paginator(practice_cards(matching), PRACTICES_PER_PAGE).get_page(page_number)
    return {
        "practices": page,
        "total": page.paginator.count,
        "facets": practice_facets(base, filters),
        "sort": sort if sort in SORTS else "newest",
    }


def library_version() -> tuple:
    """What the listing's cards and counts depend on, read in one query: how many cases
    there are and are live, the latest publication and the latest revision. Publishing,
    unpublishing, deleting or revising a case changes it at once, in every process (the
    fragment cache's key, ``core.fragments``); changes that leave no trace here (a case
    moved, an organisation or a theme renamed) move the ``pages`` and ``labels``
    generations on instead (``core.fragments``, ``communities.apps``)."""
    row = PracticePage.objects.aggregate(
        pages=Count("pk"),
        live=Count("pk", filter=Q(live=True)),
        published=Max("last_published_at"),
        revised=Max("latest_revision_created_at"),
    )
    return (row["pages"], row["live"], row["published"], row["revised"])


# Status of submissions and proposals -------------------------------------------------------


class SubmissionStatus:
    PUBLISHED = "published"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    SCHEDULED = "scheduled"
    DRAFT = "draft"

    LABELS = {
        PUBLISHED: _("Published"),
        IN_REVIEW: _("In review"),
        CHANGES_REQUESTED: _("Changes requested"),
        SCHEDULED: _("Approved, scheduled for publishing"),
        DRAFT: _("Draft (not submitted)"),
    }


def with_review_state(queryset: QuerySet) -> QuerySet:
    """Annotate the latest workflow status and the latest reviewer comment (two subqueries
    in the same SQL statement)."""
    page_type = ContentType.objects.get_for_model(Page)
    states = WorkflowState.objects.filter(
        base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())
    ).order_by("-created_at", "-pk")
    comments = (
        TaskState.objects.filter(
            workflow_state__base_content_type=page_type,
            workflow_state__object_id=Cast(OuterRef("pk"), CharField()),
        )
        .exclude(comment="")
        .order_by("-finished_at", "-pk")
    )
    return queryset.annotate(
        workflow_status=Subquery(states.values("status")[:1]),
        review_comment=Subquery(comments.values("comment")[:1]),
    )


def submission_status(practice) -> str:
    if practice.live:
        return SubmissionStatus.PUBLISHED
    status = getattr(practice, "workflow_status", None)
    if status == WorkflowState.STATUS_IN_PROGRESS:
        return SubmissionStatus.IN_REVIEW
    if status == WorkflowState.STATUS_NEEDS_CHANGES:
        return SubmissionStatus.CHANGES_REQUESTED
    if status == WorkflowState.STATUS_APPROVED and practice.go_live_at:
        return SubmissionStatus.SCHEDULED
    return SubmissionStatus.DRAFT


def _decorate(practices) -> list:
    for practice in practices:
        practice.submission_status = submission_status(practice)
        practice.submission_status_label = SubmissionStatus.LABELS[practice.submission_status]
    return practices


def my_submissions(*, user) -> list[PracticePage]:
    """The cases a person submitted or proposed, with where each stands in review."""
    if not user.is_authenticated:
        return []
    queryset = with_review_state(
        PracticePage.objects.filter(submitted_by=user).select_related("related_community")
    ).order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    return _decorate(list(queryset))


def practices_from_thread(*, thread) -> list[PracticePage]:
    """Cases proposed from this thread (any state), newest first; one query."""
    queryset = with_review_state(
        PracticePage.objects.filter(source_thread=thread).only(
            "id",
            "title",
            "path",
            "depth",
            "url_path",
            "slug",
            "live",
            "go_live_at",
            "source_post_id",
        )
    ).order_by("-pk")
    return _decorate(list(queryset))


# The practice page ---------------------------------------------------------------------------


def related_practices(
    *, practice: PracticePage, themes=None, limit: int = RELATED_PRACTICES
) -> list:
    """Published cases sharing the most themes with ``practice``."""
    if themes is None:
        themes = practice.themes.all()
    theme_ids = [theme.pk for theme in themes]
    if not theme_ids:
        return []
    return list(
        in_reader_language(published_practices())
        .exclude(translation_key=practice.translation_key)
        .filter(tagged_themes__tag_id__in=theme_ids)
        .annotate(shared=Count("tagged_themes", filter=Q(tagged_themes__tag_id__in=theme_ids)))
        .order_by("-shared", F("first_published_at").desc(nulls_last=True))
        .only("id", "title", "path", "depth", "url_path", "slug", "summary", "status")[:limit]
    )


def threads_around(*, practice: PracticePage, user) -> list:
    """Recent discussions in the related community, if the viewer may read it."""
    community = practice.related_community
    if community is None or not can_view_community(user, community):
        return []
    from discussions.models import Thread
    from discussions.permissions import thread_reader_filter

    return list(
        Thread.objects.filter(community=community)
        .filter(thread_reader_filter(user or AnonymousUser()))
        .exclude(pk=practice.source_thread_id)
        .order_by("-last_activity_at")
        .only("id", "title", "post_count", "last_activity_at", "community_id")[:THREADS_AROUND]
    )


def practice_page_context(*, practice: PracticePage, user) -> dict:
    community = practice.related_community
    source_thread = practice.source_thread
    provenance_visible = can_see_provenance(user, practice)
    themes = list(practice.themes.all())
    return {
        "library": practice.get_parent(),
        "themes": themes,
        "organisations": list(practice.organisations.all()),
        # Read only when the case's fragment is rendered (not when it comes from the cache).
        "attachments": SimpleLazyObject(
            lambda: list(practice.attachments.select_related("document"))
        ),
        "images": SimpleLazyObject(lambda: list(practice.gallery_images.select_related("image"))),
        "related_practices": related_practices(practice=practice, themes=themes),
        "threads_around": threads_around(practice=practice, user=user),
        "community_visible": bool(community and can_view_community(user, community)),
        "source_thread": source_thread if provenance_visible else None,
        "from_hidden_discussion": bool(source_thread and not provenance_visible),
        "can_edit_practice": is_practice_editor(user),
    }


def organisation_choices() -> QuerySet:
    return Organisation.objects.order_by("name")


@dataclass
class PromotionPreview:
    """What "Propose as good practice" would copy from a thread into the draft."""

    title: str
    text: str
    problem: str
    tags: list[str]
    confidential: bool


def promotion_preview(*, thread, post=None) -> PromotionPreview:
    from django.utils.html import strip_tags

    from discussions.models import Post
    from guidebook.permissions import thread_is_confidential

    visible = Post.objects.visible().filter(thread=thread)
    opening = visible.order_by("id").first()
    source = post or opening

    def plain(item) -> str:
        return " ".join(strip_tags(item.html).split()) if item else ""

    return PromotionPreview(
        title=thread.title,
        text=plain(source),
        problem=plain(opening) if opening and opening != source else "",
        tags=list(thread.tags.order_by("name").values_list("name", flat=True)),
        confidential=thread_is_confidential(thread),
    )
