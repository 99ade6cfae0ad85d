"""What the exchange services share: limits, statuses and the checks of dates and people."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import ServiceError
from core.text import one_line
from programmes.models import (
    ExchangeStatus,
)

MAX_OFFER_DAYS = 90
MAX_EXCHANGE_DAYS = 90
MAX_VISIT_DAYS = 30
MAX_PLACES = 50
COUNTED_STATUSES = (ExchangeStatus.AGREED, ExchangeStatus.DONE)
ACTIVE_STATUSES = (ExchangeStatus.PROPOSED, ExchangeStatus.AGREED)


def _required_text(value: str | None, *, max_length: int, message: str, min_length=3) -> str:
    cleaned = one_line(value, max_length=max_length)
    if len(cleaned) < min_length:
        raise ServiceError(message, code="required")
    return cleaned


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _check_dates(starts_on: date | None, ends_on: date | None, *, max_days: int) -> None:
    if starts_on is None or ends_on is None:
        raise ServiceError(_("Give both the first and the last day."), code="dates")
    if ends_on < starts_on:
        raise ServiceError(
            _("The last day (%(end)s) is before the first day (%(start)s).")
            % {"end": _day(ends_on), "start": _day(starts_on)},
            code="end_before_start",
        )
    if (ends_on - starts_on).days + 1 > max_days:
        raise ServiceError(
            ngettext(
                "This can last at most %(days)d day.",
                "This can last at most %(days)d days.",
                max_days,
            )
            % {"days": max_days},
            code="too_long",
        )


def _require_active_user(user, *, message: str) -> None:
    if user is None or not user.is_active:
        raise ServiceError(message, code="user")
