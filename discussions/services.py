"""Every write to threads, posts, reactions, follows, read state, flags and notifications.

Keyword-only, inside ``transaction.atomic``, validating and raising ``ServiceError``.
Live events are published by ``discussions.events`` on commit only.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log as log_action

from communities.models import CommunityPage, Membership, MembershipStatus, User
from communities.permissions import can_facilitate, can_post, can_view_community
from core import jobs
from core.errors import ServiceError
from discussions import events, notification_mail
from discussions.models import (
    Flag,
    ModerationAction,
    Notification,
    NotificationKind,
    Post,
    PostEdit,
    PostLanguage,
    Reaction,
    ReactionKind,
    ReadState,
    Thread,
    ThreadFollow,
    ThreadStatus,
    default_post_language,
)
from discussions.permissions import (
    can_edit_post,
    can_mark_answer,
    can_moderate,
    can_read_thread,
    can_reply,
    thread_readers_users_filter,
)
from discussions.rendering import link_mentions, mentioned_usernames, render_markdown

DEFAULT_LIMITS = {
    "POST_INTERVAL_SECONDS": 5,
    "NEW_ACCOUNT_HOURS": 24,
    "NEW_ACCOUNT_MAX_POSTS": 10,
    "DUPLICATE_WINDOW_SECONDS": 300,
    "MAX_POST_LENGTH": 20_000,
    "MAX_TITLE_LENGTH": 200,
}


# More @names than this in one post notify nobody beyond the first ones (no mass pings).
MAX_MENTIONS = 30


def limit(name: str) -> int:
    return {**DEFAULT_LIMITS, **getattr(settings, "PRAXIS_DISCUSSION_LIMITS", {})}[name]


# Validation and rate limits -------------------------------------------------------------


def _clean_source(source: str) -> str:
    source = (source or "").replace("\x00", "").strip()
    if not source:
        raise ServiceError(_("Write something before posting."), code="empty")
    if len(source) > limit("MAX_POST_LENGTH"):
        raise ServiceError(
            ngettext(
                "A post can be at most %(max)d character; this one has %(length)d.",
                "A post can be at most %(max)d characters; this one has %(length)d.",
                limit("MAX_POST_LENGTH"),
            )
            % {"max": limit("MAX_POST_LENGTH"), "length": len(source)},
            code="too_long",
        )
    return source


def _clean_language(language: str | None) -> str:
    """The post's language: one of ``PostLanguage``; None means the interface language."""
    if language is None:
        return default_post_language()
    if not isinstance(language, str) or language not in PostLanguage.values:
        raise ServiceError(_("Choose the language of the post from the list."), code="language")
    return language


def _retry_message(seconds: int) -> str:
    return ngettext(
        "You are posting too fast. Try again in %(seconds)d second.",
        "You are posting too fast. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def _serialise_author(author: User) -> None:
    """Lock the author's row for the rest of the transaction, before the limit checks: two
    writes by one person (to any thread, from any worker, over HTTP or a socket) then check
    and insert one after the other, so neither passes a check the other is about to break.
    Always taken before the thread's lock (one order: no deadlock). On SQLite the row lock
    is a no-op, and ``transaction_mode = IMMEDIATE`` (config/settings/base.py) already
    serialises every write transaction at its start."""
    if author.pk is not None:
        list(User.objects.select_for_update().filter(pk=author.pk).values_list("pk", flat=True))


def _check_rate_limits(*, author: User, source: str) -> None:
    """Discourse-like limits; raise ServiceError(code="rate_limited", retry_after=...).

    Deleted posts count towards the interval and the first-day allowance (posting and
    deleting must not reset them); only the duplicate-text check ignores them."""
    now = timezone.now()
    written = Post.objects.filter(author=author)
    last = written.order_by("-created_at").values_list("created_at", flat=True).first()
    interval = timedelta(seconds=limit("POST_INTERVAL_SECONDS"))
    if last and now - last < interval:
        wait = max(1, int((last + interval - now).total_seconds() + 0.999))
        raise ServiceError(_retry_message(wait), code="rate_limited", retry_after=wait)

    new_until = author.date_joined + timedelta(hours=limit("NEW_ACCOUNT_HOURS"))
    if now < new_until:
        first_day = written.filter(created_at__gte=author.date_joined).count()
        if first_day >= limit("NEW_ACCOUNT_MAX_POSTS"):
            wait = int((new_until - now).total_seconds()) + 1
            hours = max(1, -(-wait // 3600))  # rounded up: never promise too early
            most = limit("NEW_ACCOUNT_MAX_POSTS")
            raise ServiceError(
                # Two sentences, each with its own number.
                ngettext(
                    "New accounts can write %(max)d post on their first day.",
                    "New accounts can write %(max)d posts on their first day.",
                    most,
                )
                % {"max": most}
                + " "
                + ngettext(
                    "You can post again in %(hours)d hour.",
                    "You can post again in %(hours)d hours.",
                    hours,
                )
                % {"hours": hours},
                code="rate_limited",
                retry_after=wait,
            )

    window = now - timedelta(seconds=limit("DUPLICATE_WINDOW_SECONDS"))
    visible = written.filter(deleted_at__isnull=True)
    if visible.filter(created_at__gte=window, source=source).exists():
        raise ServiceError(
            _("You posted the same text a moment ago. Say something new, or wait a few minutes."),
            code="duplicate_text",
            retry_after=limit("DUPLICATE_WINDOW_SECONDS"),
        )


# Counters -------------------------------------------------------------------------------


def refresh_thread_counters(thread: Thread) -> None:
    """Recount from the visible posts (a few aggregate queries; never drifts)."""
    visible = Post.objects.visible().filter(thread=thread)
    totals = visible.aggregate(
        posts=Count("pk"),
        participants=Count("author", distinct=True),
        organisations=Count("author__organisation", distinct=True),
    )
    departments = (
        visible.exclude(author__department="")
        .values("author__organisation", "author__department")
        .distinct()
        .count()
    )
    last = visible.order_by("-id").first()
    Thread.objects.filter(pk=thread.pk).update(
        post_count=totals["posts"],
        participant_count=totals["participants"],
        organisation_count=totals["organisations"],
        department_count=departments,
        last_post=last,
        last_activity_at=last.created_at if last else thread.created_at,
    )
    thread.refresh_from_db(
        fields=[
            "post_count",
            "participant_count",
            "organisation_count",
            "department_count",
            "last_post",
            "last_activity_at",
        ]
    )


# The thread's event sequence -------------------------------------------------------------


def _lock_thread(thread_id: int) -> None:
    """Take the thread's row lock first: every writer that numbers an event locks the
    thread before anything else (a post's row), so two writers never wait on each other."""
    list(Thread.objects.select_for_update().filter(pk=thread_id).values_list("pk", flat=True))


def _claim_seq(thread_id: int, n: int = 1) -> int:
    """The next ``n`` numbers of the thread's event sequence; returns the last. Inside the
    writing transaction: the row stays locked until commit, so the thread's events commit
    (and are numbered) one after the other, and a rollback gives the numbers back."""
    Thread.objects.filter(pk=thread_id).update(event_seq=F("event_seq") + n)
    return Thread.objects.filter(pk=thread_id).values_list("event_seq", flat=True).get()


def _stamp(post: Post) -> None:
    """The post changed (reactions, the answer mark): it takes the next event number."""
    post.seq = _claim_seq(post.thread_id)
    Post.objects.filter(pk=post.pk).update(seq=post.seq)


# Threads and posts ----------------------------------------------------------------------


def _require_poster(user: User, community: CommunityPage) -> None:
    if not user.is_authenticated or not can_view_community(user, community):
        raise ServiceError(_("This community does not exist."), code="not_found")
    if not can_post(user, community):
        raise ServiceError(
            _("Join the community to take part in its discussions."), code="not_member"
        )


@transaction.atomic
def thread_create(
    *,
    author: User,
    community: CommunityPage,
    title: str,
    source: str,
    tags: list[str] | None = None,
    language: str | None = None,
    client_token: str = "",
    rate_limited: bool = True,
) -> Thread:
    """Start a thread with its first post. Services that open a thread on a person's
    behalf as part of a larger action (a task group's room, a challenge's workspace) pass
    ``rate_limited=False``: the limits guard against typing too fast, not against one
    click that opens several rooms. ``language`` is the opening post's (and so the
    thread's); None means the active interface language."""
    _require_poster(author, community)
    if rate_limited:
        _serialise_author(author)
    language = _clean_language(language)
    client_token = (client_token or "")[:64]
    if client_token:
        # A double submit of the same form: the thread the first one started, not a second.
        existing = (
            Post.objects.filter(author=author, client_token=client_token)
            .select_related("thread")
            .first()
        )
        if existing:
            return existing.thread
    title = " ".join((title or "").split())
    if len(title) < 5:
        raise ServiceError(_("Give the thread a title of at least five characters."), code="title")
    if len(title) > limit("MAX_TITLE_LENGTH"):
        raise ServiceError(
            ngettext(
                "Titles can be at most %(max)d character.",
                "Titles can be at most %(max)d characters.",
                limit("MAX_TITLE_LENGTH"),
            )
            % {"max": limit("MAX_TITLE_LENGTH")},
            code="title",
        )
    source = _clean_source(source)
    if rate_limited:
        _check_rate_limits(author=author, source=source)
    try:
        with transaction.atomic():
            thread = Thread.objects.create(
                community=community, title=title, author=author, language=language
            )
            if tags:
                thread.tags.add(*[t.strip()[:100] for t in tags if t.strip()][:10])
            ThreadFollow.objects.get_or_create(thread=thread, user=author)
            post = _create_post(
                thread=thread,
                author=author,
                source=source,
                language=language,
                client_token=client_token,
            )
            # Readers first, then the notifications (a constant number of queries).
            events.thread_created(thread, post)
            _notify_for_new_post(post)
    except IntegrityError:
        if not client_token:
            raise
        # A concurrent submit with the same token won the race: answer with its thread.
        return (
            Post.objects.select_related("thread")
            .get(author=author, client_token=client_token)
            .thread
        )
    return thread


def _post_html(source: str) -> str:
    """A post's HTML: its Markdown, with each @name of someone who exists linked to their
    profile."""
    names = sorted(mentioned_usernames(source))[:MAX_MENTIONS]
    html = render_markdown(source)
    if not names:
        return html
    existing = User.objects.filter(username__in=names, is_active=True).values_list(
        "username", flat=True
    )
    return link_mentions(html, {name: reverse("profile", args=[name]) for name in existing})


def _create_post(
    *,
    thread: Thread,
    author: User,
    source: str,
    language: str,
    reply_to: Post | None = None,
    client_token="",
) -> Post:
    post = Post.objects.create(
        thread=thread,
        author=author,
        source=source,
        language=language,
        html=_post_html(source),
        reply_to=reply_to,
        client_token=client_token[:64],
        seq=_claim_seq(thread.pk),
    )
    refresh_thread_counters(thread)
    CommunityPage.objects.filter(pk=thread.community_id).update(last_activity_at=post.created_at)
    _mark_read(user=author, thread=thread, post_id=post.pk)
    return post


@transaction.atomic
def post_create(
    *,
    author: User,
    thread: Thread,
    source: str,
    reply_to_id: int | None = None,
    language: str | None = None,
    client_token: str = "",
) -> Post:
    """Reply in a thread. A repeated ``client_token`` returns the first post, not a second.
    ``language``: one of ``PostLanguage``; None means the active interface language."""
    _serialise_author(author)
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    _require_poster(author, thread.community)
    language = _clean_language(language)
    if client_token:
        existing = Post.objects.filter(author=author, client_token=client_token[:64]).first()
        if existing:
            return existing
    if not can_reply(author, thread):
        raise ServiceError(_("This thread is locked: no new replies."), code="locked")
    source = _clean_source(source)
    _check_rate_limits(author=author, source=source)
    reply_to = None
    if reply_to_id:
        reply_to = Post.objects.visible().filter(pk=reply_to_id, thread=thread).first()
        if reply_to is None:
            raise ServiceError(_("The post you replied to is no longer there."), code="reply_to")
    try:
        with transaction.atomic():
            post = _create_post(
                thread=thread,
                author=author,
                source=source,
                language=language,
                reply_to=reply_to,
                client_token=client_token,
            )
    except IntegrityError:
        return Post.objects.get(author=author, client_token=client_token[:64])
    ThreadFollow.objects.get_or_create(thread=thread, user=author)
    # Readers first, then the notifications (a constant number of queries).
    events.post_created(post)
    _notify_for_new_post(post)
    return post


@transaction.atomic
def post_edit(*, editor: User, post: Post, source: str, language: str | None = None) -> Post:
    """Change a post's text and, when ``language`` is given, its language (None keeps it).
    The opening post's language is the thread's too."""
    _lock_thread(post.thread_id)
    post = Post.objects.select_for_update().select_related("thread__community").get(pk=post.pk)
    if not can_edit_post(editor, post):
        raise ServiceError(_("You can only edit your own posts."), code="forbidden")
    source = _clean_source(source)
    language = post.language if language is None else _clean_language(language)
    if source == post.source and language == post.language:
        return post
    changed = ["edited_at"]
    if source != post.source:
        PostEdit.objects.create(post=post, source=post.source, editor=editor)
        post.source = source
        post.html = _post_html(source)
        changed += ["source", "html"]
    if language != post.language:
        post.language = language
        changed.append("language")
        thread = post.thread
        opening = Post.objects.filter(thread=thread).order_by("id").values_list("pk", flat=True)
        if opening.first() == post.pk and thread.language != language:
            thread.language = language
            thread.save(update_fields=["language"])
    post.edited_at = timezone.now()
    post.seq = _claim_seq(post.thread_id)
    post.save(update_fields=[*changed, "seq"])
    events.post_updated(post)
    return post


@transaction.atomic
def post_delete(*, user: User, post: Post) -> Post:
    """Soft-delete by the author: the text disappears, the record stays."""
    _lock_thread(post.thread_id)
    post = Post.objects.select_for_update().select_related("thread__community").get(pk=post.pk)
    if post.author_id != user.pk:
        raise ServiceError(_("You can only delete your own posts."), code="forbidden")
    if post.deleted_at:
        return post
    post.deleted_at = timezone.now()
    post.seq = _claim_seq(post.thread_id)
    post.save(update_fields=["deleted_at", "seq"])
    refresh_thread_counters(post.thread)
    events.post_removed(post)  # before the answer panel's event: published in number order
    _drop_answer(post)
    return post


def _drop_answer(post: Post) -> None:
    """A post that is no longer visible cannot stay the thread's answer / good practice."""
    cleared = Thread.objects.filter(pk=post.thread_id, answer=post).update(
        answer=None, status=ThreadStatus.OPEN
    )
    if cleared:
        seq = _claim_seq(post.thread_id)
        Thread.objects.filter(pk=post.thread_id).update(answer_seq=seq)
        post.thread.refresh_from_db(fields=["answer", "status", "answer_seq"])
        events.thread_answer_changed(post.thread)


# Moderation -----------------------------------------------------------------------------


def _record(
    *,
    actor: User,
    action: str,
    thread: Thread,
    post=None,
    reason="",
    community_id=None,
    target=None,
    **details,
):
    """One moderation action, twice in the same transaction (so a rollback drops both):
    in the community's public moderation log (``ModerationAction``) and in Wagtail's log
    (``log_action``: the object's admin history and the site history report), on
    ``target`` or else the post or the thread."""
    ModerationAction.objects.create(
        community_id=community_id or thread.community_id,
        actor=actor,
        action=action,
        thread=thread,
        post=post,
        reason=reason[:500],
        details=details,
    )
    data = {"thread": thread.pk, "community": community_id or thread.community_id, **details}
    if reason:
        data["reason"] = reason[:500]
    log_action(target or post or thread, f"praxis.{action}", user=actor, data=data)


def _require_moderator(user: User, thread: Thread) -> None:
    if not can_moderate(user, thread):
        raise ServiceError(_("Only the community's facilitators can do that."), code="forbidden")


@transaction.atomic
def post_hide(*, actor: User, post: Post, reason: str) -> Post:
    _lock_thread(post.thread_id)
    post = Post.objects.select_for_update().select_related("thread__community").get(pk=post.pk)
    _require_moderator(actor, post.thread)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError(_("Say why the post is hidden; the author will see it."), code="reason")
    if post.hidden_at:
        raise ServiceError(_("This post is already hidden."), code="duplicate")
    post.hidden_at = timezone.now()
    post.hidden_by = actor
    post.hidden_reason = reason[:500]
    post.seq = _claim_seq(post.thread_id)
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "seq"])
    refresh_thread_counters(post.thread)
    events.post_removed(post)  # before the answer panel's event: published in number order
    _drop_answer(post)
    Flag.objects.filter(post=post, resolved_at__isnull=True).update(
        resolved_at=timezone.now(), resolved_by=actor, resolution="hidden"
    )
    _record(actor=actor, action="hide_post", thread=post.thread, post=post, reason=reason)
    _notify(recipient=post.author, kind=NotificationKind.HIDDEN, actor=actor, post=post)
    return post


@transaction.atomic
def post_unhide(*, actor: User, post: Post) -> Post:
    _lock_thread(post.thread_id)
    post = Post.objects.select_for_update().select_related("thread__community").get(pk=post.pk)
    _require_moderator(actor, post.thread)
    if not post.hidden_at:
        return post
    post.hidden_at = None
    post.hidden_by = None
    post.seq = _claim_seq(post.thread_id)
    post.save(update_fields=["hidden_at", "hidden_by", "seq"])
    refresh_thread_counters(post.thread)
    _record(actor=actor, action="unhide_post", thread=post.thread, post=post)
    events.post_updated(post)
    return post


@transaction.atomic
def thread_set_flags(
    *, actor: User, thread: Thread, pinned: bool | None = None, locked: bool | None = None
) -> Thread:
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    _require_moderator(actor, thread)
    changed = []
    if pinned is not None and thread.pinned != pinned:
        thread.pinned = pinned
        changed.append("pinned")
        _record(actor=actor, action="pin" if pinned else "unpin", thread=thread)
    if locked is not None and thread.locked != locked:
        thread.locked = locked
        changed.append("locked")
        _record(actor=actor, action="lock" if locked else "unlock", thread=thread)
    if "locked" in changed:
        thread.locked_seq = _claim_seq(thread.pk)
        changed.append("locked_seq")
    if changed:
        thread.save(update_fields=changed)
        if "locked" in changed:
            events.thread_locked(thread)
    return thread


@transaction.atomic
def thread_move(*, actor: User, thread: Thread, to_community: CommunityPage, reason: str = ""):
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    _require_moderator(actor, thread)
    if not can_facilitate(actor, to_community):
        raise ServiceError(
            _("You can only move threads to communities you facilitate."), code="forbidden"
        )
    if to_community.pk == thread.community_id:
        raise ServiceError(_("The thread is already in that community."), code="duplicate")
    origin = thread.community
    thread.community = to_community
    thread.save(update_fields=["community"])
    _record(
        actor=actor,
        action="move",
        thread=thread,
        reason=reason,
        # In the log of the community the thread left, where its absence needs explaining.
        community_id=origin.pk,
        from_community=origin.pk,
        to_community=to_community.pk,
    )
    events.thread_moved(thread, from_community_id=origin.pk)
    return thread


@transaction.atomic
def flag_create(*, reporter: User, post: Post, reason: str) -> Flag:
    post = Post.objects.select_related("thread__community").get(pk=post.pk)
    if not can_post(reporter, post.thread.community):
        raise ServiceError(_("Only members can report posts."), code="not_member")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError(_("Say what is wrong with the post."), code="reason")
    if post.author_id == reporter.pk:
        raise ServiceError(_("You cannot report your own post."), code="self")
    if not post.is_visible:
        raise ServiceError(_("This post is no longer there."), code="gone")
    try:
        with transaction.atomic():
            flag = Flag.objects.create(post=post, reporter=reporter, reason=reason[:500])
    except IntegrityError as error:
        raise ServiceError(
            _("You have already reported this post; a facilitator will look at it."),
            code="duplicate",
        ) from error
    facilitators = User.objects.filter(
        pk__in=Membership.objects.facilitators()
        .filter(community_id=post.thread.community_id)
        .values("user_id")
    )
    for facilitator in facilitators:
        _notify(recipient=facilitator, kind=NotificationKind.FLAG, actor=reporter, post=post)
    return flag


@transaction.atomic
def flag_dismiss(*, actor: User, flag: Flag) -> Flag:
    flag = (
        Flag.objects.select_for_update().select_related("post__thread__community").get(pk=flag.pk)
    )
    _require_moderator(actor, flag.post.thread)
    if flag.resolved_at:
        raise ServiceError(_("This report was already handled."), code="stale")
    flag.resolved_at = timezone.now()
    flag.resolved_by = actor
    flag.resolution = "dismissed"
    flag.save(update_fields=["resolved_at", "resolved_by", "resolution"])
    _record(
        actor=actor, action="dismiss_flag", thread=flag.post.thread, post=flag.post, target=flag
    )
    return flag


# Reactions, answers, follows, read state --------------------------------------------------


@transaction.atomic
def reaction_toggle(*, user: User, post: Post, kind: str) -> bool:
    """Add or remove the user's reaction; return whether it is now on."""
    if kind not in ReactionKind.values:
        raise ServiceError(_("Unknown reaction."), code="invalid")
    _lock_thread(post.thread_id)
    post = Post.objects.select_related("thread__community").get(pk=post.pk)
    if not post.is_visible:
        raise ServiceError(_("This post is no longer there."), code="gone")
    if not can_post(user, post.thread.community):
        raise ServiceError(_("Join the community to react to posts."), code="not_member")
    deleted, _count = Reaction.objects.filter(post=post, user=user, kind=kind).delete()
    if not deleted:
        try:
            with transaction.atomic():
                Reaction.objects.create(post=post, user=user, kind=kind)
        except IntegrityError:
            pass
    _stamp(post)
    events.reactions_changed(post)
    return not deleted


@transaction.atomic
def answer_mark(*, actor: User, post: Post, clear: bool = False) -> Thread:
    post = Post.objects.select_related("thread__community", "author").get(pk=post.pk)
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    thread.community = post.thread.community
    if not can_mark_answer(actor, thread):
        raise ServiceError(
            _("Only the thread's author or a facilitator can mark the answer."), code="forbidden"
        )
    previous_id = thread.answer_id
    if clear:
        if thread.answer_id != post.pk:
            return thread  # a stale "unmark" button: another post is the answer now
        thread.answer = None
        thread.status = ThreadStatus.OPEN
    else:
        if not post.is_visible:
            raise ServiceError(_("A hidden or deleted post cannot be the answer."), code="gone")
        already = thread.answer_id == post.pk
        thread.answer = post
        thread.status = ThreadStatus.ANSWERED
        if post.author_id != actor.pk and not already:
            _notify(recipient=post.author, kind=NotificationKind.ANSWER, actor=actor, post=post)
    # The posts whose mark changed, then the panel, each with its own event number.
    ids = list(dict.fromkeys(pk for pk in (previous_id, thread.answer_id) if pk))
    present = set(Post.objects.filter(thread=thread, pk__in=ids).values_list("pk", flat=True))
    ids = [pk for pk in ids if pk in present]
    last = _claim_seq(thread.pk, len(ids) + 1)
    post_seqs = {}
    for seq, post_id in enumerate(ids, start=last - len(ids)):
        Post.objects.filter(pk=post_id).update(seq=seq)
        post_seqs[post_id] = seq
    thread.answer_seq = last
    thread.save(update_fields=["answer", "status", "answer_seq"])
    if can_moderate(actor, thread):
        _record(
            actor=actor, action="clear_answer" if clear else "mark_answer", thread=thread, post=post
        )
    events.thread_answer_changed(thread, previous_id=previous_id, post_seqs=post_seqs)
    return thread


@transaction.atomic
def follow_set(*, user: User, thread: Thread, follow: bool) -> None:
    if not can_view_community(user, thread.community):
        raise ServiceError(_("This thread does not exist."), code="not_found")
    if follow:
        ThreadFollow.objects.get_or_create(thread=thread, user=user)
    else:
        ThreadFollow.objects.filter(thread=thread, user=user).delete()


def _mark_read(*, user: User, thread: Thread, post_id: int) -> None:
    state, created = ReadState.objects.get_or_create(
        thread=thread, user=user, defaults={"last_read_post_id": post_id}
    )
    if not created and state.last_read_post_id < post_id:
        ReadState.objects.filter(pk=state.pk, last_read_post_id__lt=post_id).update(
            last_read_post_id=post_id, updated_at=timezone.now()
        )


def _clear_thread_notifications(*, user: User, thread: Thread, post_id: int) -> None:
    """Read up to ``post_id``: the notifications of those posts are read too (the header's
    count follows at once on every page of the reader's)."""
    cleared = Notification.objects.filter(
        recipient=user, thread=thread, post_id__lte=post_id, read_at__isnull=True
    ).update(read_at=timezone.now())
    if cleared:
        events.unread_count_changed(user_id=user.pk)


@transaction.atomic
def mark_read(*, user: User, thread: Thread, post_id: int) -> None:
    if user.is_authenticated and can_view_community(user, thread.community):
        _mark_read(user=user, thread=thread, post_id=post_id)
        _clear_thread_notifications(user=user, thread=thread, post_id=post_id)


@transaction.atomic
def mark_seen_live(*, user: User, thread_id: int, post_id: int) -> int:
    """The reader saw the thread's posts up to ``post_id`` as they arrived (the page was
    visible). Moves the read marker forward only, and only as far as the last post this
    reader may see at or below ``post_id``; returns the marker (0: nothing to mark)."""
    if not user.is_authenticated:
        return 0
    thread = Thread.objects.select_related("community").filter(pk=thread_id).first()
    if thread is None or not thread.community.live or not can_read_thread(user, thread):
        return 0
    seen = (
        Post.objects.visible()
        .filter(thread=thread, pk__lte=post_id)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if not seen:
        return 0
    _mark_read(user=user, thread=thread, post_id=seen)
    _clear_thread_notifications(user=user, thread=thread, post_id=seen)
    return seen


# Notifications --------------------------------------------------------------------------


def _notify(*, recipient: User, kind: str, actor: User, post: Post) -> Notification | None:
    """Create a notification if the recipient may read the thread (fails closed), to be
    e-mailed unless they read it first (``discussions.notification_mail``)."""
    created = _notify_many(recipients=[(recipient, kind)], actor=actor, post=post)
    return created[0] if created else None


def _notify_many(*, recipients: list[tuple[User, str]], actor: User, post: Post) -> list:
    """One notification for each (person, kind) who may read the thread now (fails closed:
    ``can_read_thread``, decided for all of them in one query), written in one insert and
    published in one build after commit: a reply costs the same however many follow it."""
    thread = post.thread
    wanted = {
        user.pk: (user, kind)
        for user, kind in reversed(recipients)  # the first reason given wins
        if user.pk != actor.pk and user.is_active
    }
    if not wanted:
        return []
    readers = set(
        User.objects.filter(pk__in=wanted)
        .filter(thread_readers_users_filter(thread))
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                kind=kind,
                actor=actor,
                thread=thread,
                post=post,
                created_at=now,
                # The person's e-mail settings are on their row: no query per recipient.
                email_pending=notification_mail.wants_it_now(user, kind),
            )
            for pk, (user, kind) in sorted(wanted.items())
            if pk in readers
        ]
    )
    events.notifications_created([n.pk for n in notifications])
    if any(n.email_pending for n in notifications):
        transaction.on_commit(jobs.wake)
    return notifications


def _notify_for_new_post(post: Post) -> None:
    """Each person once, for the closest reason: a mention, a reply to their post, a new
    post in their thread, or a thread they follow. A constant number of queries, whatever
    the number of followers."""
    thread = post.thread
    recipients: list[tuple[User, str]] = []
    mentioned = sorted(mentioned_usernames(post.source))[:MAX_MENTIONS]
    if mentioned:
        recipients += [
            (user, NotificationKind.MENTION)
            for user in User.objects.filter(
                memberships__community_id=thread.community_id,
                memberships__status=MembershipStatus.ACTIVE,
                username__in=mentioned,
            )
        ]
    if post.reply_to_id and post.reply_to and post.reply_to.is_visible:
        recipients.append((post.reply_to.author, NotificationKind.REPLY))
    # Followers of a new thread are only its author, who is never notified of their own post;
    # so no check on the post's position (a count would miss replies after a hidden opener).
    named = {user.pk for user, _kind in recipients}
    followers = User.objects.filter(thread_follows__thread=thread).exclude(pk__in=named)
    recipients += [
        (
            user,
            NotificationKind.OWN_THREAD
            if user.pk == thread.author_id
            else NotificationKind.FOLLOWED,
        )
        for user in followers
    ]
    _notify_many(recipients=recipients, actor=post.author, post=post)


@transaction.atomic
def notify_membership(*, membership: Membership, change: str) -> None:
    """In-app notifications of a join request (to the community's facilitators) and of
    the decision (to the person who asked)."""
    community = membership.community
    if change == "requested":
        recipients = User.objects.filter(
            pk__in=Membership.objects.facilitators().filter(community=community).values("user_id")
        ).exclude(pk=membership.user_id)
        kind, actor = NotificationKind.JOIN_REQUEST, membership.user
    else:
        recipients = [membership.user]
        actor = membership.decided_by
        kind = (
            NotificationKind.JOIN_APPROVED
            if change == "approved"
            else NotificationKind.JOIN_DECLINED
        )
    notifications = Notification.objects.bulk_create(
        [
            Notification(recipient=recipient, kind=kind, actor=actor, community=community)
            for recipient in recipients
        ]
    )
    events.notifications_created([n.pk for n in notifications])


@transaction.atomic
def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def post_from_socket(
    *,
    user: User,
    thread_id: int,
    source: str,
    client_token: str,
    reply_to_id: int | None,
    language: str | None = None,
) -> int:
    """Adapter for the WebSocket ``post`` frame: same service, same limits as HTTP.
    Returns the new post's id; a refusal raises ``ServiceError`` as over HTTP."""
    thread = Thread.objects.select_related("community").filter(pk=thread_id).first()
    if thread is None or not can_view_community(user, thread.community):
        raise ServiceError(_("This thread does not exist."), code="not_found")
    post = post_create(
        author=user,
        thread=thread,
        source=source,
        reply_to_id=reply_to_id,
        language=language,
        client_token=client_token,
    )
    return post.pk
