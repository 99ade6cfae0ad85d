"""Programmes across organisations: partner institutions, challenge rounds with a selection
commission and mentors, staff exchanges, study visits and the reports people write after.

A programme is a Wagtail page (editors write its description, with revisions); everything
else is ordinary rows changed only through ``programmes.services`` and
``programmes.exchanges.services``. Figures (partners per year, exchange
statistics, scores) are always computed from these rows: no stored totals that can drift.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

__all__ = [
    "Challenge",
    "ChallengeScore",
    "ChallengeStatus",
    "ChallengeTeamMember",
    "Exchange",
    "ExchangeOffer",
    "ExchangeStatus",
    "ExperienceReport",
    "PartnerParticipation",
    "PartnerStatus",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "ProgrammeRound",
    "SelectionCriterion",
    "StudyVisit",
    "StudyVisitItem",
    "PUBLIC_SECTOR_TYPES",
]

# Organisation types counted as "public bodies" in exchange statistics; companies are
# ``OrganisationType.COMPANY``; others (universities, NGOs) are shown as "other".
PUBLIC_SECTOR_TYPES = ("ministry", "central_agency", "regional_office", "municipality")


class ProgrammeIndexPage(Page):
    """``/programmes/``: every programme that connects institutions."""

    intro = models.CharField(_("intro"), max_length=300, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["communities.HomePage"]
    subpage_types = ["programmes.ProgrammePage"]
    max_count = 1
    template = "programmes/programme_index_page.html"

    class Meta:
        db_table = "communities_programmeindexpage"
        verbose_name = _("programme index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = (
            ProgrammePage.objects.live().child_of(self).order_by("title").specific()
        )
        return context


class ProgrammePage(Page):
    """A cross-organisation programme (Partnerforum, Partnerstvo za spremembe, ...)."""

    summary = models.CharField(_("summary"), max_length=300)
    body = RichTextField(_("description"), blank=True)
    country = models.CharField(
        _("country"), max_length=2, blank=True, help_text=_("Two-letter country code.")
    )
    run_by = models.CharField(
        _("run by"),
        max_length=300,
        blank=True,
        help_text=_("The institutions that run the programme."),
    )
    coordinators = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_programmes",
        verbose_name=_("coordinators"),
    )
    communities = ParentalManyToManyField(
        "communities.CommunityPage",
        blank=True,
        related_name="programmes",
        verbose_name=_("communities"),
    )
    workspace_community = models.ForeignKey(
        "communities.CommunityPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("workspace community"),
        help_text=_(
            "Where the members-only workspace threads of selected challenges live. "
            "Team members and mentors are added to it."
        ),
    )
    annual_fee = models.DecimalField(
        _("standard yearly fee"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fee_currency = models.CharField(_("fee currency"), max_length=3, blank=True)

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
    ]
    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("country"), FieldPanel("run_by"), FieldPanel("coordinators")],
            heading=_("Who runs it"),
        ),
        MultiFieldPanel(
            [FieldPanel("communities"), FieldPanel("workspace_community")],
            heading=_("Communities"),
        ),
        MultiFieldPanel(
            [FieldPanel("annual_fee"), FieldPanel("fee_currency")],
            heading=_("Partner fee"),
        ),
    ]
    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types: list[str] = []
    template = "programmes/programme_page.html"

    class Meta:
        db_table = "communities_programmepage"
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def clean(self):
        from django.core.exceptions import ValidationError

        from programmes.urls import RESERVED_SLUGS

        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("This address is used by Praxis itself: choose another slug.")}
            )
        if self.annual_fee is not None and not self.fee_currency:
            raise ValidationError({"fee_currency": _("Give the fee's currency.")})

    def get_context(self, request, *args, **kwargs):
        from programmes import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.programme_page_context(programme=self, user=request.user))
        return context


def illustrative_field() -> models.BooleanField:
    """Marks a record invented for the demo content (the demo loaders set it)."""
    return models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Invented for the demo content; not a real record."),
    )


class PartnerStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    LAPSED = "lapsed", _("Lapsed")


class PartnerParticipation(models.Model):
    """One partner institution's participation in a programme for one period (a year)."""

    programme = models.ForeignKey(
        ProgrammePage, on_delete=models.CASCADE, related_name="partner_records"
    )
    organisation = models.ForeignKey(
        "communities.Organisation", on_delete=models.PROTECT, related_name="partner_records"
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    fee_amount = models.DecimalField(
        _("fee"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=PartnerStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_illustrative = illustrative_field()
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        db_table = "communities_partnerparticipation"
        ordering = ["-period_start", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "organisation", "period_start"],
                name="partner_record_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="partner_record_period_ordered",
            ),
        ]
        verbose_name = _("partner participation")
        verbose_name_plural = _("partner participations")

    def __str__(self) -> str:
        return f"{self.organisation} / {self.programme} / {self.period_start:%Y}"

    @property
    def year(self) -> int:
        return self.period_start.year


class ProgrammeRound(models.Model):
    """An edition or round of a programme: a call for challenges, a selection commission
    with criteria, the selected challenges' work and a final showcase, staff exchanges."""

    programme = models.ForeignKey(ProgrammePage, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    call_deadline = models.DateTimeField(
        _("deadline for challenges"),
        null=True,
        blank=True,
        help_text=_("Empty: this round takes no challenges."),
    )
    max_selected = models.PositiveSmallIntegerField(
        _("challenges selected at most"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    commission = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="commission_rounds",
        verbose_name=_("selection commission"),
    )
    selection_published_at = models.DateTimeField(_("selection announced"), null=True, blank=True)
    showcase_on = models.DateField(_("final showcase"), null=True, blank=True)
    showcase_place = models.CharField(_("showcase place"), max_length=200, blank=True)
    showcase_summary = models.TextField(_("showcase summary"), blank=True, max_length=5000)

    class Meta:
        db_table = "communities_programmeround"
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="round_number_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="round_dates_ordered"
            ),
        ]
        verbose_name = _("programme round")
        verbose_name_plural = _("programme rounds")

    def __str__(self) -> str:
        return _("Round %(number)d: %(title)s") % {"number": self.number, "title": self.title}

    def get_absolute_url(self) -> str:
        return reverse("programmes:round", kwargs={"round_id": self.pk})

    @property
    def takes_challenges(self) -> bool:
        return self.call_deadline is not None

    def call_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.call_deadline is not None and now <= self.call_deadline


class SelectionCriterion(models.Model):
    """A criterion the commission scores each challenge on, 0..max_score, with a weight."""

    round = models.ForeignKey(ProgrammeRound, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        db_table = "communities_selectioncriterion"
        ordering = ["round", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="criterion_name_unique"),
        ]
        verbose_name = _("selection criterion")
        verbose_name_plural = _("selection criteria")

    def __str__(self) -> str:
        return self.name


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Challenge(models.Model):
    """A challenge an organisation submits to a round's call."""

    round = models.ForeignKey(ProgrammeRound, on_delete=models.CASCADE, related_name="challenges")
    organisation = models.ForeignKey(
        "communities.Organisation",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("organisation"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submitted_challenges"
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"), max_length=5000)
    change_sought = models.TextField(_("the change sought"), max_length=5000)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    affected = models.TextField(_("who is affected"), max_length=2000)
    affected_count = models.PositiveIntegerField(_("how many people are affected"), null=True)
    help_wanted = models.TextField(_("what help is wanted"), max_length=3000)
    status = models.CharField(
        _("status"), max_length=15, choices=ChallengeStatus.choices, default=ChallengeStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    selected_at = models.DateTimeField(_("selected"), null=True, blank=True)
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentored_challenges",
        verbose_name=_("mentor"),
    )
    workspace_thread = models.OneToOneField(
        "discussions.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenge",
    )
    outcome = models.TextField(_("outcome"), blank=True, max_length=5000)
    people_reached = models.PositiveIntegerField(
        _("people the outcome reached"), null=True, blank=True
    )

    class Meta:
        db_table = "communities_challenge"
        ordering = ["round", "title"]
        indexes = [models.Index(fields=["round", "status"])]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:challenge", kwargs={"challenge_id": self.pk})


class ChallengeTeamMember(models.Model):
    """A person on a selected challenge's team (from any organisation, public or private)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_teams"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        db_table = "communities_challengeteammember"
        ordering = ["challenge", "added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="team_member_once"),
        ]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return f"{self.user} / {self.challenge}"


class ChallengeScore(models.Model):
    """One commissioner's score of one challenge on one criterion. Private to the
    commission (after they have scored) and the programme's coordinators."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="scores")
    commissioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="challenge_scores"
    )
    criterion = models.ForeignKey(
        SelectionCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    scored_at = models.DateTimeField(_("scored"), default=timezone.now)
    is_illustrative = illustrative_field()

    class Meta:
        db_table = "communities_challengescore"
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "commissioner", "criterion"], name="score_once"
            ),
        ]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"{self.challenge} / {self.criterion}: {self.score}"


class ExchangeOffer(models.Model):
    """A host organisation's offer to take in employees of other organisations."""

    round = models.ForeignKey(
        ProgrammeRound, on_delete=models.CASCADE, related_name="exchange_offers"
    )
    host_organisation = models.ForeignKey(
        "communities.Organisation", on_delete=models.PROTECT, related_name="exchange_offers"
    )
    host_department = models.CharField(_("host department"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("what the guest will see and do"), max_length=3000)
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    duration_days = models.PositiveSmallIntegerField(
        _("duration in days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    places = models.PositiveSmallIntegerField(
        _("places"), default=1, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exchange_offers"
    )
    is_open = models.BooleanField(_("open for applications"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        db_table = "communities_exchangeoffer"
        ordering = ["round", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="offer_dates_ordered",
            ),
        ]
        verbose_name = _("exchange offer")
        verbose_name_plural = _("exchange offers")

    def __str__(self) -> str:
        return f"{self.topic} ({self.host_organisation})"


class ExchangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Exchange(models.Model):
    """One person's stay with a host organisation. Moves from proposed to agreed to done
    when both sides (the participant and the host's contact) confirm each step;
    coordinators may record past exchanges directly."""

    round = models.ForeignKey(ProgrammeRound, on_delete=models.CASCADE, related_name="exchanges")
    offer = models.ForeignKey(
        ExchangeOffer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges",
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exchanges",
        help_text=_("Empty for a past exchange recorded by a coordinator."),
    )
    participant_name = models.CharField(_("participant"), max_length=200)
    home_organisation = models.ForeignKey(
        "communities.Organisation", on_delete=models.PROTECT, related_name="exchanges_sent"
    )
    host_organisation = models.ForeignKey(
        "communities.Organisation", on_delete=models.PROTECT, related_name="exchanges_hosted"
    )
    host_contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_exchanges",
    )
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    message = models.TextField(_("why I apply"), blank=True, max_length=2000)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ExchangeStatus.choices,
        default=ExchangeStatus.PROPOSED,
    )
    participant_confirmed_at = models.DateTimeField(null=True, blank=True)
    host_confirmed_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(_("agreed"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    is_illustrative = illustrative_field()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        db_table = "communities_exchange"
        ordering = ["round", "starts_on", "pk"]
        indexes = [models.Index(fields=["round", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="exchange_dates_ordered"
            ),
            models.CheckConstraint(
                condition=~Q(home_organisation=F("host_organisation")),
                name="exchange_between_two_organisations",
            ),
        ]
        verbose_name = _("staff exchange")
        verbose_name_plural = _("staff exchanges")

    def __str__(self) -> str:
        return f"{self.participant_name} → {self.host_organisation}"

    @property
    def length_days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1


class StudyVisit(models.Model):
    """A group's visit to host organisations (the Lithuanian project's visits to Norway)."""

    programme = models.ForeignKey(
        ProgrammePage, on_delete=models.CASCADE, related_name="study_visits"
    )
    round = models.ForeignKey(
        ProgrammeRound,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="study_visits",
    )
    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("purpose"), max_length=3000)
    destination = models.CharField(_("destination"), max_length=200)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    host_organisations = models.ManyToManyField(
        "communities.Organisation", related_name="hosted_visits", blank=True
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="study_visits", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        db_table = "communities_studyvisit"
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="visit_dates_ordered"
            ),
        ]
        verbose_name = _("study visit")
        verbose_name_plural = _("study visits")

    def __str__(self) -> str:
        return self.title


class StudyVisitItem(models.Model):
    """One meeting in a study visit's programme."""

    visit = models.ForeignKey(StudyVisit, on_delete=models.CASCADE, related_name="items")
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    host_organisation = models.ForeignKey(
        "communities.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)

    class Meta:
        db_table = "communities_studyvisititem"
        ordering = ["visit", "day", "starts_at", "pk"]
        verbose_name = _("visit programme item")
        verbose_name_plural = _("visit programme items")

    def __str__(self) -> str:
        return f"{self.day}: {self.title}"


class ExperienceReport(models.Model):
    """What a participant of an exchange or a study visit learned and will change."""

    exchange = models.ForeignKey(
        Exchange, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    visit = models.ForeignKey(
        StudyVisit, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="experience_reports"
    )
    learned = models.TextField(_("what I learned"), max_length=3000)
    will_change = models.TextField(_("what I will change"), max_length=3000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    is_illustrative = illustrative_field()
    thread = models.ForeignKey(
        "discussions.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The community thread the report was posted to, if any."),
    )

    class Meta:
        db_table = "communities_experiencereport"
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(exchange__isnull=False) & Q(visit__isnull=True))
                | (Q(exchange__isnull=True) & Q(visit__isnull=False)),
                name="report_about_one_thing",
            ),
            models.UniqueConstraint(
                fields=["exchange", "author"],
                condition=Q(exchange__isnull=False),
                name="one_report_per_exchange_author",
            ),
            models.UniqueConstraint(
                fields=["visit", "author"],
                condition=Q(visit__isnull=False),
                name="one_report_per_visit_author",
            ),
        ]
        verbose_name = _("experience report")
        verbose_name_plural = _("experience reports")

    def __str__(self) -> str:
        return _("Report by %(author)s") % {"author": self.author}
