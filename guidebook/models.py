"""The guide (chapters as Wagtail pages with StreamField) and the good-practice library.

Practice cases are Wagtail pages with structured fields modelled on the OECD OPSI case
study format. Editors curate them through the "Practice review" workflow; members submit
them through a front-end form and facilitators propose them from discussions, both via
``guidebook.services``. Reads that pages, feeds and the API share live in
``guidebook.selectors``; who may see what is decided in ``guidebook.permissions``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from communities.models import GovernmentLevel
from guidebook.blocks import ChapterStreamBlock
from guidebook.page_forms import PracticePageForm

SUMMARY_MAX_LENGTH = 500
PROSE_FEATURES = ["bold", "italic", "link", "ol", "ul"]
# A practice case's prose sections (rich text), in the order its page shows them.
PRACTICE_PROSE_FIELDS = (
    "problem",
    "what_was_done",
    "what_is_new",
    "results",
    "measurement",
    "challenges",
    "conditions",
    "lessons",
)
# Paths under /practices/ and /guide/ that guidebook.urls serves before Wagtail does.
RESERVED_PRACTICE_SLUGS = frozenset({"submit", "mine", "feed"})
RESERVED_GUIDE_SLUGS = frozenset({"feed", "print"})


def _refuse_reserved_slug(page, reserved) -> None:
    if page.slug in reserved:
        raise ValidationError(
            {
                "slug": _("“%(slug)s” is used by Praxis itself; choose another slug.")
                % {"slug": page.slug}
            }
        )


class PracticeStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    PILOT = "pilot", _("Pilot")
    IMPLEMENTATION = "implementation", _("Implementation")
    EVALUATED = "evaluated", _("Evaluated")
    SPREADING = "spreading", _("Spreading (adopted elsewhere)")


class Sector(models.TextChoices):
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration (general)")
    EDUCATION = "education", _("Education")
    SOCIAL = "social", _("Social services and health")
    ECONOMY = "economy", _("Economy and business environment")
    DIGITAL = "digital", _("Digital services")
    ENVIRONMENT = "environment", _("Environment and climate")
    OTHER = "other", _("Other")


# Guide -----------------------------------------------------------------------------------


class GuideIndexPage(RoutablePageMixin, Page):
    """/guide/: the guide's cover and table of contents; ``print/`` is the whole guide."""

    intro = RichTextField(_("introduction"), blank=True, features=PROSE_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["communities.HomePage"]
    subpage_types = ["guidebook.GuidePage"]
    max_count = 1

    class Meta:
        verbose_name = _("guide")

    def chapters(self):
        """The live chapters, each once: in the reader's language where translated,
        otherwise in English, in the order of the English guide."""
        from communities.selectors import child_of_any_translation, in_reader_language

        chapters = child_of_any_translation(GuidePage.objects.live().public(), self)
        return in_reader_language(chapters).order_by("original_path")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["chapters"] = list(self.chapters().select_related("reviewer"))
        return context

    @path("print/")
    def print_all(self, request):
        """Every chapter on one page, for printing as a handout."""
        return self.render(
            request,
            context_overrides={"chapters": list(self.chapters().select_related("reviewer"))},
            template="guidebook/guide_print.html",
        )


class GuidePage(Page):
    """One chapter of the guide."""

    summary = models.CharField(
        _("summary"),
        max_length=300,
        blank=True,
        help_text=_("One or two sentences shown in the table of contents."),
    )
    body = StreamField(ChapterStreamBlock(), verbose_name=_("body"), blank=True)
    last_reviewed = models.DateField(_("last reviewed"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("reviewer")], heading=_("Review")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.AutocompleteField("title"),
        index.FilterField("last_reviewed"),
    ]
    parent_page_types = ["guidebook.GuideIndexPage"]
    subpage_types: list[str] = []
    # Translators: %(language)s is the reader's language, %(original)s the language of the
    # version shown, both as language names (nominative); phrase it so they fit, e.g.
    # "… in this language: %(language)s".
    missing_translation_message = _(
        "This chapter is not yet available in %(language)s; "
        "you are reading the %(original)s version."
    )

    class Meta:
        verbose_name = _("guide chapter")
        verbose_name_plural = _("guide chapters")

    def clean(self):
        super().clean()
        _refuse_reserved_slug(self, RESERVED_GUIDE_SLUGS)

    def table_of_contents(self) -> list[dict]:
        """Section headings of this chapter, with the anchors their blocks render."""
        sections = []
        for block in self.body:
            if block.block_type == "heading":
                text = block.value["text"]
                sections.append({"text": text, "anchor": slugify(text) or "section"})
        return sections

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guide = self.get_parent().specific
        chapters = list(
            guide.chapters().only(
                "id",
                "title",
                "path",
                "depth",
                "url_path",
                "slug",
                "summary",
                "locale",
                "translation_key",
            )
        )
        position = next(
            (i for i, c in enumerate(chapters) if c.translation_key == self.translation_key),
            None,
        )
        previous_chapter = next_chapter = None
        if position is not None:
            previous_chapter = chapters[position - 1] if position > 0 else None
            next_chapter = chapters[position + 1] if position + 1 < len(chapters) else None
        context.update(
            chapters=chapters,
            chapter_number=(position + 1) if position is not None else None,
            previous_chapter=previous_chapter,
            next_chapter=next_chapter,
            sections=self.table_of_contents(),
            guide=guide,
        )
        return context


# Good-practice library ---------------------------------------------------------------------


class PracticeIndexPage(Page):
    """/practices/: the faceted library listing. Submission, feeds and the API have their
    own URLs in ``guidebook.urls``."""

    intro = RichTextField(_("introduction"), blank=True, features=PROSE_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["communities.HomePage"]
    subpage_types = ["guidebook.PracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("good-practice library")

    def get_context(self, request, *args, **kwargs):
        from guidebook import selectors
        from guidebook.forms import PracticeFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = PracticeFilterForm(request.GET or None)
        filters = form.filters()
        sort = form.sort()
        page_number = request.GET.get("page")
        querystring = request.GET.copy()
        querystring.pop("page", None)
        # The cards, the total and the facets are the same for every reader of one
        # language (public cases only), so the template keeps them as one fragment keyed
        # by the library's version and these parameters; the queries run only when it
        # is rendered (``listing`` is lazy).
        context.update(
            filter_form=form,
            filters=filters,
            filter_querystring=querystring.urlencode(),
            listing=SimpleLazyObject(
                lambda: selectors.practice_listing(
                    index=self, filters=filters, sort=sort, page_number=page_number
                )
            ),
            listing_key=(self.pk, repr(filters), sort, str(page_number or "")),
            library_version=selectors.library_version(),
        )
        return context


class PracticeTheme(TaggedItemBase):
    content_object = ParentalKey(
        "guidebook.PracticePage", related_name="tagged_themes", on_delete=models.CASCADE
    )


class PracticePage(Page):
    """A good-practice case, structured like an OECD OPSI case study."""

    # Publishing from the admin needs what the members' form needs (guidebook.validation).
    base_form_class = PracticePageForm

    summary = models.CharField(
        _("short summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("At most 500 characters: what was done, by whom, with what result."),
    )
    problem = RichTextField(_("the problem or challenge"), features=PROSE_FEATURES, blank=True)
    what_was_done = RichTextField(_("what was done"), features=PROSE_FEATURES, blank=True)
    what_is_new = RichTextField(_("what makes it new"), features=PROSE_FEATURES, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus.choices, default=PracticeStatus.PILOT
    )
    results = RichTextField(_("results and impact"), features=PROSE_FEATURES, blank=True)
    measurement = RichTextField(
        _("how the results were measured"), features=PROSE_FEATURES, blank=True
    )
    challenges = RichTextField(_("challenges and failures"), features=PROSE_FEATURES, blank=True)
    conditions = RichTextField(
        _("conditions for success and transferability"), features=PROSE_FEATURES, blank=True
    )
    lessons = RichTextField(_("lessons learned"), features=PROSE_FEATURES, blank=True)
    organisations = ParentalManyToManyField(
        "communities.Organisation",
        verbose_name=_("organisations involved"),
        related_name="practices",
        blank=True,
    )
    country = CountryField(_("country"), blank=True)
    level_of_government = models.CharField(
        _("level of government"), max_length=10, choices=GovernmentLevel.choices, blank=True
    )
    sector = models.CharField(_("sector"), max_length=30, choices=Sector.choices, blank=True)
    themes = ClusterTaggableManager(verbose_name=_("themes"), through=PracticeTheme, blank=True)
    year_started = models.PositiveSmallIntegerField(_("year started"), null=True, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    source_citation = models.TextField(
        _("source"),
        max_length=1000,
        blank=True,
        help_text=_(
            "The document the case is drawn from, cited as that document asks to be cited."
        ),
    )
    source_url = models.URLField(_("source web address"), max_length=500, blank=True)
    source_date = models.CharField(
        _("date of the source"),
        max_length=100,
        blank=True,
        help_text=_("When the source was written or published, for example 2012 or April 2017."),
    )
    related_community = models.ForeignKey(
        "communities.CommunityPage",
        verbose_name=_("related community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    source_thread = models.ForeignKey(
        "discussions.Thread",
        verbose_name=_("discussion it came from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    source_post = models.ForeignKey(
        "discussions.Post",
        verbose_name=_("post it came from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="practices",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_practices",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("problem"),
                FieldPanel("what_was_done"),
                FieldPanel("what_is_new"),
                FieldPanel("status"),
                FieldPanel("results"),
                FieldPanel("measurement"),
                FieldPanel("challenges"),
                FieldPanel("conditions"),
                FieldPanel("lessons"),
            ],
            heading=_("The case"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organisations"),
                FieldRowPanel([FieldPanel("country"), FieldPanel("level_of_government")]),
                FieldRowPanel([FieldPanel("sector"), FieldPanel("year_started")]),
                FieldPanel("themes"),
                FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
            ],
            heading=_("Who, where, when"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("source_citation"),
                FieldRowPanel([FieldPanel("source_url"), FieldPanel("source_date")]),
            ],
            heading=_("Source"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("related_community"),
                FieldPanel("source_thread", read_only=True),
                FieldPanel("source_post", read_only=True),
                FieldPanel("submitted_by", read_only=True),
            ],
            heading=_("Community and provenance"),
        ),
        InlinePanel("attachments", label=_("Attachments")),
        InlinePanel("gallery_images", label=_("Images")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("problem"),
        index.SearchField("what_was_done"),
        index.SearchField("what_is_new"),
        index.SearchField("results"),
        index.SearchField("lessons"),
        index.AutocompleteField("title"),
        index.FilterField("country"),
        index.FilterField("status"),
        index.FilterField("level_of_government"),
        index.FilterField("sector"),
        index.FilterField("year_started"),
        index.FilterField("related_community_id"),
        index.RelatedFields("themes", [index.SearchField("name", boost=2)]),
        index.RelatedFields("organisations", [index.SearchField("name")]),
    ]
    parent_page_types = ["guidebook.PracticeIndexPage"]
    subpage_types: list[str] = []
    # Translators: %(language)s is the reader's language, %(original)s the language of the
    # version shown, both as language names (nominative); phrase it so they fit, e.g.
    # "… in this language: %(language)s".
    missing_translation_message = _(
        "This practice case is not yet available in %(language)s; "
        "you are reading the %(original)s version."
    )

    class Meta:
        verbose_name = _("practice case")
        verbose_name_plural = _("practice cases")

    def clean(self):
        super().clean()
        _refuse_reserved_slug(self, RESERVED_PRACTICE_SLUGS)
        summary = " ".join((self.summary or "").split())
        if not summary:
            raise ValidationError({"summary": _("Write a short summary of the case.")})
        self.summary = summary
        this_year = timezone.now().year
        if self.year_started is not None and not 1950 <= self.year_started <= this_year + 1:
            raise ValidationError(
                {"year_started": _("Give the year the practice started, for example 2016.")}
            )

    def serve(self, request, *args, **kwargs):
        from guidebook.permissions import can_view_practice

        if not can_view_practice(request.user, self):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from guidebook import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.practice_page_context(practice=self, user=request.user))
        return context


class PracticeAttachment(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("link text"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title or self.document.title


class PracticeImage(Orderable):
    page = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    alt_text = models.CharField(_("alternative text"), max_length=250)
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.caption or self.alt_text
