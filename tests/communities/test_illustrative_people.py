"""An invented person of the demo content carries an "illustrative" badge wherever their
profile, membership or posts are shown; a real member carries none."""

import pytest

pytestmark = pytest.mark.django_db

BADGE = 'class="illustrative-badge"'


def test_an_illustrative_person_is_marked_on_their_profile(tree, make_user, client):
    invented = make_user(username="invented", display_name="Mateja Krajnc", is_illustrative=True)
    real = make_user(username="real", display_name="Real Person")

    page = client.get(f"/people/{invented.username}/")
    assert page.status_code == 200
    assert BADGE in page.text
    assert "invented for the demonstration" in page.text  # the accessible explanation

    page = client.get(f"/people/{real.username}/")
    assert page.status_code == 200
    assert BADGE not in page.text


def test_the_members_list_marks_only_the_invented_members(
    tree, make_user, make_community, make_membership, login
):
    community = make_community(title="Staff exchanges")
    invented = make_user(username="invented", display_name="Luka Kranjc", is_illustrative=True)
    real = make_user(username="real", display_name="Real Person")
    for user in (invented, real):
        make_membership(user=user, community=community)
    page = login(real).get(f"{community.url}members/")
    assert page.status_code == 200
    table_rows = page.text.split("<tr")[1:]
    rows = [row for row in table_rows if "Luka Kranjc" in row or "Real Person" in row]
    assert len(rows) == 2
    assert [BADGE in row for row in rows] == ["Luka Kranjc" in row for row in rows]
