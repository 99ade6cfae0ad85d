"""Pages render in a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Membership, MembershipStatus, Organisation, User
from tests.factories import CommunityPageFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def add_members(community, count: int, organisations: list[Organisation]) -> None:
    start = User.objects.count()
    users = User.objects.bulk_create(
        User(
            username=f"bulk{start + i}",
            display_name=f"Bulk member {start + i}",
            organisation=organisations[i % len(organisations)],
            department=f"Unit {i % 37}",
            country=["PL", "NO", "SI", "LT"][i % 4],
        )
        for i in range(count)
    )
    Membership.objects.bulk_create(
        Membership(
            user=user, community=community, status=MembershipStatus.ACTIVE, joined_at=timezone.now()
        )
        for user in users
    )


def test_community_index_queries_do_not_grow_with_communities(client, login, make_user):
    organisations = [OrganisationFactory() for _ in range(3)]
    first = CommunityPageFactory(themes=["Innovation"])
    add_members(first, 3, organisations)
    viewer = login(make_user())

    small = queries_for(client, "/communities/"), queries_for(viewer, "/communities/")
    for n in range(49):  # fifty communities: more than two full pages of cards
        community = CommunityPageFactory(themes=["Innovation", f"Theme {n % 7}"])
        add_members(community, 2, organisations)
    large = queries_for(client, "/communities/"), queries_for(viewer, "/communities/")

    assert large == small


def test_community_page_queries_do_not_grow_with_members(client, login, make_user):
    organisations = [OrganisationFactory() for _ in range(40)]
    community = CommunityPageFactory(themes=["HR"])
    add_members(community, 20, organisations)
    member = make_user()
    Membership.objects.create(
        user=member, community=community, status=MembershipStatus.ACTIVE, joined_at=timezone.now()
    )
    as_member = login(member)
    urls = [community.url, f"{community.url}members/"]

    small = [queries_for(c, url) for c in (client, as_member) for url in urls]
    add_members(community, 1980, organisations)
    large = [queries_for(c, url) for c in (client, as_member) for url in urls]

    assert large == small
    # +2 with translations: Wagtail's routing looks up the active locale, and the
    # page's languages (alternates, links) take one query.
    assert max(large) <= 27


def test_home_page_queries_do_not_grow(client, login, make_user):
    organisations = [OrganisationFactory() for _ in range(3)]
    viewer = make_user()
    as_viewer = login(viewer)
    community = CommunityPageFactory()
    add_members(community, 5, organisations)
    Membership.objects.create(
        user=viewer, community=community, status="active", joined_at=timezone.now()
    )
    small = queries_for(client, "/"), queries_for(as_viewer, "/")
    for _ in range(30):
        community = CommunityPageFactory()
        add_members(community, 5, organisations)
        Membership.objects.create(
            user=viewer, community=community, status="active", joined_at=timezone.now()
        )
    large = queries_for(client, "/"), queries_for(as_viewer, "/")
    assert large == small
