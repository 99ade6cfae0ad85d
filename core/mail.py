"""E-mail sent only once the write that caused it has committed, in each recipient's
language."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation

from core.i18n import language_of

logger = logging.getLogger(__name__)

Compose = Callable[[object], tuple[str, str]]


def send_mail_on_commit(*, recipients: Iterable, compose: Compose) -> None:
    """After the commit, send each recipient (a user; one without an address is skipped)
    their own message: ``compose(user)`` returns ``(subject, body)`` and runs in that
    user's language, so a facilitator in Vilnius reads a Polish member's join request in
    Lithuanian. A failing mail server never undoes or breaks the write that caused it."""
    people = [user for user in recipients if getattr(user, "email", "")]
    if people:
        transaction.on_commit(lambda: _send_each(people, compose))


def _send_each(people: list, compose: Compose) -> None:
    for user in people:
        with translation.override(language_of(user)):
            subject, body = compose(user)
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:  # noqa: BLE001 - the write is done; a lost e-mail is only logged
            logger.warning("Could not send %r to user %s", subject, user.pk, exc_info=True)
