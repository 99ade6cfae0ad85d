"""The permission matrix, checked through the pages a person would open.

Roles: anonymous, practitioner (signed in, not a member), member, facilitator, editor
(Wagtail admin user, not a member). Communities: public and members-only (listed and
unlisted in the index).
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from communities.models import CommunityPage, JoinPolicy, MembershipRole, Visibility
from communities.permissions import (
    can_facilitate,
    can_post,
    can_see_card,
    can_view_community,
    card_community_filter,
    readable_community_filter,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "practitioner", "member", "facilitator", "editor"]


@pytest.fixture
def people(make_user, make_membership, make_community):
    def build(visibility, listed=True):
        community = make_community(visibility=visibility, listed_in_index=listed)
        member = make_membership(community=community).user
        facilitator = make_membership(community=community, role=MembershipRole.FACILITATOR).user
        editor = make_user()
        editors = Group.objects.get(name="Editors")
        editors.permissions.add(Permission.objects.get(codename="access_admin"))
        editor.groups.add(editors)
        from django.contrib.auth.models import AnonymousUser

        return community, {
            "anonymous": AnonymousUser(),
            "practitioner": make_user(),
            "member": member,
            "facilitator": facilitator,
            "editor": editor,
        }

    return build


def client_for(user) -> Client:
    client = Client()
    if user.is_authenticated:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# (visibility, role) -> (can read the page, can post, can facilitate)
MATRIX = {
    (Visibility.PUBLIC, "anonymous"): (True, False, False),
    (Visibility.PUBLIC, "practitioner"): (True, False, False),
    (Visibility.PUBLIC, "member"): (True, True, False),
    (Visibility.PUBLIC, "facilitator"): (True, True, True),
    (Visibility.PUBLIC, "editor"): (True, False, False),
    (Visibility.MEMBERS, "anonymous"): (False, False, False),
    (Visibility.MEMBERS, "practitioner"): (False, False, False),
    (Visibility.MEMBERS, "member"): (True, True, False),
    (Visibility.MEMBERS, "facilitator"): (True, True, True),
    (Visibility.MEMBERS, "editor"): (True, False, False),
}


@pytest.mark.parametrize(("visibility", "role"), list(MATRIX))
def test_permission_matrix(people, visibility, role):
    community, users = people(visibility)
    user = users[role]
    can_read, may_post, may_facilitate = MATRIX[(visibility, role)]

    assert can_view_community(user, community) is can_read
    assert can_post(user, community) is may_post
    assert can_facilitate(user, community) is may_facilitate
    assert (
        CommunityPage.objects.filter(readable_community_filter(user), pk=community.pk).exists()
        is can_read
    )

    client = client_for(user)
    page = client.get(community.url)
    members = client.get(f"{community.url}members/")
    expected = 200 if can_read else 404
    assert page.status_code == expected
    assert members.status_code == expected
    if can_read:
        assert community.topic in page.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "practitioner"])
def test_members_only_page_is_indistinguishable_from_a_missing_one(people, role):
    community, users = people(Visibility.MEMBERS, listed=False)
    client = client_for(users[role])

    hidden = client.get(community.url)
    missing = client.get("/communities/no-such-community/")

    assert hidden.status_code == missing.status_code == 404
    assert community.title not in hidden.content.decode()
    assert community.title not in client.get("/communities/").content.decode()
    assert community.title not in client.get("/").content.decode()
    assert not CommunityPage.objects.filter(
        card_community_filter(users[role]), pk=community.pk
    ).exists()


def test_listed_members_only_community_shows_only_its_card(people):
    community, users = people(Visibility.MEMBERS, listed=True)
    outsider = users["practitioner"]
    client = client_for(outsider)

    index = client.get("/communities/").content.decode()

    assert community.title in index
    assert community.topic in index
    assert can_see_card(outsider, community)
    assert client.get(community.url).status_code == 404


def test_a_members_only_card_leads_outsiders_to_the_request_form_not_a_404(people):
    community, users = people(Visibility.MEMBERS, listed=True)
    CommunityPage.objects.filter(pk=community.pk).update(join_policy=JoinPolicy.REQUEST)
    index = client_for(users["practitioner"]).get("/communities/").content.decode()
    title_link = re.search(rf'<h2><a href="([^"]*)">{re.escape(community.title)}</a></h2>', index)
    assert title_link and title_link.group(1) == f"#join-message-{community.pk}"
    assert f'id="join-message-{community.pk}"' in index  # the form it leads to
    # Members still go to the community itself.
    as_member = client_for(users["member"]).get("/communities/").content.decode()
    assert f'<a href="{community.url}">{community.title}</a>' in as_member
    # Signed out: signing in first, then back to the form.
    anonymous = client_for(users["anonymous"]).get("/communities/").content.decode()
    assert f'<a href="/accounts/login/?next=/communities/">{community.title}</a>' in anonymous


def test_members_only_memberships_do_not_show_on_profiles_to_outsiders(people):
    community, users = people(Visibility.MEMBERS, listed=False)
    member = users["member"]

    as_outsider = client_for(users["practitioner"]).get(f"/people/{member.username}/")
    as_member = client_for(users["facilitator"]).get(f"/people/{member.username}/")

    assert community.title not in as_outsider.content.decode()
    assert community.title in as_member.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "practitioner", "member", "editor"])
def test_facilitator_desk_is_refused_to_everyone_else(people, role):
    community, users = people(Visibility.PUBLIC)
    response = client_for(users[role]).get(f"{community.url}manage/")

    assert response.status_code == 302
    assert "Requests to join" not in response.content.decode()


def test_draft_community_is_not_served(make_community, make_user):
    community = make_community(live=False)
    assert client_for(make_user()).get(f"/communities/{community.slug}/").status_code == 404


def test_the_base_checks_of_every_app(make_user):
    """``is_active_user`` and ``is_platform_admin``: the only checks of "a signed-in, active
    person" and of "a superuser" that the apps' permission modules use."""
    from django.contrib.auth.models import AnonymousUser

    from communities.permissions import is_active_user, is_platform_admin

    person = make_user()
    admin = make_user(is_superuser=True)
    gone_admin = make_user(is_superuser=True, is_active=False)
    assert is_active_user(person) and is_active_user(admin)
    assert not is_active_user(gone_admin)
    assert not is_active_user(AnonymousUser()) and not is_active_user(None)
    assert is_platform_admin(admin)
    assert not is_platform_admin(person) and not is_platform_admin(gone_admin)
    assert not is_platform_admin(AnonymousUser()) and not is_platform_admin(None)
