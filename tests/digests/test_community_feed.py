"""A public community's news feed (Atom): new threads and meetings an anonymous reader may
see, and nothing of a members-only community, not even that it exists."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from communities.models import MembershipRole, Visibility
from discussions import services as discussion_services
from discussions.models import Thread
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import CommunityPageFactory, MembershipFactory, UserFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _community(visibility=Visibility.PUBLIC):
    community = CommunityPageFactory(visibility=visibility, title="Open data in municipalities")
    facilitator = UserFactory()
    MembershipFactory(user=facilitator, community=community, role=MembershipRole.FACILITATOR)
    return community, facilitator


def _entries(response) -> list[dict]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_feed_lists_new_threads_and_open_meetings_newest_first(
    client, relaxed_limits, public_base_url
):
    community, facilitator = _community()
    MeetingFactory(community=community, audience="registered", title="Data breakfast")
    MeetingFactory(community=community, audience="members", title="Members-only planning")
    thread = ThreadFactory.create(
        community=community,
        author=facilitator,
        title="Which datasets do you publish first?",
        source="We started with **budgets** and bus stops.",
    )
    restricted = ThreadFactory.create(
        community=community, author=facilitator, title="Task group: the tender"
    )
    Thread.objects.filter(pk=restricted.pk).update(restricted=True)
    entries = _entries(client.get(f"/communities/{community.pk}/feed/"))
    titles = [e["title"] for e in entries]
    assert titles[0] == "Which datasets do you publish first?"
    assert "Meeting: Data breakfast" in titles
    assert not any("Members-only" in t or "tender" in t for t in titles)
    assert entries[0]["link"] == f"{public_base_url}/threads/{thread.pk}/"
    assert "We started with budgets and bus stops." in entries[0]["summary"]


def test_hidden_opening_post_is_not_in_the_feed(client, relaxed_limits):
    community, facilitator = _community()
    author = UserFactory()
    MembershipFactory(user=author, community=community)
    thread = ThreadFactory.create(
        community=community, author=author, title="A thread", source="Call me on 555-0100."
    )
    opening = thread.posts.get()
    discussion_services.post_hide(actor=facilitator, post=opening, reason="A phone number")
    PostFactory.create(thread=thread, author=facilitator, source="Please use the thread.")
    (entry,) = _entries(client.get(f"/communities/{community.pk}/feed/"))
    assert "555-0100" not in entry["summary"]


def test_members_only_community_has_no_feed_like_a_missing_one(client, login):
    community, facilitator = _community(Visibility.MEMBERS)
    missing = client.get("/communities/999999/feed/")
    private = client.get(f"/communities/{community.pk}/feed/")
    assert missing.status_code == private.status_code == 404
    # Feed readers sign nobody in: not even a member gets it.
    assert login(facilitator).get(f"/communities/{community.pk}/feed/").status_code == 404


def test_public_community_page_announces_its_feed(client):
    community, _ = _community()
    page = client.get(community.url)
    assert f'href="/communities/{community.pk}/feed/"' in page.content.decode()
