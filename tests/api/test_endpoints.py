"""Each endpoint of /api/v1/ lists and shows exactly what a signed-out visitor sees on
the pages: no drafts, nothing of a members-only community, not even counted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import MeetingAudience

pytestmark = pytest.mark.django_db


def test_practices_list_and_detail_hide_drafts(make_practice, client):
    published = make_practice(
        title="Partnership for Change", country="SI", themes=["Challenge rounds"]
    )
    draft = make_practice(title="Draft in review", live=False)
    data = client.get("/api/v1/practices/").json()
    assert data["count"] == 1 and data["page"] == 1 and data["pages"] == 1
    [item] = data["results"]
    assert item["title"] == "Partnership for Change"
    assert item["country"] == "SI" and item["country_name"] == "Slovenia"
    assert item["themes"] == ["Challenge rounds"] and item["language"] == "en"
    assert item["problem"].startswith("<p>")
    assert "contact_email" not in item and "submitted_by" not in item
    assert item["url"] == f"http://testserver{published.url}"
    assert item["api_url"] == f"http://testserver/api/v1/practices/{published.pk}/"

    detail = client.get(f"/api/v1/practices/{published.pk}/").json()
    assert detail["id"] == published.pk and detail["translations"] == []
    assert client.get(f"/api/v1/practices/{draft.pk}/").status_code == 404


def test_practice_filters_as_on_the_listing(make_practice, client):
    for n in range(5):
        make_practice(title=f"Case {n}", country="NO" if n % 2 else "PL", sector="digital")
    make_practice(title="Other sector", country="NO", sector="economy")
    data = client.get("/api/v1/practices/?country=NO&sector=digital&page_size=1").json()
    assert data["count"] == 2 and data["pages"] == 2 and len(data["results"]) == 1
    assert data["next"].endswith("page=2&page_size=1") or "page=2" in data["next"]
    both = client.get("/api/v1/practices/?country=NO&country=pl&sort=title").json()
    assert both["count"] == 6
    titles = [r["title"] for r in both["results"]]
    assert titles == sorted(titles)
    unused = client.get("/api/v1/practices/?theme=nothing-like-this").json()
    assert unused["count"] == 0


def test_chapters_in_the_guides_order(make_chapter, client):
    first = make_chapter(title="What a community of practice is")
    make_chapter(title="Starting one")
    make_chapter(title="Unpublished", live=False)
    data = client.get("/api/v1/chapters/").json()
    assert [c["title"] for c in data["results"]] == [
        "What a community of practice is",
        "Starting one",
    ]
    detail = client.get(f"/api/v1/chapters/{first.pk}/").json()
    assert detail["sections"] == [
        {"text": "A definition you can use", "anchor": "a-definition-you-can-use"}
    ]
    assert "regularly discusses one topic" in detail["body_html"]


def test_members_only_community_and_its_meetings_never_appear(
    public_community, private_community, make_meeting, client
):
    open_meeting = make_meeting(public_community, title="Breakfast on open data")
    members_meeting = make_meeting(
        public_community, title="Members' breakfast", audience=MeetingAudience.MEMBERS
    )
    secret = make_meeting(private_community, title="Audit findings review")

    communities = client.get("/api/v1/communities/").json()
    assert communities["count"] == 1
    assert [c["title"] for c in communities["results"]] == ["Open data in ministries"]
    assert communities["results"][0]["themes"] == [{"slug": "open-data", "name": "open-data"}]
    assert client.get(f"/api/v1/communities/{private_community.pk}/").status_code == 404
    assert client.get(f"/api/v1/communities/{public_community.pk}/").status_code == 200

    meetings = client.get("/api/v1/meetings/").json()
    assert meetings["count"] == 1
    [item] = meetings["results"]
    assert (
        item["title"] == "Breakfast on open data" and item["community"]["id"] == public_community.pk
    )
    assert "online_url" not in item
    for hidden in (members_meeting, secret):
        assert client.get(f"/api/v1/meetings/{hidden.pk}/").status_code == 404
    assert client.get(f"/api/v1/meetings/{open_meeting.pk}/").json()["id"] == open_meeting.pk
    everything = b"".join(
        client.get(url).content
        for url in ("/api/v1/communities/", "/api/v1/meetings/", "/api/v1/meetings/?past=true")
    )
    assert b"Internal audit" not in everything and b"Audit findings" not in everything


def test_a_signed_in_member_sees_no_more_through_the_api(
    private_community, make_meeting, make_user, make_membership, login
):
    member = make_user()
    make_membership(user=member, community=private_community)
    make_meeting(private_community, title="Audit findings review")
    client = login(member)
    assert client.get("/api/v1/communities/").json()["count"] == 0
    assert client.get("/api/v1/meetings/").json()["count"] == 0


@pytest.mark.parametrize(
    "url,count",
    [("/api/v1/practices/", 5), ("/api/v1/communities/", 5), ("/api/v1/meetings/", 5)],
)
def test_list_queries_do_not_grow_with_the_items(
    url, count, make_practice, make_community, make_meeting, organisation, client
):
    def add(n):
        for _ in range(n):
            community = make_community(themes=["hr"])
            make_meeting(community)
            make_practice(themes=["hr", "ethics"], organisations=[organisation])

    add(1)
    client.get(url)  # warm the site's root paths
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    add(count)
    client.get(url)  # the new pages moved the site's cached copy on: warm it again
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).json()["count"] >= count
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
