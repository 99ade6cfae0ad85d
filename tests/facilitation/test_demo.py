"""The demo: illustrative charters and two health checks months apart, marked as such."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from communities.models import CommunityPage, User
from facilitation.models import Charter, CharterRevision, HealthCheck

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_charters_and_checks_marked_illustrative(demo, client):
    monitoring = CommunityPage.objects.get(slug="monitoring-programme-implementation")
    charter = Charter.objects.get(community=monitoring)
    assert charter.illustrative and charter.chatham_house
    assert CharterRevision.objects.filter(charter=charter).count() == 2
    checks = list(HealthCheck.objects.filter(community=monitoring).order_by("completed_at"))
    assert len(checks) == 2 and all(c.illustrative for c in checks)
    assert (checks[1].completed_at - checks[0].completed_at).days >= 60
    page = client.get(monitoring.url).content.decode()
    assert "Illustrative: this charter was written for the demo" in page
    assert charter.domain in page
    client.force_login(User.objects.get(username="facilitator"))
    profile = client.get(
        reverse("facilitation:health", kwargs={"community_id": monitoring.pk})
    ).content.decode()
    assert "Illustrative: this health check was made up for the demo" in profile
    assert "Next steps" in profile and "Past checks" in profile


def test_the_members_only_demo_charter_stays_with_its_members(demo, client):
    synergia = CommunityPage.objects.get(slug="synergia-peer-learning")
    charter = Charter.objects.get(community=synergia)
    client.force_login(User.objects.get(username="ingrid"))
    assert charter.domain not in client.get(synergia.url).content.decode()
    health = reverse("facilitation:health", kwargs={"community_id": synergia.pk})
    assert client.get(health).status_code == 404


def test_seeding_again_adds_nothing(demo):
    before = CharterRevision.objects.count(), HealthCheck.objects.count()
    call_command("seed_demo", verbosity=0)
    assert (CharterRevision.objects.count(), HealthCheck.objects.count()) == before
