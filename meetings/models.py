"""Meetings, agenda items, RSVPs, calendar tokens and member-chosen topics.

Rows change only through ``meetings.services``. Times are stored in UTC and
shown in the meeting's time zone (copied from its community when it is scheduled).
"""

from __future__ import annotations

import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.i18n import language_name
from core.timezones import validate_time_zone

__all__ = [
    "AgendaItem",
    "CalendarToken",
    "Meeting",
    "MeetingAudience",
    "MeetingFormat",
    "RSVP",
    "RSVPStatus",
    "TopicProposal",
    "TopicRound",
    "TopicVote",
]


class MeetingFormat(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast meeting")
    SEMINAR = "seminar", _("Seminar")
    CONFERENCE = "conference", _("Full-day conference")
    WORKSHOP = "workshop", _("Workshop")
    PEER_LEARNING = "peer_learning", _("Peer-learning session")
    OPEN_SPACE = "open_space", _("Open Space")


class MeetingAudience(models.TextChoices):
    MEMBERS = "members", _("Members of the community only")
    REGISTERED = "registered", _("Open to all registered users")


class Meeting(models.Model):
    community = models.ForeignKey(
        "communities.CommunityPage",
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("community"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    format = models.CharField(_("format"), max_length=20, choices=MeetingFormat.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Warsaw", validators=[validate_time_zone]
    )
    online_url = models.URLField(_("online link"), blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    audience = models.CharField(
        _("audience"),
        max_length=12,
        choices=MeetingAudience.choices,
        default=MeetingAudience.MEMBERS,
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    thread = models.ForeignKey(
        "discussions.Thread",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("live thread"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    sequence = models.PositiveIntegerField(default=0)  # iCalendar SEQUENCE, bumped on edits
    updated_at = models.DateTimeField(default=timezone.now)
    harvest_decisions = models.TextField(_("decisions"), blank=True, max_length=5000)
    harvest_lessons = models.TextField(_("lessons"), blank=True, max_length=5000)
    harvest_follow_ups = models.TextField(_("follow-ups"), blank=True, max_length=5000)
    harvest_post = models.ForeignKey(
        "discussions.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    harvested_at = models.DateTimeField(null=True, blank=True)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Invented for the demo content: its attendance and record are not real."),
    )

    class Meta:
        db_table = "communities_meeting"
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["community", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", kwargs={"meeting_id": self.pk})

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def tzinfo(self):
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.tzinfo)

    @property
    def local_end(self):
        return timezone.localtime(self.ends_at, self.tzinfo)

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_members_only(self) -> bool:
        return self.audience == MeetingAudience.MEMBERS

    @property
    def has_harvest(self) -> bool:
        return self.harvested_at is not None


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    title = models.CharField(_("title"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("time"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=0)
    chosen_by_members = models.BooleanField(_("chosen by members"), default=False)
    topic = models.ForeignKey(
        "meetings.TopicProposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )

    class Meta:
        db_table = "communities_agendaitem"
        ordering = ["starts_at", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def local_start(self):
        return timezone.localtime(self.starts_at, self.meeting.tzinfo)


class RSVPStatus(models.TextChoices):
    GOING = "going", _("Going")
    MAYBE = "maybe", _("Maybe")
    NOT_GOING = "not_going", _("Not going")
    WAITING = "waiting", _("On the waiting list")


class RSVP(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_rsvps"
    )
    status = models.CharField(_("answer"), max_length=10, choices=RSVPStatus.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # When the person joined the waiting list: the list is promoted in this order.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "communities_rsvp"
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_rsvp_per_person")
        ]
        indexes = [models.Index(fields=["meeting", "status", "waitlisted_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} {self.meeting_id}"


class CalendarToken(models.Model):
    """The secret in a person's calendar feed URLs; calendar apps fetch without a session.
    Resetting revokes the old token (its URLs answer 404 from then on)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "communities_calendartoken"
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return f"calendar token of {self.user_id}"


class TopicRound(models.Model):
    """A round of topic proposals and dot-voting for coming meetings."""

    community = models.ForeignKey(
        "communities.CommunityPage", on_delete=models.CASCADE, related_name="topic_rounds"
    )
    title = models.CharField(_("title"), max_length=200)
    votes_per_member = models.PositiveSmallIntegerField(_("votes per member"), default=3)
    meeting = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topic_rounds",
        verbose_name=_("for meeting"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        db_table = "communities_topicround"
        ordering = ["-created_at", "-id"]
        verbose_name = _("topic round")
        verbose_name_plural = _("topic rounds")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("topic_round", kwargs={"round_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class TopicProposal(models.Model):
    round = models.ForeignKey(TopicRound, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=200)
    why = models.TextField(_("why it matters"), max_length=2000)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_proposals"
    )
    created_at = models.DateTimeField(default=timezone.now)
    chosen = models.BooleanField(_("chosen by members"), default=False)

    class Meta:
        db_table = "communities_topicproposal"
        ordering = ["created_at", "id"]
        verbose_name = _("topic proposal")
        verbose_name_plural = _("topic proposals")

    def __str__(self) -> str:
        return self.title


class TopicVote(models.Model):
    round = models.ForeignKey(TopicRound, on_delete=models.CASCADE, related_name="votes")
    topic = models.ForeignKey(TopicProposal, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "communities_topicvote"
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="one_vote_per_topic")]
        indexes = [models.Index(fields=["round", "user"])]

    def __str__(self) -> str:
        return f"{self.user_id} votes {self.topic_id}"
