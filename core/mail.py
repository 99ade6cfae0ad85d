"""E-mail to people: one message per recipient, in their language, sent only once the
write that caused it has committed, and only when they want that kind of e-mail now.

A message is plain text plus HTML (``templates/email/message.txt|html``). One with a
``kind`` carries ``List-Unsubscribe`` and one-click unsubscribe (RFC 8058): a signed link
that turns that kind off without signing in (``communities.views.email_unsubscribe``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.i18n import language_of
from core.links import absolute_url

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "praxis.email.unsubscribe"
# Not an e-mail kind a person sets one by one: the digest's own link turns the digest off.
DIGEST = "digest"


@dataclass
class Message:
    """What one person receives. ``paragraphs`` are plain text; ``action`` is a link
    (label, absolute URL) shown as a button and written out in the text part."""

    subject: str
    paragraphs: list[str] = field(default_factory=list)
    action: tuple[str, str] | None = None
    sections: list[dict] = field(default_factory=list)
    reason: str = ""


Compose = Callable[[object], "Message | tuple[str, str]"]


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) a link was made for, or None when it was altered."""
    try:
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(user_id, int) or not isinstance(kind, str):
        return None
    return user_id, kind


def unsubscribe_url(user_id: int, kind: str) -> str:
    return absolute_url(reverse("email_unsubscribe", args=[unsubscribe_token(user_id, kind)]))


def build_email(
    user, message: Message | tuple[str, str], *, kind: str = ""
) -> EmailMultiAlternatives:
    """The e-mail for one recipient, in the active language (the caller's job)."""
    if isinstance(message, tuple):
        subject, body = message
        message = Message(subject=subject, paragraphs=[body])
    context = {
        "message": message,
        "recipient": user,
        "preferences_url": absolute_url(reverse("email_preferences")),
        "unsubscribe_url": unsubscribe_url(user.pk, kind) if kind else "",
        "kind": kind,
        "site_url": absolute_url("/"),
    }
    text = render_to_string("email/message.txt", context)
    html = render_to_string("email/message.html", context)
    headers = {}
    if kind:
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=text,
        to=[user.email],
        headers=headers,
    )
    email.attach_alternative(html, "text/html")
    email.kind = kind  # the mail queue keeps it with the message
    return email


def send_now(user, compose: Compose, *, kind: str = "") -> bool:
    """Compose in the recipient's language and hand the message to the mail backend (the
    durable queue in a running site). Returns whether a message was handed over."""
    if not getattr(user, "email", ""):
        return False
    with translation.override(language_of(user)):
        email = build_email(user, compose(user), kind=kind)
    try:
        email.send()
    except Exception:  # noqa: BLE001 - the write is done; a lost e-mail is only logged
        logger.warning("Could not send %r to user %s", email.subject, user.pk, exc_info=True)
        return False
    return True


def send_mail_on_commit(*, recipients: Iterable, compose: Compose, kind: str = "") -> None:
    """After the commit, send each recipient (a user; one without an address, or who
    does not want this ``kind`` of e-mail straight away, is skipped) their own message:
    ``compose(user)`` returns a ``Message`` (or ``(subject, body)``) and runs in that
    user's language, so a facilitator in Vilnius reads a Polish member's join request in
    Lithuanian. A failing mail server never undoes or breaks the write that caused it."""
    people = [user for user in recipients if _wants(user, kind)]
    if people:
        transaction.on_commit(lambda: [send_now(user, compose, kind=kind) for user in people])


def _wants(user, kind: str) -> bool:
    if not getattr(user, "email", ""):
        return False
    wants_now = getattr(user, "wants_email_now", None)
    return not kind or wants_now is None or wants_now(kind)
