# ruff: noqa: F811  (fixtures imported from meeting_factories are used as arguments)
"""Calendar events keep one identity whatever host name the feed was fetched on, and the
subscribe links open calendar programs (webcal://)."""

from __future__ import annotations

import pytest
from icalendar import Calendar

from meetings import services
from tests.meetings.factories import MeetingFactory, people  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _uids(response) -> list[str]:
    assert response.status_code == 200
    return [str(e["UID"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]


def test_event_uid_comes_from_the_base_url_not_the_host_header(
    settings, client, people, public_base_url
):
    settings.ALLOWED_HOSTS = ["testserver", "10.0.0.7", "praxis.internal"]
    meeting = MeetingFactory(community=people.community, audience="registered")
    url = f"/meetings/feeds/community/{people.community.pk}.ics"
    by_ip = _uids(client.get(url, HTTP_HOST="10.0.0.7"))
    by_name = _uids(client.get(url, HTTP_HOST="praxis.internal"))
    one = _uids(client.get(f"/meetings/{meeting.pk}.ics", HTTP_HOST="10.0.0.7"))
    assert by_ip == by_name == one == [f"praxis-meeting-{meeting.pk}@praxis.example.gov"]


def test_personal_links_are_on_the_base_url_with_webcal_subscribe_links(
    login, people, public_base_url
):
    token = services.calendar_token_for(user=people.member)
    page = login(people.member).get("/meetings/calendar/", HTTP_HOST="testserver")
    html = page.content.decode()
    mine = f"{public_base_url}/meetings/feeds/{token.key}/mine.ics"
    assert f'value="{mine}"' in html
    assert f'href="webcal://praxis.example.gov/meetings/feeds/{token.key}/mine.ics"' in html
    community = f"/meetings/feeds/{token.key}/community/{people.community.pk}.ics"
    assert f'href="webcal://praxis.example.gov{community}"' in html
    assert "http://testserver" not in html


def test_public_community_meetings_page_offers_a_webcal_subscription(
    client, people, public_base_url
):
    page = client.get(f"/meetings/community/{people.community.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    feed = f"/meetings/feeds/community/{people.community.pk}.ics"
    assert f'href="webcal://praxis.example.gov{feed}"' in html
    assert f'href="/communities/{people.community.pk}/feed/"' in html
