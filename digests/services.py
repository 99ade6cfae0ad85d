"""Sending the digests that are due: daily or weekly, as each person chose.

A digest falls due once per period (a calendar day, an ISO week from Monday) in the
site's time zone, from ``PRAXIS_DIGEST_HOUR`` (07:00 by default). The row in
``DigestDelivery`` is written before the e-mail is handed over, in the same transaction,
and its unique period is the claim: several workers or cron runs never send one twice.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import DigestFrequency, MembershipStatus, User
from core.links import absolute_url
from core.mail import DIGEST, Message, send_now
from digests.models import DigestDelivery
from digests.selectors import digest_for, is_empty

logger = logging.getLogger(__name__)

PERIOD_LENGTH = {
    DigestFrequency.DAILY: timedelta(days=1),
    DigestFrequency.WEEKLY: timedelta(days=7),
}


def period_of(frequency: str, now: datetime) -> str | None:
    """The period a digest sent now would cover, or None before the digest hour."""
    local = timezone.localtime(now)
    if local.hour < int(getattr(settings, "PRAXIS_DIGEST_HOUR", 7)):
        return None
    if frequency == DigestFrequency.DAILY:
        return f"daily:{local.date().isoformat()}"
    year, week, _day = local.isocalendar()
    return f"weekly:{year}-W{week:02d}"


def people_with_digests():
    return (
        User.objects.filter(is_active=True, memberships__status=MembershipStatus.ACTIVE)
        .exclude(email="")
        .exclude(digest_frequency=DigestFrequency.NEVER)
        .distinct()
        .order_by("pk")
    )


def people_due(*, now: datetime, force: bool = False) -> list[tuple[User, str]]:
    """Each person whose digest is due now, with the period it covers, in one query: a
    person whose digest for this period was already sent costs nothing (the job runs every
    ten minutes over every member). Each carries ``last_digest_at``, the start of what
    their digest covers."""
    last_sent = (
        DigestDelivery.objects.filter(user=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    people = people_with_digests().annotate(last_digest_at=Subquery(last_sent))
    if force:
        period = f"now:{now.isoformat(timespec='seconds')}"
        return [(user, period) for user in people]
    periods = {
        frequency: period
        for frequency in PERIOD_LENGTH
        if (period := period_of(frequency, now)) is not None
    }
    if not periods:
        return []
    due = Q()
    for frequency, period in periods.items():
        already_sent = DigestDelivery.objects.filter(user=OuterRef("pk"), period=period)
        due |= Q(digest_frequency=frequency) & ~Exists(already_sent)
    return [(user, periods[user.digest_frequency]) for user in people.filter(due)]


def send_due_digests(*, now: datetime | None = None, force: bool = False) -> int:
    """Send every digest that is due (``force``: every digest, now). Returns how many
    were sent; a person with nothing new gets none (the period still counts as done)."""
    now = now or timezone.now()
    sent = 0
    for user, period in people_due(now=now, force=force):
        try:
            if _send_digest(user=user, period=period, now=now):
                sent += 1
        except Exception:  # noqa: BLE001 - one person's digest must not stop the others
            logger.exception("Could not send the digest to user %s", user.pk)
    return sent


def _send_digest(*, user: User, period: str, now: datetime) -> bool:
    """``user`` comes from ``people_due`` (with ``last_digest_at``). The delivery row is
    the claim: a concurrent run that sent this period first makes the insert fail."""
    since = user.last_digest_at or now - PERIOD_LENGTH.get(user.digest_frequency, timedelta(days=7))
    digest = digest_for(user=user, since=since, now=now)
    items = sum(len(entries) for entries in digest.values())
    try:
        with transaction.atomic():
            DigestDelivery.objects.create(user=user, period=period, covers_from=since, items=items)
            if is_empty(digest):
                return False
            return send_now(user, lambda _user: compose(digest, since=since), kind=DIGEST)
    except IntegrityError:
        return False  # another worker claimed this period first


def compose(digest: dict, *, since: datetime) -> Message:
    """The digest e-mail, in the active language."""
    sections = []

    def section(title: str, items: list[dict]) -> None:
        if items:
            sections.append({"title": title, "items": items})

    section(
        _("For you"),
        [
            {"text": _notification_text(n), "url": absolute_url(n.get_absolute_url())}
            for n in digest["for_you"]
        ],
    )
    section(
        _("New threads"),
        [
            {
                "text": thread.title,
                "meta": f"{thread.community.title} · {thread.author.name}",
                "url": absolute_url(reverse("thread_detail", args=[thread.pk])),
            }
            for thread in digest["new_threads"]
        ],
    )
    section(
        _("Questions answered"),
        [
            {
                "text": thread.title,
                "meta": thread.community.title,
                "url": absolute_url(
                    reverse("thread_detail", args=[thread.pk]) + f"#post-{thread.answer_id}"
                ),
            }
            for thread in digest["answered"]
        ],
    )
    section(
        _("Meetings coming up"),
        [
            {
                "text": meeting.title,
                "meta": f"{_local_date(meeting)} · {meeting.community.title}",
                "url": absolute_url(meeting.get_absolute_url()),
            }
            for meeting in digest["meetings"]
        ],
    )
    section(
        _("New practice cases"),
        [
            {"text": case.title, "meta": case.summary, "url": case.full_url or ""}
            for case in digest["cases"]
        ],
    )
    count = sum(len(s["items"]) for s in sections)
    return Message(
        subject=ngettext(
            "Your Praxis digest: %(count)d new item",
            "Your Praxis digest: %(count)d new items",
            count,
        )
        % {"count": count},
        paragraphs=[
            _("What happened in your communities since %(date)s.")
            % {"date": date_format(timezone.localtime(since), "DATE_FORMAT")}
        ],
        sections=sections,
        action=(_("Open Praxis"), absolute_url("/")),
        reason=_("You get this digest because you are a member of communities on Praxis."),
    )


def _local_date(meeting) -> str:
    from zoneinfo import ZoneInfo

    return date_format(
        meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone)), "SHORT_DATETIME_FORMAT"
    )


def _notification_text(notification) -> str:
    from html import unescape

    from django.template.loader import render_to_string
    from django.utils.html import strip_tags

    html = render_to_string(
        "discussions/includes/notification.html", {"notification": notification}
    )
    return unescape(" ".join(strip_tags(html).split()))
