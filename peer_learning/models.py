"""Peer-learning sessions: Synergia's multi-day sessions run in task groups, the last day
an Open Space. Rows change only through ``peer_learning.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models import Meeting

# Peer-learning sessions (Synergia: three days in task groups, the last one an Open Space) --


class DayPurpose(models.TextChoices):
    ANALYSIS = "analysis", _("Analysis of practices")
    CHALLENGES = "challenges", _("Management challenges submitted by institutions")
    OPEN_SPACE = "open_space", _("Open Space")
    OTHER = "other", _("Other")


class PeerLearningSession(models.Model):
    """A multi-day peer-learning session: an edition of a programme, run as a meeting.

    Participants are the people who answered "going" to the meeting (its RSVP)."""

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="peer_learning", verbose_name=_("meeting")
    )
    edition = models.CharField(
        _("edition"), max_length=200, help_text=_("For example “Synergia, session 5”.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    mixed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "communities_peerlearningsession"
        verbose_name = _("peer-learning session")
        verbose_name_plural = _("peer-learning sessions")

    def __str__(self) -> str:
        return self.edition

    def get_absolute_url(self) -> str:
        return reverse("peer_session", kwargs={"meeting_id": self.meeting_id})


class SessionDay(models.Model):
    session = models.ForeignKey(PeerLearningSession, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    purpose = models.CharField(_("purpose"), max_length=12, choices=DayPurpose.choices)
    notes = models.CharField(_("what happens"), max_length=300, blank=True)

    class Meta:
        db_table = "communities_sessionday"
        ordering = ["date", "id"]
        verbose_name = _("session day")
        verbose_name_plural = _("session days")
        constraints = [
            models.UniqueConstraint(fields=["session", "date"], name="one_session_day_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_purpose_display()}"

    def get_absolute_url(self) -> str:
        return reverse(
            "open_space_board", kwargs={"meeting_id": self.session.meeting_id, "day_id": self.pk}
        )

    @property
    def is_open_space(self) -> bool:
        return self.purpose == DayPurpose.OPEN_SPACE


class TaskGroup(models.Model):
    """A task group of a session, with its own thread readable only by its members and
    the community's facilitators (``Thread.restricted``)."""

    session = models.ForeignKey(
        PeerLearningSession, on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    thread = models.ForeignKey(
        "discussions.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The group's output: recommendations in Markdown, rendered once at write time (the
    # discussions' sanitiser), collected on the session page and proposable as a case.
    recommendations = models.TextField(_("recommendations"), blank=True)
    recommendations_html = models.TextField(blank=True, editable=False)
    recommendations_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recommendations_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "communities_taskgroup"
        ordering = ["position", "id"]
        verbose_name = _("task group")
        verbose_name_plural = _("task groups")
        constraints = [
            models.UniqueConstraint(fields=["session", "name"], name="task_group_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class TaskGroupMember(models.Model):
    group = models.ForeignKey(TaskGroup, on_delete=models.CASCADE, related_name="memberships")
    # Denormalised from the group: a participant belongs to at most one group per session.
    session = models.ForeignKey(PeerLearningSession, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="task_groups"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "communities_taskgroupmember"
        verbose_name = _("task group member")
        verbose_name_plural = _("task group members")
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="one_task_group_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.group_id}"


class OpenSpaceSession(models.Model):
    """A session proposed on the spot on an Open Space day; the proposer hosts it."""

    day = models.ForeignKey(
        SessionDay, on_delete=models.CASCADE, related_name="open_space_sessions"
    )
    title = models.CharField(_("title"), max_length=200)
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_space_hosted"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    room = models.CharField(_("room"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    thread = models.ForeignKey(
        "discussions.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "communities_openspacesession"
        ordering = ["starts_at", "id"]
        verbose_name = _("Open Space session")
        verbose_name_plural = _("Open Space sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="open_space_ends_after",
            )
        ]

    def __str__(self) -> str:
        return self.title


class OpenSpaceSignup(models.Model):
    open_session = models.ForeignKey(
        OpenSpaceSession, on_delete=models.CASCADE, related_name="signups"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "communities_openspacesignup"
        verbose_name = _("Open Space sign-up")
        verbose_name_plural = _("Open Space sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["open_session", "user"], name="one_open_space_signup")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} joins {self.open_session_id}"
