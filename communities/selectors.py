"""Reads shared by pages and consumers, each written to a fixed number of queries.

Every list of communities starts from ``permissions.readable_community_filter`` or
``card_community_filter``, so what a person may not see is never fetched.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from taggit.models import Tag

from communities.models import (
    CommunityPage,
    Membership,
    MembershipRole,
    MembershipStatus,
    User,
)
from communities.permissions import (
    can_facilitate,
    can_post,
    card_community_filter,
    membership_for,
    readable_community_filter,
)

CARDS_PER_PAGE = 24
MEMBERS_PER_PAGE = 50


def _count_subquery(queryset: QuerySet, expression) -> Coalesce:
    """A correlated COUNT over ``queryset`` (already filtered on OuterRef)."""
    counted = (
        queryset.order_by()
        .annotate(_group=Value(1))
        .values("_group")
        .annotate(total=expression)
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _active_members_of_outer():
    return Membership.objects.filter(community=OuterRef("pk"), status=MembershipStatus.ACTIVE)


def with_card_figures(queryset: QuerySet, *, user) -> QuerySet:
    """Annotate member and organisation counts and the viewer's own membership status."""
    queryset = queryset.annotate(
        member_count=_count_subquery(_active_members_of_outer(), Count("pk")),
        organisation_count=_count_subquery(
            _active_members_of_outer(), Count("user__organisation", distinct=True)
        ),
    )
    if not user.is_authenticated:
        # Present but empty, so templates never fall back to slow attribute lookups.
        return queryset.annotate(
            my_status=Value(None, output_field=CharField()),
            my_role=Value(None, output_field=CharField()),
        )
    mine = Membership.objects.filter(community=OuterRef("pk"), user=user)
    queryset = queryset.annotate(
        my_status=Subquery(mine.values("status")[:1], output_field=CharField()),
        my_role=Subquery(mine.values("role")[:1], output_field=CharField()),
    )
    return queryset


def visible_communities_for(user) -> QuerySet:
    """Communities whose content the user may read."""
    return CommunityPage.objects.live().filter(readable_community_filter(user))


def _originals(queryset: QuerySet) -> QuerySet:
    """A community is its original page (members, threads and meetings belong to it): a
    translation of a community page is reached from the page's language links and is
    never listed as a community of its own."""
    from django.conf import settings

    return queryset.filter(locale__language_code=settings.LANGUAGE_CODE)


def community_cards(
    *, user, theme: str = "", query: str = "", sort: str = "activity", readable_only=False
):
    """The index's cards; ``readable_only``: only communities whose content the user may
    read (the API's list: a members-only community's card is not even counted there)."""
    visible = readable_community_filter(user) if readable_only else card_community_filter(user)
    queryset = _originals(CommunityPage.objects.live().filter(visible))
    if theme:
        queryset = queryset.filter(themes__slug=theme)
    if query:
        queryset = queryset.filter(Q(title__icontains=query) | Q(topic__icontains=query))
    queryset = with_card_figures(queryset, user=user).prefetch_related("themes")
    ordering = {
        "activity": [F("last_activity_at").desc(nulls_last=True), "title"],
        "size": ["-member_count", "title"],
        "name": ["title"],
        "newest": [F("first_published_at").desc(nulls_last=True), "title"],
    }.get(sort, [F("last_activity_at").desc(nulls_last=True), "title"])
    return queryset.order_by(*ordering).distinct()


def community_cards_page(
    *, user, theme: str = "", query: str = "", sort: str = "activity", page_number=None
) -> PaginatorPage:
    cards = community_cards(user=user, theme=theme, query=query, sort=sort)
    return Paginator(cards, CARDS_PER_PAGE).get_page(page_number)


def community_themes(*, user) -> QuerySet:
    """Themes used by communities the user can see, with how many use each."""
    visible = CommunityPage.objects.live().filter(card_community_filter(user))
    return (
        Tag.objects.filter(communities_communitytheme_items__content_object__in=visible)
        .annotate(community_count=Count("communities_communitytheme_items", distinct=True))
        .order_by("name")
    )


def my_communities(*, user) -> QuerySet:
    if not user.is_authenticated:
        return CommunityPage.objects.none()
    mine = CommunityPage.objects.live().filter(
        memberships__user=user, memberships__status=MembershipStatus.ACTIVE
    )
    return with_card_figures(mine, user=user).prefetch_related("themes").order_by("title")


def my_open_invitations(*, user) -> QuerySet:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, status=MembershipStatus.INVITED, community__live=True)
        .select_related("community", "invited_by")
        .order_by("-created_at")
    )


def my_pending_requests(*, user) -> QuerySet:
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user, status=MembershipStatus.PENDING, community__live=True)
        .select_related("community")
        .order_by("-created_at")
    )


@dataclass(frozen=True)
class CrossSiloFigures:
    members: int
    organisations: int
    departments: int
    countries: int
    by_organisation: list[dict]


def _member_country():
    """A member's own country, or else their organisation's."""
    return Coalesce(NullIf(F("user__country"), Value("")), F("user__organisation__country"))


FIGURES_SECONDS = 600


def cross_silo_figures(*, community: CommunityPage) -> CrossSiloFigures:
    """Distinct organisations, departments and countries among active members: 3 queries,
    or none when cached. Kept per community under the ``memberships`` generation (moved
    on by any change to a membership or a person, ``communities.apps``) and ``labels``
    (organisations); at most ``FIGURES_SECONDS`` old for changes that bypass signals (bulk
    updates of the demo). With the cache down, counted every time."""
    from django.core.cache import cache

    from core.fragments import fragment_key

    key = fragment_key("cross-silo", (community.pk,), topics=("memberships", "labels"))
    figures = cache.get(key) if key is not None else None
    if figures is None:
        figures = _count_cross_silo_figures(community=community)
        if key is not None:
            cache.set(key, figures, FIGURES_SECONDS)
    return figures


def _count_cross_silo_figures(*, community: CommunityPage) -> CrossSiloFigures:
    active = Membership.objects.active().filter(community=community)
    totals = active.aggregate(
        members=Count("pk"),
        organisations=Count("user__organisation", distinct=True),
        countries=Count(_member_country(), distinct=True),
    )
    departments = (
        active.exclude(user__department="")
        .values("user__organisation", "user__department")
        .distinct()
        .count()
    )
    by_organisation = list(
        active.values(
            "user__organisation",
            "user__organisation__name",
            "user__organisation__short_name",
            "user__organisation__type",
            "user__organisation__country",
        )
        .annotate(
            members=Count("pk"),
            departments=Count(NullIf(F("user__department"), Value("")), distinct=True),
        )
        .order_by("-members", "user__organisation__name")
    )
    return CrossSiloFigures(
        members=totals["members"],
        organisations=totals["organisations"],
        departments=departments,
        countries=totals["countries"],
        by_organisation=by_organisation,
    )


def facilitators_of(*, community: CommunityPage) -> QuerySet:
    return (
        User.objects.filter(
            memberships__community=community,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__role=MembershipRole.FACILITATOR,
        )
        .select_related("organisation")
        .order_by("display_name", "username")
    )


def member_directory(
    *,
    community: CommunityPage,
    query: str = "",
    organisation_id: int | None = None,
    staff_level: str = "",
    role: str = "",
) -> QuerySet:
    members = (
        Membership.objects.active()
        .filter(community=community)
        .select_related("user", "user__organisation")
    )
    if query:
        members = members.filter(
            Q(user__display_name__icontains=query)
            | Q(user__first_name__icontains=query)
            | Q(user__last_name__icontains=query)
            | Q(user__username__icontains=query)
            | Q(user__department__icontains=query)
            | Q(user__job_title__icontains=query)
        )
    if organisation_id:
        members = members.filter(user__organisation_id=organisation_id)
    if staff_level:
        members = members.filter(user__staff_level=staff_level)
    if role:
        members = members.filter(role=role)
    return members.order_by("-role", "user__display_name", "user__username")


def pending_requests(*, community: CommunityPage) -> QuerySet:
    return (
        Membership.objects.filter(community=community, status=MembershipStatus.PENDING)
        .select_related("user", "user__organisation")
        .order_by("created_at")
    )


def open_invitations(*, community: CommunityPage) -> QuerySet:
    return (
        Membership.objects.filter(community=community, status=MembershipStatus.INVITED)
        .select_related("user", "user__organisation", "invited_by")
        .order_by("-created_at")
    )


def community_page_context(*, community: CommunityPage, user) -> dict:
    membership = membership_for(user, community)
    facilitating = can_facilitate(user, community)
    context = {
        "membership": membership,
        "is_member": bool(membership and membership.is_active),
        "can_post": can_post(user, community),
        "can_facilitate": facilitating,
        "figures": cross_silo_figures(community=community),
        "facilitators": list(facilitators_of(community=community)),
        "recent_members": list(
            Membership.objects.active()
            .filter(community=community)
            .select_related("user", "user__organisation")
            .order_by("-joined_at")[:8]
        ),
        "community_themes": list(community.themes.all()),
    }
    if facilitating:
        context["pending_request_count"] = pending_requests(community=community).count()
    return context


def recent_activity(*, user, limit: int = 10) -> list[dict]:
    """Recent joins and newly published communities the user may see, newest first."""
    readable = visible_communities_for(user)
    joins = (
        Membership.objects.active()
        .filter(community__in=readable, joined_at__isnull=False)
        .select_related("user", "user__organisation", "community")
        .order_by("-joined_at")[:limit]
    )
    launched = readable.filter(first_published_at__isnull=False).order_by("-first_published_at")[
        :limit
    ]
    items = [
        {"kind": "joined", "when": m.joined_at, "person": m.user, "community": m.community}
        for m in joins
    ] + [{"kind": "launched", "when": c.first_published_at, "community": c} for c in launched]
    items.sort(key=lambda item: item["when"], reverse=True)
    return items[:limit]


def home_page_context(*, user) -> dict:
    active = with_card_figures(_originals(visible_communities_for(user)), user=user)
    return {
        "my_communities": list(my_communities(user=user)),
        "active_communities": list(
            active.prefetch_related("themes").order_by(
                F("last_activity_at").desc(nulls_last=True), "title"
            )[:6]
        ),
        "recent_activity": recent_activity(user=user),
        "invitations": list(my_open_invitations(user=user)),
        "community_total": visible_communities_for(user).count(),
    }


def profile_context(*, person: User, viewer) -> dict:
    """A person's communities and recent activity, limited to what the viewer may read."""
    readable = visible_communities_for(viewer)
    memberships = (
        Membership.objects.active()
        .filter(user=person, community__in=readable)
        .select_related("community")
        .order_by("community__title")
    )
    return {
        "person": person,
        "memberships": list(memberships),
        "recent_activity": [
            {"kind": "joined", "when": m.joined_at, "community": m.community}
            for m in sorted(
                (m for m in memberships if m.joined_at),
                key=lambda m: m.joined_at,
                reverse=True,
            )[:10]
        ],
    }


# Translations ------------------------------------------------------------------------------


def reader_content_language(language: str | None = None) -> str:
    """The content language (a code of WAGTAIL_CONTENT_LANGUAGES) for ``language``, the
    active language when not given; the default when it has none."""
    from django.conf import settings
    from django.utils.translation import get_language
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(language or get_language())
    except LookupError:
        return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def in_reader_language(pages: QuerySet, *, language: str | None = None) -> QuerySet:
    """Which translation a reader gets: of each page of ``pages`` (one Wagtail
    ``translation_key``), the live translation in the reader's ``language`` (the active
    language when not given) where ``pages`` holds one, otherwise the page in the default
    locale (English). So a listing or a search shows each chapter or case once, in the
    reader's language where it can. ``pages`` is what this reader may see (live, public,
    permitted); an alias (an untranslated copy of a section) is never a translation.

    Annotates ``original_path``, the tree path of the default-locale original, to keep a
    listing in the original order: translations sit in their own locale's tree."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Page

    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    reader = reader_content_language(language)
    originals = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale__language_code=default
    ).values("path")[:1]
    pages = pages.annotate(original_path=Coalesce(Subquery(originals), F("path")))
    if reader == default:
        return pages.filter(locale__language_code=default)
    translated = Q(locale__language_code=reader, alias_of__isnull=True)
    reader_has_it = pages.filter(translated, translation_key=OuterRef("translation_key"))
    return pages.filter(
        translated | (Q(locale__language_code=default) & ~Exists(reader_has_it.values("pk")))
    )


def child_of_any_translation(pages: QuerySet, parent) -> QuerySet:
    """``pages`` under ``parent`` or under one of its translations (or aliases): the
    chapters of the guide in every locale (1 query for the parents' paths)."""
    paths = list(parent.get_translations(inclusive=True).values_list("path", "depth"))
    under = Q(pk__in=[])
    for path, depth in paths:
        under |= Q(path__startswith=path, depth=depth + 1)
    return pages.filter(under)


def page_translations(page, *, language: str | None = None) -> dict:
    """The languages a page exists in, for its language links and ``hreflang``
    alternates: its live translations (aliases left out), each with its language code,
    plus whether the reader's language is missing (1 query)."""
    from wagtail.models import Page

    reader = reader_content_language(language)
    rows = list(
        Page.objects.filter(translation_key=page.translation_key)
        .filter(Q(live=True, alias_of__isnull=True) | Q(pk=page.pk))
        .select_related("locale")
        .order_by("locale__language_code")
    )
    own = next((row for row in rows if row.pk == page.pk), page)
    if own is not page:
        page.locale = own.locale  # the templates read page.locale again: no second query
    page_language = own.locale.language_code
    return {
        "page_language": page_language,
        "reader_language": reader,
        "translations": [row for row in rows if row.pk != page.pk],
        "all": rows,
        "missing": page_language != reader
        and not any(row.locale.language_code == reader for row in rows),
    }
