"""The dashboards' demo: illustrative dated activity whose charts tell a story (a
community opening up to more organisations over the year), marked as illustrative."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from communities.models import User
from dashboards.models import IllustrativeActivity, PersonDay

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_dated_activity_that_tells_a_story(demo, client):
    assert IllustrativeActivity.objects.count() >= 8
    months = PersonDay.objects.dates("day", "month")
    assert len(months) >= 10  # spread over the year, not all today
    client.force_login(User.objects.get(username="facilitator"))
    community = IllustrativeActivity.objects.select_related("community").first().community
    response = client.get(
        reverse("dashboards:community", kwargs={"community_id": community.pk}) + "?period=all"
    )
    assert response.status_code == 200
    assert b"Illustrative: part of this activity was seeded for the demo" in response.content
    overview = client.get(reverse("dashboards:overview") + "?period=all")
    if overview.status_code == 200:  # the facilitator is no editor: then the editor's
        dash = overview.context["dash"]
    else:
        client.force_login(User.objects.get(username="editor"))
        dash = client.get(reverse("dashboards:overview") + "?period=all").context["dash"]
    trend = [p["diversity"] for p in dash.trend if p["diversity"] is not None]
    early, late = trend[: len(trend) // 2], trend[len(trend) // 2 :]
    assert sum(late) / len(late) > sum(early) / len(early)  # the silos open up
    assert dash.totals["posts"] > 300


def test_seeding_again_adds_nothing(demo):
    before = PersonDay.objects.count(), IllustrativeActivity.objects.count()
    call_command("seed_demo", verbosity=0)
    assert (PersonDay.objects.count(), IllustrativeActivity.objects.count()) == before


def test_the_demo_programme_view_tells_partners_exchanges_and_reach(demo, client):
    client.force_login(User.objects.get(username="editor"))
    response = client.get(reverse("dashboards:programmes"))
    assert response.status_code == 200
    assert b"Illustrative: part of this activity was seeded for the demo" in response.content
    tables = {t.key: t for t in response.context["tables"]}
    years = tables["partners-by-year"].rows
    assert len(years) >= 2
    assert any(row[3] for row in years)  # partners' staff posted, in groups of 5 or more
    assert tables["exchanges-by-sector"].rows
    assert tables["exchanges-by-country"].rows
    assert any(row[3] for row in tables["challenge-reach"].rows)
