"""The accessibility statement, as the EU model asks (Directive (EU) 2016/2102,
Implementing Decision (EU) 2018/1523): compliance status, what is not accessible and why,
how the statement was prepared and when it was reviewed, a feedback contact and the
enforcement procedure. Editors keep it in the Wagtail admin, one page per language."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

STATEMENT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class ComplianceStatus(models.TextChoices):
    FULL = "full", _("Fully compliant")
    PARTIAL = "partial", _("Partially compliant")
    NONE = "none", _("Not compliant")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("Self-assessment")
    THIRD_PARTY = "third_party", _("Assessment by a third party")


class AccessibilityStatementPage(Page):
    standard = models.CharField(
        _("standard"),
        max_length=200,
        default="EN 301 549 V3.2.1 (WCAG 2.1, level AA)",
        help_text=_("The accessibility requirements the site is measured against."),
    )
    compliance_status = models.CharField(
        _("compliance status"),
        max_length=10,
        choices=ComplianceStatus.choices,
        default=ComplianceStatus.PARTIAL,
    )
    non_compliance = RichTextField(
        _("non-compliance with the requirements"),
        blank=True,
        features=STATEMENT_FEATURES,
        help_text=_("What is not accessible, and which requirement it fails."),
    )
    disproportionate_burden = RichTextField(
        _("disproportionate burden"), blank=True, features=STATEMENT_FEATURES
    )
    outside_scope = RichTextField(
        _("content outside the scope of the legislation"),
        blank=True,
        features=STATEMENT_FEATURES,
    )
    alternatives = RichTextField(
        _("accessible alternatives"),
        blank=True,
        features=STATEMENT_FEATURES,
        help_text=_("How a person can get the content that is not accessible in another way."),
    )
    prepared_on = models.DateField(_("statement prepared on"))
    reviewed_on = models.DateField(_("last reviewed on"))
    assessment_method = models.CharField(
        _("assessment method"),
        max_length=20,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    assessment_notes = RichTextField(
        _("how the site was assessed"), blank=True, features=STATEMENT_FEATURES
    )
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    feedback = RichTextField(
        _("feedback and contact information"),
        blank=True,
        features=STATEMENT_FEATURES,
        help_text=_(
            "How to report a barrier or ask for content in another format, and when "
            "the reader gets an answer."
        ),
    )
    enforcement = RichTextField(
        _("enforcement procedure"),
        features=STATEMENT_FEATURES,
        help_text=_("Where a reader can complain if the answer is not satisfactory."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [FieldPanel("standard"), FieldPanel("compliance_status")],
            heading=_("Compliance status"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("non_compliance"),
                FieldPanel("disproportionate_burden"),
                FieldPanel("outside_scope"),
                FieldPanel("alternatives"),
            ],
            heading=_("Non-accessible content"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("prepared_on"), FieldPanel("reviewed_on")]),
                FieldPanel("assessment_method"),
                FieldPanel("assessment_notes"),
            ],
            heading=_("Preparation of this statement"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("feedback"),
            ],
            heading=_("Feedback and contact information"),
        ),
        FieldPanel("enforcement"),
    ]
    parent_page_types = ["communities.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")
        verbose_name_plural = _("accessibility statements")


class SourceDocument(models.Model):
    """A public document the demo content is drawn from. seed_demo records them; while
    any exists, every page says which content is illustrative and links the list."""

    key = models.CharField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    citation = models.TextField(_("citation"), max_length=1000)
    url = models.URLField(_("web address"), max_length=500, blank=True)
    date = models.CharField(_("date of the source"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    used_for = models.TextField(_("what the demo takes from it"), max_length=2000, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("source document")
        verbose_name_plural = _("source documents")

    def __str__(self) -> str:
        return self.title
