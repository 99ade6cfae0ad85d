"""What each endpoint returns: only what the public page shows a signed-out visitor (no
drafts, no submitter or contact e-mail, no provenance from a members-only community, no
online link of a meeting, no attendee names)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from wagtail.rich_text import expand_db_html

from communities.models import CommunityPage
from communities.permissions import can_view_community
from guidebook.models import PRACTICE_PROSE_FIELDS, GuidePage, PracticePage
from meetings.models import Meeting


def absolute(request, url: str | None) -> str | None:
    return request.build_absolute_uri(url) if url else None


class ApiUrlMixin(serializers.Serializer):
    api_url = serializers.SerializerMethodField(help_text="This item in the API.")
    api_route = ""

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, obj) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(reverse(self.api_route, kwargs={"pk": obj.pk}))


class PageMixin(ApiUrlMixin):
    url = serializers.SerializerMethodField(help_text="The public page.")
    language = serializers.SerializerMethodField(
        help_text="The language of this translation (lang code)."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page) -> str | None:
        request = self.context["request"]
        return absolute(request, page.get_url(request=request))

    def get_language(self, page) -> str:
        return page.locale.language_code


@extend_schema_field({"type": "string", "nullable": True})
class LabelledChoiceField(serializers.Field):
    """The label of a model's choice field, in the answer's language."""

    def __init__(self, source_field: str, **kwargs):
        self.source_field = source_field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        raw = getattr(value, self.source_field)
        return str(getattr(value, f"get_{self.source_field}_display")()) if raw else None


class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    country = serializers.SerializerMethodField()

    def get_country(self, organisation) -> str | None:
        return organisation.country.code or None


class CommunityLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.SerializerMethodField()
    api_url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, community) -> str:
        request = self.context["request"]
        return absolute(request, community.get_url(request=request))

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, community) -> str:
        request = self.context["request"]
        return request.build_absolute_uri(
            reverse("api:community-detail", kwargs={"pk": community.pk})
        )


class AttachmentSerializer(serializers.Serializer):
    title = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    file_extension = serializers.SerializerMethodField()

    def get_title(self, link) -> str:
        return link.title or link.document.title

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, link) -> str:
        return absolute(self.context["request"], link.document.url)

    def get_file_extension(self, link) -> str:
        return link.document.file_extension


class PracticeSerializer(PageMixin, serializers.ModelSerializer):
    api_route = "api:practice-detail"
    status_label = LabelledChoiceField("status")
    country = serializers.SerializerMethodField()
    country_name = serializers.SerializerMethodField()
    level_of_government_label = LabelledChoiceField("level_of_government")
    sector_label = LabelledChoiceField("sector")
    themes = serializers.SerializerMethodField()
    organisations = OrganisationSerializer(many=True, read_only=True)
    related_community = serializers.SerializerMethodField(
        help_text="The related community, when it is public."
    )
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = PracticePage
        fields = [
            "id",
            "title",
            "url",
            "api_url",
            "language",
            "summary",
            "status",
            "status_label",
            "country",
            "country_name",
            "level_of_government",
            "level_of_government_label",
            "sector",
            "sector_label",
            "year_started",
            "themes",
            "organisations",
            "first_published_at",
            "last_published_at",
            *PRACTICE_PROSE_FIELDS,
            "contact_name",
            "source_citation",
            "source_url",
            "source_date",
            "related_community",
            "attachments",
        ]

    def get_country(self, practice) -> str | None:
        return practice.country.code or None

    def get_country_name(self, practice) -> str | None:
        return str(practice.country.name) if practice.country else None

    def get_themes(self, practice) -> list[str]:
        return [theme.name for theme in practice.themes.all()]

    @extend_schema_field(CommunityLinkSerializer(allow_null=True))
    def get_related_community(self, practice):
        community = practice.related_community
        if community is None or not can_view_community(AnonymousUser(), community):
            return None
        return CommunityLinkSerializer(community, context=self.context).data

    def to_representation(self, practice):
        data = super().to_representation(practice)
        for name in PRACTICE_PROSE_FIELDS:
            data[name] = expand_db_html(getattr(practice, name) or "")
        for name in (
            "level_of_government",
            "sector",
            "contact_name",
            "source_citation",
            "source_url",
            "source_date",
        ):
            data[name] = data[name] or None
        return data


class TranslationSerializer(serializers.Serializer):
    language = serializers.CharField()
    url = serializers.URLField()
    api_url = serializers.URLField()


class PracticeDetailSerializer(PracticeSerializer):
    translations = serializers.SerializerMethodField(
        help_text="The other languages this case is published in."
    )

    class Meta(PracticeSerializer.Meta):
        fields = [*PracticeSerializer.Meta.fields, "translations"]

    @extend_schema_field(TranslationSerializer(many=True))
    def get_translations(self, page):
        return translations_of(page, self.context["request"], self.api_route)


def translations_of(page, request, route: str) -> list[dict]:
    others = (
        type(page)
        .objects.live()
        .public()
        .filter(translation_key=page.translation_key, alias_of__isnull=True)
        .exclude(pk=page.pk)
        .select_related("locale")
        .order_by("locale__language_code")
    )
    return [
        {
            "language": other.locale.language_code,
            "url": absolute(request, other.get_url(request=request)),
            "api_url": request.build_absolute_uri(reverse(route, kwargs={"pk": other.pk})),
        }
        for other in others
    ]


class ChapterSerializer(PageMixin, serializers.ModelSerializer):
    api_route = "api:chapter-detail"

    class Meta:
        model = GuidePage
        fields = [
            "id",
            "title",
            "url",
            "api_url",
            "language",
            "summary",
            "last_reviewed",
            "first_published_at",
            "last_published_at",
        ]


class SectionSerializer(serializers.Serializer):
    text = serializers.CharField()
    anchor = serializers.CharField()


class ChapterDetailSerializer(ChapterSerializer):
    sections = serializers.SerializerMethodField(help_text="The chapter's section headings.")
    body_html = serializers.SerializerMethodField(help_text="The chapter as the page shows it.")
    translations = serializers.SerializerMethodField()

    class Meta(ChapterSerializer.Meta):
        fields = [*ChapterSerializer.Meta.fields, "sections", "body_html", "translations"]

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, chapter):
        return chapter.table_of_contents()

    def get_body_html(self, chapter) -> str:
        request = self.context["request"]
        return str(chapter.body.render_as_block(context={"request": request, "page": chapter}))

    @extend_schema_field(TranslationSerializer(many=True))
    def get_translations(self, page):
        return translations_of(page, self.context["request"], self.api_route)


class CommunitySerializer(ApiUrlMixin, serializers.ModelSerializer):
    api_route = "api:community-detail"
    url = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    join_policy_label = LabelledChoiceField("join_policy")
    member_count = serializers.IntegerField(read_only=True)
    organisation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CommunityPage
        fields = [
            "id",
            "title",
            "url",
            "api_url",
            "topic",
            "themes",
            "join_policy",
            "join_policy_label",
            "meeting_rhythm",
            "time_zone",
            "member_count",
            "organisation_count",
            "last_activity_at",
            "first_published_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, community) -> str | None:
        request = self.context["request"]
        return absolute(request, community.get_url(request=request))

    def get_themes(self, community) -> list[dict]:
        return [{"slug": t.slug, "name": t.name} for t in community.themes.all()]


class CommunityDetailSerializer(CommunitySerializer):
    description = serializers.SerializerMethodField()

    class Meta(CommunitySerializer.Meta):
        fields = [*CommunitySerializer.Meta.fields, "description"]

    def get_description(self, community) -> str:
        return expand_db_html(community.description or "")


class MeetingSerializer(ApiUrlMixin, serializers.ModelSerializer):
    api_route = "api:meeting-detail"
    url = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField(help_text="The meeting as an .ics file.")
    format_label = LabelledChoiceField("format")
    online = serializers.SerializerMethodField(
        help_text="Has an online link (shared with people who can attend, not here)."
    )
    going_count = serializers.IntegerField(read_only=True)
    community = CommunityLinkSerializer(read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "url",
            "api_url",
            "calendar_url",
            "description",
            "format",
            "format_label",
            "starts_at",
            "ends_at",
            "time_zone",
            "language",
            "place",
            "online",
            "capacity",
            "going_count",
            "is_illustrative",
            "community",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, meeting) -> str:
        return self.context["request"].build_absolute_uri(meeting.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar_url(self, meeting) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("meeting_ics", kwargs={"meeting_id": meeting.pk})
        )

    def get_online(self, meeting) -> bool:
        return bool(meeting.online_url)
