"""The demo content loads, crosses silos, and loads a second time without changing anything."""

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision

from communities.models import CommunityPage, Membership, Organisation, User
from discussions.models import Post, Thread

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
        Organisation.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
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


def test_seed_demo_writes_cross_silo_discussions(client):
    call_command("seed_demo", verbosity=0)

    threads = Thread.objects.select_related("community")
    assert threads.count() >= 24
    assert {t.community_id for t in threads} == set(
        CommunityPage.objects.live().values_list("pk", flat=True)
    )
    # Conversations between organisations, some answered with a good practice.
    assert sum(1 for t in threads if t.organisation_count >= 2) >= 20
    assert threads.filter(answer__isnull=False).count() >= 10
    assert Post.objects.count() >= 150
    # Nothing is dated in the future, and a public thread opens for a visitor.
    assert not Post.objects.filter(created_at__gt=timezone.now()).exists()
    public = threads.filter(community__visibility="public").first()
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert public.title in response.content.decode()
