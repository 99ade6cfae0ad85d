"""People, organisations and communities.

A community is a Wagtail page (editors create and publish it in the admin, with revisions);
membership, roles and join requests are ordinary rows changed only through
``communities.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.conf.global_settings import LANGUAGES as ALL_LANGUAGES
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from core.timezones import validate_time_zone

LANGUAGE_CHOICES = sorted(ALL_LANGUAGES, key=lambda item: str(item[1]))
MIN_TOPIC_LENGTH = 30


class StaffLevel(models.TextChoices):
    SPECIALIST = "specialist", _("Specialist")
    SENIOR_SPECIALIST = "senior_specialist", _("Senior specialist / expert")
    TEAM_LEAD = "team_lead", _("Team lead")
    MANAGER = "manager", _("Manager (head of unit)")
    DIRECTOR = "director", _("Director")
    SENIOR_EXECUTIVE = "senior_executive", _("Senior executive")
    OTHER = "other", _("Other")


class OrganisationType(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    CENTRAL_AGENCY = "central_agency", _("Central agency")
    REGIONAL_OFFICE = "regional_office", _("Regional office")
    MUNICIPALITY = "municipality", _("Municipality")
    UNIVERSITY = "university", _("University")
    NGO = "ngo", _("NGO")
    COMPANY = "company", _("Company")
    INTERNATIONAL = "international", _("International body")


class GovernmentLevel(models.TextChoices):
    CENTRAL = "central", _("Central")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")
    NOT_APPLICABLE = "n/a", _("Not applicable")


class EmailKind(models.TextChoices):
    """What Praxis may e-mail a person about; each kind has its own setting."""

    MENTION = "mention", _("Someone mentions me")
    REPLY = "reply", _("Someone replies to my post")
    ANSWER = "answer", _("Answers in threads I started, and my posts marked as the answer")
    FOLLOWED = "followed", _("New posts in threads I follow")
    MEMBERSHIP = "membership", _("Join requests and decisions on them")
    MEETINGS = "meetings", _("Meeting changes and moves from the waiting list")
    MODERATION = "moderation", _("A facilitator hides one of my posts")
    FLAGS = "flags", _("New reports of posts in communities I facilitate")


class EmailDelivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("E-mail me straight away")
    DIGEST = "digest", _("Include it in my digest")
    NEVER = "never", _("Do not e-mail me")


class DigestFrequency(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    NEVER = "never", _("Never")


# Discourse's defaults as the example: what is addressed to me comes at once, the rest of
# a followed thread waits for the digest.
DEFAULT_EMAIL_DELIVERY = {
    EmailKind.MENTION: EmailDelivery.IMMEDIATELY,
    EmailKind.REPLY: EmailDelivery.IMMEDIATELY,
    EmailKind.ANSWER: EmailDelivery.IMMEDIATELY,
    EmailKind.FOLLOWED: EmailDelivery.DIGEST,
    EmailKind.MEMBERSHIP: EmailDelivery.IMMEDIATELY,
    EmailKind.MEETINGS: EmailDelivery.IMMEDIATELY,
    EmailKind.MODERATION: EmailDelivery.IMMEDIATELY,
    EmailKind.FLAGS: EmailDelivery.IMMEDIATELY,
}


@register_snippet
class Organisation(index.Indexed, models.Model):
    """A ministry, agency, municipality, university, NGO or company people work for."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    country = CountryField(_("country"))
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    level_of_government = models.CharField(
        _("level of government"), max_length=10, choices=GovernmentLevel.choices
    )
    website = models.URLField(_("website"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("country"),
        FieldPanel("type"),
        FieldPanel("level_of_government"),
        FieldPanel("website"),
    ]
    search_fields = [
        index.SearchField("name", boost=2),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
        index.FilterField("country"),
        index.FilterField("type"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    """A person in Praxis. The profile lives on the user row so member lists need one join."""

    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    department = models.CharField(_("department or unit"), max_length=200, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    staff_level = models.CharField(
        _("staff level"), max_length=20, choices=StaffLevel.choices, blank=True
    )
    country = CountryField(_("country"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    language = models.CharField(
        _("language of Praxis"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Praxis's pages and e-mails to you are in this language."),
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("An invented person in the demo content, not a real member of staff."),
    )
    email_preferences = models.JSONField(
        _("e-mail preferences"),
        default=dict,
        blank=True,
        help_text=_("For each kind of e-mail: straight away, in the digest, or never."),
    )
    digest_frequency = models.CharField(
        _("digest"),
        max_length=10,
        choices=DigestFrequency.choices,
        default=DigestFrequency.WEEKLY,
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("profile", kwargs={"username": self.username})

    def email_delivery(self, kind: str) -> str:
        """``immediately``, ``digest`` or ``never`` for this kind of e-mail."""
        chosen = (self.email_preferences or {}).get(kind)
        if chosen in EmailDelivery.values:
            return chosen
        return DEFAULT_EMAIL_DELIVERY.get(kind, EmailDelivery.IMMEDIATELY)

    def wants_email_now(self, kind: str) -> bool:
        return bool(self.email) and self.is_active and self.email_delivery(kind) == "immediately"

    @property
    def language_names(self) -> list[str]:
        names = dict(ALL_LANGUAGES)
        return [str(names[code]) for code in self.languages if code in names]


class HomePage(Page):
    """The site root: what Praxis is, my communities, active communities, recent activity."""

    intro = models.CharField(_("intro"), max_length=300, blank=True)
    body = RichTextField(_("about Praxis"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    subpage_types = [
        "communities.CommunityIndexPage",
        "guidebook.GuideIndexPage",
        "guidebook.PracticeIndexPage",
        "programmes.ProgrammeIndexPage",
        "about.AccessibilityStatementPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from communities import selectors
        from communities.extensions import page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_page_context(user=request.user))
        context.update(page_context("home", page=self, request=request))
        return context


class CommunityIndexPage(Page):
    """/communities/: every community a visitor may know about, as cards."""

    intro = models.CharField(_("intro"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["communities.HomePage"]
    subpage_types = ["communities.CommunityPage"]
    max_count = 1

    class Meta:
        verbose_name = _("community index")

    def get_context(self, request, *args, **kwargs):
        from communities import selectors
        from communities.forms import CommunityFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = CommunityFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        page = selectors.community_cards_page(
            user=request.user,
            theme=filters.get("theme") or "",
            query=filters.get("q") or "",
            sort=filters.get("sort") or "activity",
            page_number=request.GET.get("page"),
        )
        querystring = request.GET.copy()
        querystring.pop("page", None)
        context.update(
            filter_form=form,
            filter_querystring=querystring.urlencode(),
            cards=page,
            themes=selectors.community_themes(user=request.user),
        )
        return context


class CommunityTheme(TaggedItemBase):
    content_object = ParentalKey(
        "communities.CommunityPage", related_name="tagged_themes", on_delete=models.CASCADE
    )


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone reads, members post")
    MEMBERS = "members", _("Members only")


class JoinPolicy(models.TextChoices):
    OPEN = "open", _("Open: anyone may join")
    REQUEST = "request", _("On request: a facilitator approves")
    INVITATION = "invitation", _("Invitation only")


class CommunityPage(RoutablePageMixin, Page):
    """A themed community of practice: one clearly defined topic, voluntary membership."""

    topic = models.CharField(
        _("topic statement"),
        max_length=300,
        help_text=_(
            "One specific sentence: what members regularly discuss. "
            "A community without a clear topic cannot be published."
        ),
    )
    description = RichTextField(_("description"), blank=True)
    themes = ClusterTaggableManager(verbose_name=_("themes"), through=CommunityTheme, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    listed_in_index = models.BooleanField(
        _("show a card in the index to non-members"),
        default=True,
        help_text=_(
            "Members-only communities only: show name, topic and themes to people who "
            "are not members, so they can ask to join. Otherwise non-members never learn "
            "the community exists."
        ),
    )
    join_policy = models.CharField(
        _("join policy"), max_length=12, choices=JoinPolicy.choices, default=JoinPolicy.OPEN
    )
    meeting_rhythm = models.CharField(
        _("meeting rhythm"),
        max_length=200,
        blank=True,
        help_text=_("For example: breakfast meeting 09:00-11:00 on the first Tuesday."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        default="Europe/Warsaw",
        validators=[validate_time_zone],
        help_text=_("Meetings are scheduled in this time zone, e.g. Europe/Oslo."),
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("topic"),
        FieldPanel("description"),
        FieldPanel("themes"),
        MultiFieldPanel(
            [
                FieldPanel("visibility"),
                FieldPanel("listed_in_index"),
                FieldPanel("join_policy"),
                FieldPanel("meeting_rhythm"),
                FieldPanel("time_zone"),
            ],
            heading=_("Membership"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("topic", boost=3),
        index.SearchField("description"),
        index.AutocompleteField("topic"),
        index.FilterField("visibility"),
        index.RelatedFields("themes", [index.SearchField("name", boost=2)]),
    ]
    parent_page_types = ["communities.CommunityIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def clean(self):
        super().clean()
        topic = " ".join((self.topic or "").split())
        if len(topic) < MIN_TOPIC_LENGTH or len(topic.split()) < 5:
            raise ValidationError(
                {
                    "topic": ngettext(
                        "Say in one specific sentence (at least %(chars)d character, five "
                        "words) what members regularly discuss.",
                        "Say in one specific sentence (at least %(chars)d characters, five "
                        "words) what members regularly discuss.",
                        MIN_TOPIC_LENGTH,
                    )
                    % {"chars": MIN_TOPIC_LENGTH}
                }
            )
        if topic.casefold() == (self.title or "").strip().casefold():
            raise ValidationError(
                {"topic": _("The topic must say more than the community's name.")}
            )
        self.topic = topic

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    def get_sitemap_urls(self, request=None):
        # A members-only community is not listed anywhere public, not even its address.
        if self.is_members_only:
            return []
        return super().get_sitemap_urls(request)

    def serve(self, request, *args, **kwargs):
        from communities.permissions import can_view_community

        if not can_view_community(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from communities import selectors
        from communities.extensions import page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.community_page_context(community=self, user=request.user))
        context.update(page_context("community", page=self, request=request))
        return context

    @path("members/")
    def members(self, request):
        from communities import views

        return views.community_members(request, community=self)

    @path("manage/")
    def manage(self, request):
        from communities import views

        return views.community_manage(request, community=self)


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    FACILITATOR = "facilitator", _("Facilitator")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Requested to join")
    INVITED = "invited", _("Invited")
    LEFT = "left", _("Left")
    REMOVED = "removed", _("Removed")
    DECLINED = "declined", _("Request declined")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=MembershipStatus.ACTIVE)

    def facilitators(self):
        return self.active().filter(role=MembershipRole.FACILITATOR)


class Membership(models.Model):
    """One person's relation to one community. There is at most one row per pair; its
    status moves through request, invitation, active, left and removed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    community = models.ForeignKey(
        CommunityPage, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=12, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    joined_at = models.DateTimeField(_("joined"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    request_message = models.TextField(_("message with the request"), blank=True, max_length=1000)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "community"], name="one_membership_per_pair")
        ]
        indexes = [
            models.Index(fields=["community", "status", "role"]),
            models.Index(fields=["user", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.status})"

    @property
    def is_active(self) -> bool:
        return self.status == MembershipStatus.ACTIVE

    @property
    def is_facilitator(self) -> bool:
        return self.is_active and self.role == MembershipRole.FACILITATOR
