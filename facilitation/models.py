"""A community's charter (with every saved version) and its health checks.

Written only through ``facilitation.services``; read through ``facilitation.selectors``.
The statements a health check rates, its dimensions, scale and lifecycle stages are
fixed in ``facilitation.health`` (code, translated), so a check stores only the ratings.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The charter's fields, in the order the form, the page and the printout show them.
CHARTER_FIELDS = (
    "domain",
    "members",
    "member_value",
    "organisation_value",
    "rhythm",
    "chatham_house",
    "ground_rules",
    "conflicts_of_interest",
    "success_6_months",
    "success_12_months",
)
CHARTER_TEXT_FIELDS = tuple(name for name in CHARTER_FIELDS if name != "chatham_house")
CHARTER_TEXT_MAX = 2000


class CharterContent(models.Model):
    """The charter's fields, shared by the charter and each of its revisions."""

    domain = models.TextField(
        _("Domain"),
        blank=True,
        help_text=_("What the community is about and what it is for."),
    )
    members = models.TextField(
        _("Members"),
        blank=True,
        help_text=_(
            "Who it is for: which organisations, roles and levels of government take part."
        ),
    )
    member_value = models.TextField(
        _("Value for members"),
        blank=True,
        help_text=_("What a member gets out of taking part, in their own daily work."),
    )
    organisation_value = models.TextField(
        _("Value for their organisations"),
        blank=True,
        help_text=_("What the members' organisations gain, and why a manager should give time."),
    )
    rhythm = models.TextField(
        _("Rhythm"),
        blank=True,
        help_text=_("How often and how the community meets, online and in person."),
    )
    chatham_house = models.BooleanField(
        _("Meetings follow the Chatham House rule"),
        default=False,
        help_text=_(
            "Members may use what is said, but not say who said it or which organisation "
            "they are from."
        ),
    )
    ground_rules = models.TextField(
        _("Ground rules"),
        blank=True,
        help_text=_("How members treat each other and what is said in the community."),
    )
    conflicts_of_interest = models.TextField(
        _("Conflicts of interest"),
        blank=True,
        help_text=_("How the community handles companies or others that may sell to members."),
    )
    success_6_months = models.TextField(
        _("Success at 6 months"),
        blank=True,
        help_text=_("What success looks like six months from now."),
    )
    success_12_months = models.TextField(
        _("Success at 12 months"),
        blank=True,
        help_text=_("What success looks like twelve months from now."),
    )

    class Meta:
        abstract = True

    def content(self) -> dict:
        return {name: getattr(self, name) for name in CHARTER_FIELDS}


class Charter(CharterContent):
    community = models.OneToOneField(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="charter"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Demo content: the page says it is illustrative.
    illustrative = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("community charter")
        verbose_name_plural = _("community charters")

    def __str__(self) -> str:
        return str(self.community)


class CharterRevision(CharterContent):
    """One saved version of a charter: what it said, who saved it and when."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "number"], name="charter_revision_number")
        ]
        verbose_name = _("charter revision")
        verbose_name_plural = _("charter revisions")

    def __str__(self) -> str:
        return f"{self.charter} #{self.number}"


class LifecycleStage(models.TextChoices):
    POTENTIAL = "potential", _("Potential")
    COALESCING = "coalescing", _("Coalescing")
    MATURING = "maturing", _("Maturing")
    STEWARDSHIP = "stewardship", _("Stewardship")
    TRANSFORMATION = "transformation", _("Transformation")


class HealthCheck(models.Model):
    """A facilitator's self-assessment: a rating (0-3) per statement, the stage, a note."""

    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="health_checks"
    )
    completed_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ratings = models.JSONField(default=dict)  # {statement key: 0..3}
    stage = models.CharField(_("Lifecycle stage"), max_length=20, choices=LifecycleStage.choices)
    note = models.TextField(pgettext_lazy("health check", "Note"), blank=True)
    illustrative = models.BooleanField(default=False)

    class Meta:
        ordering = ["-completed_at", "-pk"]
        indexes = [models.Index(fields=["community", "-completed_at"])]
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")

    def __str__(self) -> str:
        return f"{self.community} {self.completed_at:%Y-%m-%d}"
