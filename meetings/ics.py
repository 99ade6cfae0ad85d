"""iCalendar (RFC 5545) files: one meeting, or a feed of many.

Generated with the ``icalendar`` package, which escapes and folds lines; every time zone a
meeting uses gets its VTIMEZONE (from the IANA database), so calendar programs place the
meeting at the right local time on both sides of a daylight-saving change.
"""

from __future__ import annotations

from django.utils import timezone
from icalendar import Calendar, Event

from core.links import absolute_url, base_host
from meetings.models import Meeting

PRODID = "-//Praxis//Meetings//EN"


def uid_domain() -> str:
    """The right-hand side of every event's UID: the configured base URL's host, never the
    request's Host header, so a meeting keeps one identity in a calendar however the feed
    was reached (another host name, a proxy, an IP address)."""
    return base_host().split(":")[0] or "praxis.invalid"


def _event(meeting: Meeting, *, domain: str) -> Event:
    event = Event()
    event.add("uid", f"praxis-meeting-{meeting.pk}@{domain}")
    event.add("dtstamp", timezone.now())
    event.add("last-modified", meeting.updated_at)
    event.add("created", meeting.created_at)
    event.add("sequence", meeting.sequence)
    event.add("dtstart", meeting.local_start)
    event.add("dtend", meeting.local_end)
    event.add("summary", meeting.title)
    url = absolute_url(meeting.get_absolute_url())
    lines = [str(meeting.get_format_display()), meeting.community.title]
    if meeting.description:
        lines.append(meeting.description)
    if meeting.online_url:
        lines.append(meeting.online_url)
    lines.append(url)
    event.add("description", "\n\n".join(lines))
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("categories", [str(meeting.get_format_display())])
    event.add("status", "CONFIRMED")
    event.add("class", "PRIVATE" if meeting.is_members_only else "PUBLIC")
    return event


def calendar_bytes(meetings, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    domain = uid_domain()
    for meeting in meetings:
        calendar.add_component(_event(meeting, domain=domain))
    calendar.add_missing_timezones()
    return calendar.to_ical()
