"""Threads and posts in communities, with the state around them.

Writes go through ``discussions.services``; counters on Thread are denormalised there,
inside the same transaction as the post that changes them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelsearch import index
from taggit.managers import TaggableManager

from communities.models import CommunityPage


class ThreadStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("state of a thread", "Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", pgettext_lazy("state of a thread", "Closed")


class PostLanguage(models.TextChoices):
    """The languages a post can be written in: the interface languages and the partners'
    (Bulgarian, Latvian, Hungarian), named in the reader's language."""

    EN = "en", _("English")
    PL = "pl", _("Polish")
    SL = "sl", _("Slovenian")
    LT = "lt", _("Lithuanian")
    NB = "nb", _("Norwegian Bokmål")
    BG = "bg", _("Bulgarian")
    LV = "lv", _("Latvian")
    HU = "hu", _("Hungarian")


def default_post_language() -> str:
    """The active interface language when posts can be written in it, else English."""
    code = (get_language() or "").lower().replace("_", "-").split("-")[0]
    return code if code in PostLanguage.values else PostLanguage.EN


class Thread(index.Indexed, models.Model):
    community = models.ForeignKey(
        CommunityPage, on_delete=models.CASCADE, related_name="threads", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="threads_started"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    pinned = models.BooleanField(_("pinned"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ThreadStatus.choices, default=ThreadStatus.OPEN
    )
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    # The language of the title and the opening post (kept equal to the first post's).
    language = models.CharField(
        _("language"), max_length=8, choices=PostLanguage.choices, default=PostLanguage.EN
    )
    answer = models.ForeignKey(
        "discussions.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("answer / good practice"),
    )
    # Denormalised counters, maintained by services in the writing transaction.
    post_count = models.PositiveIntegerField(default=0)
    participant_count = models.PositiveIntegerField(default=0)
    organisation_count = models.PositiveIntegerField(default=0)
    department_count = models.PositiveIntegerField(default=0)
    last_post = models.ForeignKey(
        "discussions.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The thread's event sequence: every live event (a post created, edited, hidden, shown
    # again or deleted, its reactions, the answer marked or cleared) takes the next number,
    # inside the writing transaction (``services._claim_seq``, which locks this row, so a
    # thread's events commit in sequence order). A reconnecting page asks for everything
    # after the last number it applied. ``answer_seq``: the last change of the answer.
    event_seq = models.PositiveBigIntegerField(default=0, editable=False)
    answer_seq = models.PositiveBigIntegerField(default=0, editable=False)
    # The number of the last lock or unlock: a page that missed it is told on catch-up.
    locked_seq = models.PositiveBigIntegerField(default=0, editable=False)
    # A restricted thread (a peer-learning task group's) is readable only by its readers
    # and the community's facilitators: ``permissions.can_read_thread`` and
    # ``permissions.thread_reader_filter``. Readers are kept in step by the owning service.
    restricted = models.BooleanField(_("readable only by its readers"), default=False)
    readers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="restricted_threads"
    )

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.FilterField("community_id"),
        index.FilterField("created_at"),
        index.FilterField("last_activity_at"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        # Search facets: the author's organisation (and through it, the country).
        index.RelatedFields("author", [index.FilterField("organisation_id")]),
        # Search: restricted threads only for their readers (ids from permissions).
        index.FilterField("id"),
        index.FilterField("restricted"),
        index.FilterField("language"),
    ]

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [models.Index(fields=["community", "-pinned", "-last_activity_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("thread_detail", kwargs={"thread_id": self.pk})


class PostQuerySet(models.QuerySet):
    def visible(self):
        """Posts everyone who can read the thread sees: not hidden, not deleted."""
        return self.filter(hidden_at__isnull=True, deleted_at__isnull=True)


class Post(index.Indexed, models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts"
    )
    source = models.TextField(_("text (Markdown)"))
    language = models.CharField(
        _("language"), max_length=8, choices=PostLanguage.choices, default=PostLanguage.EN
    )
    html = models.TextField(_("sanitised HTML"))
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("reason for hiding"), max_length=500, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    client_token = models.CharField(max_length=64, blank=True)
    # The thread's event number of this post's last change (``Thread.event_seq``): a
    # catch-up sends the current state of every post changed after the page's number.
    seq = models.PositiveBigIntegerField(default=0, editable=False)

    objects = PostQuerySet.as_manager()

    search_fields = [
        index.SearchField("source"),
        index.FilterField("thread_id"),
        index.FilterField("created_at"),
        index.FilterField("hidden_at"),
        index.FilterField("deleted_at"),
        index.FilterField("language"),
        index.RelatedFields(
            "thread",
            # community_id: search filters posts to communities the reader may read.
            [
                index.SearchField("title", boost=2),
                index.FilterField("community_id"),
                index.FilterField("restricted"),
            ],
        ),
        index.RelatedFields("author", [index.FilterField("organisation_id")]),
    ]

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["id"]
        indexes = [models.Index(fields=["thread", "id"]), models.Index(fields=["thread", "seq"])]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_token"],
                condition=~models.Q(client_token=""),
                name="one_post_per_client_token",
            )
        ]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    @property
    def is_visible(self) -> bool:
        return self.hidden_at is None and self.deleted_at is None


class PostEdit(models.Model):
    """The previous text of a post, kept when its author edits it."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="edits")
    source = models.TextField()
    edited_at = models.DateTimeField(default=timezone.now)
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-edited_at"]

    def __str__(self) -> str:
        return f"Edit of post {self.post_id} at {self.edited_at:%Y-%m-%d %H:%M}"


class ReactionKind(models.TextChoices):
    HELPFUL = "helpful", _("Helpful")
    THANKS = "thanks", _("Thanks")


class Reaction(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=ReactionKind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "user", "kind"], name="one_reaction_each")
        ]

    def __str__(self) -> str:
        return f"{self.kind} on post {self.post_id}"


class ThreadFollow(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_follow")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id}"


class ReadState(models.Model):
    """How far a person has read a thread: the id of the last post they saw."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    last_read_post_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="one_read_state")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} to {self.last_read_post_id}"


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Reply to you")
    MENTION = "mention", _("Mention")
    OWN_THREAD = "own_thread", _("New post in your thread")
    ANSWER = "answer", _("Marked as good practice")
    FOLLOWED = "followed", _("New post in a thread you follow")
    PROMOTED = "promoted", _("Moved from the waiting list")
    FLAG = "flag", _("Post reported")
    HIDDEN = "hidden", _("Your post was hidden")
    JOIN_REQUEST = "join_request", _("Request to join")
    JOIN_APPROVED = "join_approved", _("Request to join approved")
    JOIN_DECLINED = "join_declined", _("Request to join declined")


class Notification(models.Model):
    """Something for one person to look at. Most point to a post in a thread; join
    requests and decisions point to a community only."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    thread = models.ForeignKey(Thread, null=True, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        CommunityPage, null=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Waiting to be e-mailed straight away (discussions.notification_mail), unless the
    # person reads it first; emailed_at says when it went.
    email_pending = models.BooleanField(default=False)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(
                fields=["created_at"],
                condition=models.Q(email_pending=True),
                name="notification_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        if self.kind == NotificationKind.FLAG and self.thread_id:
            return reverse("moderation_queue", args=[self.thread.community_id])
        if self.thread_id:
            anchor = f"#post-{self.post_id}" if self.post_id else ""
            return reverse("thread_detail", args=[self.thread_id]) + anchor
        if self.community_id:
            url = self.community.url or ""
            return url + "manage/" if self.kind == NotificationKind.JOIN_REQUEST else url
        return "/"


class Flag(models.Model):
    """A member's report of a post, for the facilitators' queue."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["post", "reporter"],
                condition=models.Q(resolved_at__isnull=True),
                name="one_open_flag_per_reporter",
            )
        ]

    def __str__(self) -> str:
        return f"Report on post {self.post_id}"


# What ``discussions.services`` records: (the action, what it did), for the moderation log
# on the site and the history in the admin.
MODERATION_ACTION_LABELS = {
    "hide_post": (_("Hide post"), _("Post hidden")),
    "unhide_post": (_("Show hidden post"), _("Hidden post shown again")),
    "pin": (_("Pin thread"), _("Thread pinned")),
    "unpin": (_("Unpin thread"), _("Thread unpinned")),
    "lock": (_("Lock thread"), _("Thread locked")),
    "unlock": (_("Unlock thread"), _("Thread unlocked")),
    "move": (_("Move thread"), _("Thread moved to another community")),
    "dismiss_flag": (_("Dismiss report"), _("Report dismissed")),
    "mark_answer": (_("Mark as good practice"), _("Marked as good practice")),
    "clear_answer": (_("Clear good practice"), _("Good practice mark cleared")),
}


class ModerationAction(models.Model):
    """Who did what, when and why: every facilitator action is recorded."""

    community = models.ForeignKey(CommunityPage, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=30)
    thread = models.ForeignKey(Thread, null=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(Post, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id}"

    @property
    def description(self) -> str:
        """What was done, in words ("Post hidden"); an unknown code as it is."""
        labels = MODERATION_ACTION_LABELS.get(self.action)
        return str(labels[1]) if labels else self.action
