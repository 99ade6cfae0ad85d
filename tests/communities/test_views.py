"""Joining, leaving and approving through the pages, as a person would."""

import pytest

from communities.models import JoinPolicy, Membership, MembershipRole, MembershipStatus

pytestmark = pytest.mark.django_db


def test_join_and_leave_an_open_community_with_one_click_each(make_community, make_user, login):
    community = make_community(title="Organising conferences")
    user = make_user()
    client = login(user)

    page = client.get(community.url).content.decode()
    assert "Join community" in page

    response = client.post(f"/membership/{community.pk}/join/", follow=True)
    assert "Welcome to Organising conferences" in response.content.decode()
    assert "Leave community" in response.content.decode()
    assert Membership.objects.get(user=user).status == MembershipStatus.ACTIVE

    response = client.post(
        f"/membership/{community.pk}/leave/", {"next": community.url}, follow=True
    )
    assert "You left Organising conferences" in response.content.decode()
    assert Membership.objects.get(user=user).status == MembershipStatus.LEFT


def test_joining_twice_through_the_page_says_so(make_community, make_user, login):
    community = make_community()
    client = login(make_user())
    client.post(f"/membership/{community.pk}/join/")

    response = client.post(f"/membership/{community.pk}/join/", follow=True)

    assert "already a member" in response.content.decode()
    assert Membership.objects.filter(community=community).count() == 1


def test_request_then_facilitator_approves_on_the_manage_page(
    make_community, make_membership, make_user, login
):
    community = make_community(join_policy=JoinPolicy.REQUEST)
    facilitator = make_membership(community=community, role=MembershipRole.FACILITATOR).user
    applicant = make_user(display_name="Jonas Petrauskas")

    response = login(applicant).post(
        f"/membership/{community.pk}/join/",
        {"message": "We run e-services in Kaunas district.", "next": community.url},
        follow=True,
    )
    assert "was sent to its facilitators" in response.content.decode()

    manage = login(facilitator).get(f"{community.url}manage/").content.decode()
    assert "Jonas Petrauskas" in manage
    assert "We run e-services in Kaunas district." in manage

    pending = Membership.objects.get(user=applicant)
    response = login(facilitator).post(
        f"/membership/{community.pk}/requests/{pending.pk}/approve/", follow=True
    )
    assert "Request approved." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.ACTIVE


def test_membership_actions_need_post_and_sign_in(make_community, make_user, client):
    community = make_community()

    assert client.get(f"/membership/{community.pk}/join/").status_code == 405
    response = client.post(f"/membership/{community.pk}/join/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Membership.objects.exists()


def test_actions_on_unknown_communities_are_404(make_user, login):
    client = login(make_user())
    assert client.post("/membership/999999/join/").status_code == 404
    assert client.post("/membership/999999/requests/1/approve/").status_code == 404


def test_non_facilitator_cannot_approve_through_the_url(
    make_community, make_membership, make_user, login
):
    community = make_community(join_policy=JoinPolicy.REQUEST)
    make_membership(community=community, role=MembershipRole.FACILITATOR)
    member = make_membership(community=community).user
    pending = make_membership(community=community, status=MembershipStatus.PENDING)

    response = login(member).post(
        f"/membership/{community.pk}/requests/{pending.pk}/approve/", follow=True
    )

    assert "Only the community&#x27;s facilitators" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


def test_unknown_decision_or_role_is_refused_without_change(make_community, make_membership, login):
    community = make_community(join_policy=JoinPolicy.REQUEST)
    facilitator = make_membership(community=community, role=MembershipRole.FACILITATOR).user
    member = make_membership(community=community)
    client = login(facilitator)

    response = client.post(
        f"/membership/{community.pk}/members/{member.pk}/role/admin/", follow=True
    )

    assert "Unknown role." in response.content.decode()
    member.refresh_from_db()
    assert member.role == MembershipRole.MEMBER


def test_unknown_request_decision_is_404_and_leaves_the_request_pending(
    make_community, make_membership, login
):
    community = make_community(join_policy=JoinPolicy.REQUEST)
    facilitator = make_membership(community=community, role=MembershipRole.FACILITATOR).user
    pending = make_membership(community=community, status=MembershipStatus.PENDING)

    response = login(facilitator).post(
        f"/membership/{community.pk}/requests/{pending.pk}/whatever/"
    )

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


def test_invite_unknown_person_shows_an_error(make_community, make_membership, login):
    community = make_community()
    facilitator = make_membership(community=community, role=MembershipRole.FACILITATOR).user

    response = login(facilitator).post(
        f"/membership/{community.pk}/invite/", {"person": "nobody@nowhere.example"}, follow=True
    )

    assert "Nobody with that username or e-mail uses Praxis." in response.content.decode()
    assert Membership.objects.filter(community=community).count() == 1


def test_invitee_sees_and_accepts_the_invitation(make_community, make_membership, make_user, login):
    community = make_community(
        title="Climate policy in practice", join_policy=JoinPolicy.INVITATION
    )
    facilitator = make_membership(community=community, role=MembershipRole.FACILITATOR).user
    invitee = make_user()
    login(facilitator).post(f"/membership/{community.pk}/invite/", {"person": invitee.username})

    client = login(invitee)
    mine = client.get("/me/communities/").content.decode()
    assert "Climate policy in practice" in mine
    assert "Accept invitation" in mine

    client.post(f"/membership/{community.pk}/join/")
    assert Membership.objects.get(user=invitee).status == MembershipStatus.ACTIVE


def test_unsafe_next_is_ignored(make_community, make_user, login):
    community = make_community()
    response = login(make_user()).post(
        f"/membership/{community.pk}/leave/", {"next": "https://evil.example/"}
    )
    assert response["Location"] == community.url


def test_index_filters_by_theme_and_name_and_sorts_by_size(make_community, make_membership, client):
    small = make_community(title="Climate adaptation in municipalities", themes=["Climate policy"])
    big = make_community(title="HR and competence development", themes=["HR"])
    for _ in range(3):
        make_membership(community=big)

    by_theme = client.get("/communities/?theme=climate-policy").content.decode()
    assert small.title in by_theme and big.title not in by_theme

    by_name = client.get("/communities/?q=competence").content.decode()
    assert big.title in by_name and small.title not in by_name

    by_size = client.get("/communities/?sort=size").content.decode()
    assert by_size.index(big.title) < by_size.index(small.title)


def test_index_ignores_bad_filters_and_pages(make_community, client):
    make_community()
    response = client.get("/communities/?sort=nonsense&theme=%00&page=abc&q=" + "x" * 500)
    assert response.status_code == 200


def test_community_page_shows_cross_silo_figures(
    make_community, make_membership, make_user, organisation, client
):
    from communities.selectors import cross_silo_figures
    from tests.factories import OrganisationFactory

    community = make_community()
    oslo = OrganisationFactory(name="University of Oslo", country="NO")
    for department in ["HR", "HR", "Finance"]:
        make_membership(
            community=community, user=make_user(organisation=organisation, department=department)
        )
    # No country on the profile: the organisation's country counts.
    make_membership(
        community=community, user=make_user(organisation=oslo, department="HR", country="")
    )

    page = client.get(community.url).content.decode()
    stats = cross_silo_figures(community=community)

    assert (stats.members, stats.organisations, stats.departments, stats.countries) == (4, 2, 3, 2)
    assert "University of Oslo" in page
    assert [row["members"] for row in stats.by_organisation] == [3, 1]


def test_member_directory_lists_organisation_department_and_role(
    make_community, make_membership, make_user, client
):
    community = make_community()
    make_membership(
        community=community,
        role=MembershipRole.FACILITATOR,
        user=make_user(display_name="Marta Kowalska", department="Civil Service Department"),
    )

    page = client.get(f"{community.url}members/").content.decode()

    assert "Marta Kowalska" in page
    assert "Civil Service Department" in page
    assert "Facilitator" in page


def test_profile_edit_with_invalid_data_saves_nothing(make_user, login):
    user = make_user(department="Budget unit")
    response = login(user).post(
        "/me/profile/", {"display_name": "x", "staff_level": "emperor", "department": "Changed"}
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    user.refresh_from_db()
    assert user.department == "Budget unit"


def test_profile_edit_saves_and_shows_on_profile(make_user, login):
    user = make_user()
    client = login(user)
    response = client.post(
        "/me/profile/",
        {
            "display_name": "Ingrid Solberg",
            "department": "Digitalisation unit",
            "job_title": "Senior adviser",
            "staff_level": "senior_specialist",
            "country": "NO",
            "languages": ["nb", "en"],
            "bio": "Works on e-services uptake.",
        },
        follow=True,
    )

    page = response.content.decode()
    assert "Ingrid Solberg" in page
    assert "Digitalisation unit" in page
    assert "Norway" in page


def test_cross_silo_figures_follow_membership_changes_at_once(
    make_community, make_membership, make_user, organisation, client
):
    from communities import services
    from communities.selectors import cross_silo_figures
    from tests.factories import OrganisationFactory

    community = make_community()
    make_membership(community=community, user=make_user(organisation=organisation))
    assert cross_silo_figures(community=community).members == 1  # now cached
    newcomer = make_user(organisation=OrganisationFactory(name="Vilnius City", country="LT"))
    services.membership_join(user=newcomer, community=community)
    figures = cross_silo_figures(community=community)
    assert (figures.members, figures.organisations) == (2, 2)
    page = client.get(f"{community.url}members/").content.decode()
    assert "Vilnius City" in page
    departments = figures.departments
    newcomer.department = ""  # a profile edit changes the figures too
    newcomer.save()
    assert cross_silo_figures(community=community).departments == departments - 1
