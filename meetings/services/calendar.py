"""Calendar tokens: the secret key of a person's calendar feed."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from communities.models import User
from core.errors import ServiceError
from meetings.models import (
    CalendarToken,
)


def _new_key() -> str:
    return secrets.token_urlsafe(32)


@transaction.atomic
def calendar_token_for(*, user: User) -> CalendarToken:
    if not user.is_authenticated:
        raise ServiceError(_("Sign in to get your calendar link."), code="anonymous")
    token = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()
    return token or CalendarToken.objects.create(user=user, key=_new_key())


@transaction.atomic
def calendar_token_reset(*, user: User) -> CalendarToken:
    """Revoke every calendar link of the user and issue a new one."""
    if not user.is_authenticated:
        raise ServiceError(_("Sign in to get your calendar link."), code="anonymous")
    CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    return CalendarToken.objects.create(user=user, key=_new_key())
