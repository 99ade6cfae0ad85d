"""The demo content loads, crosses silos, and loads a second time without changing anything."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision

from communities.models import CommunityPage, Membership, Organisation, User

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
        Organisation.objects.count(),
    )


def test_seed_demo_is_idempotent_and_realistic(client):
    call_command("seed_demo", verbosity=0)
    first = snapshot()
    call_command("seed_demo", verbosity=0)

    assert snapshot() == first
    assert Organisation.objects.values("country").distinct().count() >= 6
    assert User.objects.count() >= 40
    communities = CommunityPage.objects.live()
    assert communities.count() >= 8
    for community in communities.filter(visibility="public"):
        response = client.get(community.url)
        assert response.status_code == 200
        assert "lorem" not in response.content.decode().lower()
    crossing = [
        c
        for c in communities
        if Membership.objects.active()
        .filter(community=c)
        .values("user__organisation")
        .distinct()
        .count()
        >= 3
    ]
    assert len(crossing) >= 8
    assert client.login(username="jonas", password="praxis-demo")
    assert client.get("/").status_code == 200
