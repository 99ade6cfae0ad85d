"""What the search page searches: one ``SearchSource`` per content type.

Adding a page type to search is one ``register(SearchSource(...))`` entry. A source says
which model it searches, how to narrow that model to what a reader may see (always with
filters on the model's ``FilterField``s, so the search backend applies them inside the
query and totals stay right), which ORM paths lead to the facet values, and how a hit is
shown. Sources whose model is not installed (yet) are skipped silently; facet paths the
model does not declare as filterable are dropped, so a half-built page type never breaks
the search page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from html import unescape
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

# Facet dimensions, in the order the page shows them.
FACETS = ("type", "community", "theme", "country", "organisation", "year", "language")


@dataclass
class Audience:
    """Who is searching, reduced to what the filters need (computed once per request)."""

    user: Any
    readable_community_ids: list[int]
    # Restricted threads (task groups) this reader may read; the rest are filtered out.
    readable_restricted_thread_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    """A result as the page shows it."""

    source: SearchSource
    obj: Model
    title: str
    url: str
    text: str
    where: str = ""
    where_url: str = ""
    date: Any = None
    language: str = ""  # the language code of the text, where a source knows it


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: Any  # lazily translated, singular ("Thread")
    model_label: str  # "app_label.ModelName"
    # The queryset of everything in this source that ``audience`` may read. Filters only on
    # FilterFields (search backends refuse anything else).
    readable: Callable[[Any, Audience], QuerySet]
    present: Callable[[Model, Audience], Hit]
    date_field: str
    # Filter paths (on FilterFields), used to narrow by a facet value. None: no such facet.
    community_filter: str | None = None
    organisation_filter: str | None = None
    country_filter: str | None = None  # else: through organisation_filter
    # A FilterField holding a language code (posts and threads say what they are written in).
    language_filter: str | None = None
    # Own themes (not the community's): a subquery of matching pks, filtered on "id".
    theme_pks: Callable[[Any, str], QuerySet] | None = None
    # Plain ORM paths, used only for counting facet values over matched rows.
    community_path: str | None = None
    theme_path: str | None = None
    country_path: str | None = None
    organisation_path: str | None = None
    select_related: tuple[str, ...] = ()
    autocomplete: bool = True
    # Titles for "did you mean": an ORM path to a short text worth correcting towards.
    vocabulary_fields: tuple[str, ...] = ("title",)
    order: int = 100
    extra: dict = field(default_factory=dict)

    @cached_property
    def model(self) -> type[Model] | None:
        try:
            model = apps.get_model(self.model_label)
        except (LookupError, ValueError):
            return None
        if not getattr(model, "search_fields", None):
            return None
        return model

    @property
    def available(self) -> bool:
        return self.model is not None

    def filterable(self, path: str | None) -> bool:
        """Does the model declare ``path`` (possibly through RelatedFields) as filterable?"""
        if not path or self.model is None:
            return False
        return _filter_path_declared(self.model.get_search_fields(), self.model, path)

    def supports(self, facet: str) -> bool:
        if facet == "community":
            return self.filterable(self.community_filter)
        if facet == "theme":
            if self.theme_pks is not None:
                return self.filterable("id")
            return self.filterable(self.community_filter)
        if facet == "country" and self.country_filter:
            return self.filterable(self.country_filter)
        if facet in ("country", "organisation"):
            return self.filterable(self.organisation_filter)
        if facet == "year":
            return self.filterable(self.date_field)
        if facet == "language":
            return self.filterable(self.language_filter)
        return facet == "type"


def _filter_path_declared(search_fields, model, path: str) -> bool:
    from modelsearch.index import FilterField, RelatedFields

    head, _sep, rest = path.partition("__")
    for search_field in search_fields:
        if rest and isinstance(search_field, RelatedFields) and search_field.field_name == head:
            try:
                related = model._meta.get_field(head).related_model
            except FieldDoesNotExist:
                return False
            return _filter_path_declared(search_field.fields, related, rest)
        if (
            not rest
            and isinstance(search_field, FilterField)
            and head in (search_field.field_name, search_field.get_attname(model))
        ):
            return True
    return False


_REGISTRY: dict[str, SearchSource] = {}


def register(source: SearchSource) -> SearchSource:
    _REGISTRY[source.key] = source
    return source


def all_sources() -> list[SearchSource]:
    """Registered sources whose models exist, in display order."""
    return sorted((s for s in _REGISTRY.values() if s.available), key=lambda s: s.order)


def get_source(key: str) -> SearchSource | None:
    source = _REGISTRY.get(key)
    return source if source and source.available else None


# ---------------------------------------------------------------------------------------
# Helpers for presenting hits
# ---------------------------------------------------------------------------------------


# Tags that end a line of text: their text is kept apart from the next ("NGOs. We
# compare", not "NGOs.We compare"); inline tags (strong, a) join as they are.
_BLOCK_BOUNDARY = re.compile(
    r"<(?:br|hr|/?(?:p|div|li|ul|ol|dl|dt|dd|h[1-6]|blockquote|pre|table|tr|td|th|"
    r"section|article|figure|figcaption))\b[^>]*>",
    re.IGNORECASE,
)


def _plain(html: str) -> str:
    """The visible text of ``html``: tags dropped (blocks apart by a space) and entities
    decoded, so the snippet (which ``search.text.highlight`` escapes) is escaped exactly
    once."""
    return " ".join(unescape(strip_tags(_BLOCK_BOUNDARY.sub(" ", html or ""))).split())


def _page_text(page, *names: str) -> str:
    parts = []
    for name in names:
        value = getattr(page, name, None)
        if value is None:
            continue
        if hasattr(value, "stream_data") or hasattr(value, "raw_data"):
            value = " ".join(str(block.value) for block in value)
        parts.append(_plain(str(value)))
    return " ".join(p for p in parts if p)


def _page_url(page) -> str:
    return page.get_url() or page.url or ""


# ---------------------------------------------------------------------------------------
# Communities, threads and posts
# ---------------------------------------------------------------------------------------


def _readable_communities(model, audience: Audience) -> QuerySet:
    return model.objects.live().public().filter(id__in=audience.readable_community_ids)


def _present_community(page, audience: Audience) -> Hit:
    return Hit(
        source=COMMUNITY,
        obj=page,
        title=page.title,
        url=_page_url(page),
        text=" ".join(filter(None, [page.topic, _plain(page.description)])),
        where=str(_("Communities")),
        where_url="/communities/",
        date=page.first_published_at,
    )


def _present_thread(thread, audience: Audience) -> Hit:
    community = thread.community
    return Hit(
        source=THREAD,
        obj=thread,
        title=thread.title,
        url=thread.get_absolute_url(),
        text=_plain(thread.last_post.html) if thread.last_post_id else "",
        where=community.title,
        where_url=_page_url(community),
        date=thread.created_at,
        language=thread.language,
    )


def _present_post(post, audience: Audience) -> Hit:
    thread = post.thread
    community = thread.community
    return Hit(
        source=POST,
        obj=post,
        title=thread.title,
        url=f"{thread.get_absolute_url()}#post-{post.pk}",
        text=_plain(post.html) or post.source,
        where=community.title,
        where_url=_page_url(community),
        date=post.created_at,
        language=post.language,
    )


COMMUNITY = register(
    SearchSource(
        key="community",
        label=_("Community"),
        model_label="communities.CommunityPage",
        readable=_readable_communities,
        present=_present_community,
        date_field="first_published_at",
        community_filter="id",
        community_path="pk",
        theme_path="tagged_themes__tag__slug",
        vocabulary_fields=("title", "topic"),
        order=10,
    )
)

THREAD = register(
    SearchSource(
        key="thread",
        label=_("Thread"),
        model_label="discussions.Thread",
        readable=lambda model, audience: model.objects.filter(
            Q(restricted=False) | Q(id__in=audience.readable_restricted_thread_ids),
            community_id__in=audience.readable_community_ids,
        ),
        present=_present_thread,
        date_field="created_at",
        community_filter="community_id",
        organisation_filter="author__organisation_id",
        community_path="community_id",
        theme_path="community__tagged_themes__tag__slug",
        country_path="author__organisation__country",
        organisation_path="author__organisation_id",
        language_filter="language",
        select_related=("community", "last_post"),
        order=30,
    )
)

POST = register(
    SearchSource(
        key="post",
        label=_("Post"),
        model_label="discussions.Post",
        readable=lambda model, audience: model.objects.filter(
            Q(thread__restricted=False) | Q(thread_id__in=audience.readable_restricted_thread_ids),
            thread__community_id__in=audience.readable_community_ids,
            hidden_at__isnull=True,
            deleted_at__isnull=True,
        ),
        present=_present_post,
        date_field="created_at",
        community_filter="thread__community_id",
        organisation_filter="author__organisation_id",
        community_path="thread__community_id",
        theme_path="thread__community__tagged_themes__tag__slug",
        country_path="author__organisation__country",
        organisation_path="author__organisation_id",
        language_filter="language",
        select_related=("thread__community",),
        autocomplete=False,
        vocabulary_fields=(),
        order=40,
    )
)


# ---------------------------------------------------------------------------------------
# The guide and the good-practice library (guidebook app; used once its models exist)
# ---------------------------------------------------------------------------------------


def _published_pages(model, audience: Audience) -> QuerySet:
    """Live public pages, each once: in the reader's language where translated, otherwise
    in English (the ids are worked out first: backends filter on plain fields only)."""
    from communities.selectors import in_reader_language

    pages = model.objects.live().public()
    return pages.filter(id__in=list(in_reader_language(pages).values_list("id", flat=True)))


def _guide_chapter_of(page) -> tuple[str, str]:
    parent = page.get_parent()
    return (parent.title, _page_url(parent)) if parent else ("", "")


def _present_guide(page, audience: Audience) -> Hit:
    where, where_url = _guide_chapter_of(page)
    return Hit(
        source=GUIDE,
        obj=page,
        title=page.title,
        url=_page_url(page),
        text=_page_text(page, "summary", "search_description") or _page_text(page, "body"),
        where=where or str(_("Guide")),
        where_url=where_url,
        date=page.last_published_at or page.first_published_at,
    )


def _present_practice(page, audience: Audience) -> Hit:
    # The related community is named only to those who may read it.
    community_id = getattr(page, "related_community_id", None)
    community = None
    if community_id in audience.readable_community_ids:
        community = page.related_community
    return Hit(
        source=PRACTICE,
        obj=page,
        title=page.title,
        url=_page_url(page),
        text=_page_text(page, "summary", "problem", "what_was_done", "search_description"),
        where=community.title if community is not None else str(_("Good-practice library")),
        where_url=_page_url(community) if community is not None else "",
        date=page.first_published_at,
    )


GUIDE = register(
    SearchSource(
        key="guide",
        label=_("Guide chapter"),
        model_label="guidebook.GuidePage",
        readable=_published_pages,
        present=_present_guide,
        date_field="first_published_at",
        order=20,
    )
)

PRACTICE = register(
    SearchSource(
        key="practice",
        label=_("Practice case"),
        model_label="guidebook.PracticePage",
        readable=_published_pages,
        present=_present_practice,
        date_field="first_published_at",
        community_filter="related_community_id",
        community_path="related_community_id",
        country_filter="country",
        country_path="country",
        theme_pks=lambda model, slug: model.objects.filter(tagged_themes__tag__slug=slug).values(
            "pk"
        ),
        theme_path="tagged_themes__tag__slug",
        select_related=("related_community",),
        order=15,
    )
)


# ---------------------------------------------------------------------------------------
# Programmes (Partnerforum, Partnerstvo za spremembe, ...): public pages
# ---------------------------------------------------------------------------------------


def _present_programme(page, audience: Audience) -> Hit:
    return Hit(
        source=PROGRAMME,
        obj=page,
        title=page.title,
        url=_page_url(page),
        text=_page_text(page, "summary") or _page_text(page, "body"),
        where=str(_("Programmes")),
        where_url="/programmes/",
        date=page.last_published_at or page.first_published_at,
    )


PROGRAMME = register(
    SearchSource(
        key="programme",
        label=_("Programme"),
        model_label="programmes.ProgrammePage",
        readable=_published_pages,
        present=_present_programme,
        date_field="first_published_at",
        order=25,
    )
)
