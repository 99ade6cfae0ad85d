"""Meetings in the Wagtail admin: listing with attendance counts, filters, search,
inspect and the coordinators' export."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from meetings.models import RSVPStatus
from tests.factories import UserFactory
from tests.meetings.factories import MeetingFactory, RSVPFactory


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def meeting(db):
    meeting = MeetingFactory(title="Breakfast on open data", capacity=2)
    RSVPFactory.create_batch(2, meeting=meeting, status=RSVPStatus.GOING)
    RSVPFactory(meeting=meeting, status=RSVPStatus.WAITING)
    return meeting


def test_listing_filters_search_and_inspect(
    client, superuser, meeting, django_assert_max_num_queries
):
    MeetingFactory.create_batch(3)
    client.force_login(superuser)
    with django_assert_max_num_queries(40):
        response = client.get(reverse("meetings:index"))
    assert response.status_code == 200 and "Breakfast on open data" in response.content.decode()
    filtered = client.get(
        reverse("meetings:index"), {"community": meeting.community_id, "q": "open data"}
    )
    assert "Breakfast on open data" in filtered.content.decode()
    assert (
        "Breakfast on open data"
        not in client.get(reverse("meetings:index"), {"q": "nothing like it"}).content.decode()
    )
    inspect = client.get(reverse("meetings:inspect", args=[meeting.pk]))
    assert "University of Oslo" in inspect.content.decode()


def test_export_has_attendance_counts(client, superuser, meeting):
    client.force_login(superuser)
    response = client.get(reverse("meetings:index"), {"export": "csv"})
    assert response.status_code == 200
    assert "meetings.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert rows[0]["Going"] == "2" and rows[0]["Waiting list"] == "1"


def test_a_member_is_refused(client, meeting):
    client.force_login(UserFactory())
    response = client.get(reverse("meetings:index"))
    assert response.status_code in (302, 403)
    assert "Breakfast on open data" not in response.content.decode()
