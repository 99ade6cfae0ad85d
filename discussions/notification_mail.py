"""Notifications by e-mail, for people who are not there to see them.

A notification whose kind the person wants "straight away" waits in the database
(``Notification.email_pending``). The ``notification-mail`` job sends it when the person
is away (no page or live frame for ``PRAXIS_AWAY_AFTER`` seconds), or once it has been
unread that long while they were around. It is dropped, unsent, once they read it: the
notification itself, or the post in its thread. Only what the person may still read is
sent, checked again when sending.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from communities.models import EmailDelivery, EmailKind
from core.links import absolute_url
from core.mail import Message, send_now
from core.presence import away_after, seen_recently
from discussions.models import Notification, NotificationKind, ReadState
from discussions.permissions import can_moderate, can_read_thread

logger = logging.getLogger(__name__)

# Which e-mail setting governs each kind of notification.
EMAIL_KIND = {
    NotificationKind.MENTION: EmailKind.MENTION,
    NotificationKind.REPLY: EmailKind.REPLY,
    NotificationKind.OWN_THREAD: EmailKind.ANSWER,
    NotificationKind.ANSWER: EmailKind.ANSWER,
    NotificationKind.FOLLOWED: EmailKind.FOLLOWED,
    NotificationKind.FLAG: EmailKind.FLAGS,
    NotificationKind.HIDDEN: EmailKind.MODERATION,
    NotificationKind.PROMOTED: EmailKind.MEETINGS,
    NotificationKind.JOIN_REQUEST: EmailKind.MEMBERSHIP,
    NotificationKind.JOIN_APPROVED: EmailKind.MEMBERSHIP,
    NotificationKind.JOIN_DECLINED: EmailKind.MEMBERSHIP,
}
# Kinds e-mailed from here; the others (join requests and decisions, the waiting list)
# are e-mailed by their own service at once, as they always were.
MAILED_HERE = {
    NotificationKind.MENTION,
    NotificationKind.REPLY,
    NotificationKind.OWN_THREAD,
    NotificationKind.ANSWER,
    NotificationKind.FOLLOWED,
    NotificationKind.FLAG,
    NotificationKind.HIDDEN,
}
# After downtime, what is older than this is no longer news worth an e-mail.
TOO_OLD = timedelta(days=3)


def wants_it_now(user, kind: str) -> bool:
    return kind in MAILED_HERE and user.wants_email_now(EMAIL_KIND[kind])


def in_digest(user, kind: str) -> bool:
    """Whether this kind of notification waits for the person's digest."""
    email_kind = EMAIL_KIND.get(kind)
    return bool(email_kind) and user.email_delivery(email_kind) == EmailDelivery.DIGEST


def send_due(*, now=None, limit: int = 200) -> int:
    """Send the notification e-mails that are due; returns how many were handed over.
    Safe to run in several processes at once: each e-mail is claimed by one."""
    now = now or timezone.now()
    grace = timedelta(seconds=away_after())
    pending = (
        Notification.objects.filter(email_pending=True)
        .select_related("recipient", "actor", "actor__organisation", "thread__community", "post")
        .order_by("created_at")[:limit]
    )
    sent = 0
    for notification in pending:
        recipient = notification.recipient
        if not _still_worth_sending(notification, now=now):
            Notification.objects.filter(pk=notification.pk).update(email_pending=False)
            continue
        if seen_recently(recipient.pk) and now - notification.created_at < grace:
            continue  # they are here and may read it on the site; look again later
        with transaction.atomic():
            claimed = Notification.objects.filter(pk=notification.pk, email_pending=True).update(
                email_pending=False, emailed_at=now
            )
            if claimed and send_now(
                recipient,
                lambda _user, n=notification: compose(n),
                kind=EMAIL_KIND[notification.kind],
            ):
                sent += 1
    return sent


def _still_worth_sending(notification: Notification, *, now) -> bool:
    recipient = notification.recipient
    if notification.read_at is not None or now - notification.created_at > TOO_OLD:
        return False
    if not recipient.wants_email_now(EMAIL_KIND[notification.kind]):
        return False
    thread, post = notification.thread, notification.post
    if thread is None or post is None or not can_read_thread(recipient, thread):
        return False
    if notification.kind == NotificationKind.HIDDEN:
        return post.deleted_at is None
    if not post.is_visible and not can_moderate(recipient, thread):
        return False
    read_up_to = (
        ReadState.objects.filter(thread=thread, user=recipient)
        .values_list("last_read_post_id", flat=True)
        .first()
    )
    return not (read_up_to and read_up_to >= post.pk)


def excerpt(post) -> str:
    return Truncator(" ".join(strip_tags(post.html).split())).chars(400)


SUBJECTS = {
    NotificationKind.MENTION: gettext_lazy("%(name)s mentioned you in “%(title)s”"),
    NotificationKind.REPLY: gettext_lazy("%(name)s replied to you in “%(title)s”"),
    NotificationKind.OWN_THREAD: gettext_lazy("%(name)s posted in your thread “%(title)s”"),
    NotificationKind.ANSWER: gettext_lazy(
        "%(name)s marked your post in “%(title)s” as good practice"
    ),
    NotificationKind.FOLLOWED: gettext_lazy("New post by %(name)s in “%(title)s”"),
    NotificationKind.FLAG: gettext_lazy("A post in “%(title)s” was reported"),
    NotificationKind.HIDDEN: gettext_lazy("A facilitator hid your post in “%(title)s”"),
}


def _why(notification: Notification) -> str:
    """The reports' or the facilitator's reason, for the kinds that have one."""
    post = notification.post
    if notification.kind == NotificationKind.FLAG:
        reasons = post.flags.filter(resolved_at__isnull=True).values_list("reason", flat=True)
        return _("Reason given: %(reason)s") % {"reason": "; ".join(reasons)}
    if notification.kind == NotificationKind.HIDDEN:
        return _("Reason given by the facilitator: %(reason)s") % {"reason": post.hidden_reason}
    return ""


def compose(notification: Notification) -> Message:
    """The e-mail for one notification, in the active language."""
    names = {
        "name": notification.actor.name if notification.actor else _("Someone"),
        "title": notification.thread.title,
        "community": notification.thread.community.title,
    }
    kind = notification.kind
    why = _why(notification)
    label = _("Review the reports") if kind == NotificationKind.FLAG else _("Open the thread")
    return Message(
        subject=str(SUBJECTS[kind]) % names,
        paragraphs=[
            _("In %(community)s:") % names,
            *([why] if why else []),
            excerpt(notification.post),
        ],
        action=(label, absolute_url(notification.get_absolute_url())),
        reason=_("You get this e-mail because of your setting: %(setting)s.")
        % {"setting": EmailKind(EMAIL_KIND[kind]).label},
    )
