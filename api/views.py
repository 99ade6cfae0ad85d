"""The endpoints of /api/v1/: practice cases, guide chapters, public communities and
public meetings, each a read-only list and detail built on the app's own selectors and
permissions for a signed-out reader."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_view
from wagtail.models import PageLogEntry

from api import filters, serializers
from api.base import LANG_PARAMETER, PublicReadOnlyViewSet
from communities.models import CommunityPage, Membership
from communities.selectors import community_cards, in_reader_language
from guidebook.models import GuidePage, PracticePage
from guidebook.selectors import published_chapters, published_practices
from meetings.models import RSVP
from meetings.selectors import meetings_listing, visible_meetings, visible_meetings_with_going


def latest(*stamps):
    known = [stamp for stamp in stamps if stamp is not None]
    return max(known) if known else None


def page_log_stamp(model) -> object:
    """The latest publish, unpublish, move, deletion or privacy change of ``model``'s
    pages (Wagtail logs them all), so a case that left a list changes its date too."""
    from django.contrib.contenttypes.models import ContentType

    return PageLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model)
    ).aggregate(at=Max("timestamp"))["at"]


PAGE_LIST = extend_schema(parameters=[LANG_PARAMETER])


@extend_schema_view(list=PAGE_LIST, retrieve=PAGE_LIST)
class PracticeViewSet(PublicReadOnlyViewSet):
    """Published good-practice cases: the library's listing, with its filters."""

    filter_backends = [filters.StrictBackend]
    filterset_class = filters.PracticeFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no query
            return PracticePage.objects.none()
        practices = published_practices().select_related("related_community", "locale")
        practices = practices.prefetch_related("themes", "organisations", "attachments__document")
        if self.action == "list":
            return in_reader_language(practices, language=self.language)
        return practices

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.PracticeDetailSerializer
        return serializers.PracticeSerializer

    def last_modified(self, queryset):
        newest = queryset.order_by().aggregate(at=Max("last_published_at"))["at"]
        return latest(newest, page_log_stamp(PracticePage))

    def object_last_modified(self, practice):
        return practice.last_published_at


@extend_schema_view(list=PAGE_LIST, retrieve=PAGE_LIST)
class ChapterViewSet(PublicReadOnlyViewSet):
    """The guide's published chapters, in the guide's order."""

    filter_backends = [filters.StrictBackend]
    filterset_class = filters.ChapterFilterSet

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no query
            return GuidePage.objects.none()
        if self.action == "list":
            return published_chapters(language=self.language).select_related("locale")
        return GuidePage.objects.live().public().select_related("locale")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ChapterDetailSerializer
        return serializers.ChapterSerializer

    def last_modified(self, queryset):
        newest = queryset.order_by().aggregate(at=Max("last_published_at"))["at"]
        return latest(newest, page_log_stamp(GuidePage))

    def object_last_modified(self, chapter):
        return chapter.last_published_at


def _community_stamp(communities):
    pages = communities.order_by().aggregate(
        published=Max("last_published_at"), active=Max("last_activity_at")
    )
    members = (
        Membership.objects.filter(community__in=communities.values("pk"))
        .order_by()
        .aggregate(created=Max("created_at"), joined=Max("joined_at"), ended=Max("ended_at"))
    )
    return latest(*pages.values(), *members.values(), page_log_stamp(CommunityPage))


class CommunityViewSet(PublicReadOnlyViewSet):
    """Public communities (never a members-only one, nor its count), as the index."""

    filter_backends = [filters.StrictBackend]
    filterset_class = filters.CommunityFilterSet

    def get_queryset(self):
        return community_cards(user=AnonymousUser(), readable_only=True)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.CommunityDetailSerializer
        return serializers.CommunitySerializer

    def last_modified(self, queryset):
        return _community_stamp(CommunityPage.objects.filter(pk__in=queryset.values("pk")))

    def object_last_modified(self, community):
        return _community_stamp(CommunityPage.objects.filter(pk=community.pk))


class MeetingViewSet(PublicReadOnlyViewSet):
    """Public meetings: open to all registered users, in public communities; upcoming
    ones by default, ``past=true`` for the past ones."""

    filter_backends = [filters.StrictBackend]
    filterset_class = filters.MeetingFilterSet
    serializer_class = serializers.MeetingSerializer

    def get_queryset(self):
        if self.action == "retrieve":  # any public meeting, past or upcoming
            return visible_meetings_with_going(user=AnonymousUser()).select_related("community")
        return meetings_listing(user=AnonymousUser()).select_related("community")

    def last_modified(self, queryset):
        ids = queryset.order_by().values("pk")
        meetings = visible_meetings(user=AnonymousUser()).filter(pk__in=ids)
        own = meetings.aggregate(at=Max("updated_at"))["at"]
        answers = RSVP.objects.filter(meeting__in=ids).aggregate(at=Max("updated_at"))["at"]
        return latest(own, answers, page_log_stamp(CommunityPage))

    def object_last_modified(self, meeting):
        answers = RSVP.objects.filter(meeting=meeting).aggregate(at=Max("updated_at"))["at"]
        return latest(meeting.updated_at, answers, page_log_stamp(CommunityPage))


# Before /api/v1/ -------------------------------------------------------------------------


def legacy_redirect(request, route: str, **kwargs):
    """The first API's URLs (/api/practices/...) moved to /api/v1/: a permanent redirect
    to the same resource, query string kept (301 for GET and HEAD, 308 otherwise, so a
    client keeps its method)."""
    target = reverse(route, kwargs=kwargs)
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
    if request.method not in ("GET", "HEAD"):
        response.status_code = 308
    return response
