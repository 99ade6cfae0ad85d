"""Time zone names (IANA) for communities and meetings; no model imports here."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


@lru_cache(maxsize=1)
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            _("“%(value)s” is not a time zone name such as Europe/Warsaw or Europe/Oslo."),
            params={"value": value},
            code="time_zone",
        )


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(time_zone_names())]


def local_datetime(*, tz_name: str, on_date: date, at: time) -> datetime:
    """A wall-clock date and time in ``tz_name`` as an aware datetime."""
    return datetime.combine(on_date, at, tzinfo=zoneinfo.ZoneInfo(tz_name))


def local_display(when: datetime, tz_name: str) -> str:
    """``when`` as the active language writes a date and time, in ``tz_name``."""
    return date_format(timezone.localtime(when, zoneinfo.ZoneInfo(tz_name)), "DATETIME_FORMAT")
