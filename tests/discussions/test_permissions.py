"""Who may read and write discussions: one answer for pages, actions and notifications.

A members-only community's threads do not exist for anyone else: every URL about them
answers exactly as it does for a thread that was never there.
"""

from __future__ import annotations

import pytest
from django.test import Client

from communities.models import CommunityPage, MembershipRole, Visibility
from communities.services import membership_leave
from discussions import services
from discussions.models import Notification, Post, Reaction, ThreadFollow
from tests.discussions.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db

MISSING = 999_999


@pytest.fixture
def secret(private_community, people):
    """A thread with a reply in a members-only community."""
    starter = people(private_community, username="starter", display_name="Starter")
    thread = ThreadFactory.create(
        community=private_community, author=starter, title="Audit findings we cannot share"
    )
    reply = PostFactory.create(
        thread=thread, author=people(private_community), source="Confidential detail"
    )
    return thread, reply


URLS = [
    ("get", "/threads/{thread}/"),
    ("get", "/threads/{thread}/mentions/?q=st"),
    ("get", "/threads/{thread}/move/"),
    ("get", "/posts/{post}/edit/"),
    ("post", "/threads/{thread}/reply/"),
    ("post", "/threads/{thread}/follow/"),
    ("post", "/threads/{thread}/moderate/lock/"),
    ("post", "/posts/{post}/delete/"),
    ("post", "/posts/{post}/hide/"),
    ("post", "/posts/{post}/flag/"),
    ("post", "/posts/{post}/react/thanks/"),
    ("post", "/posts/{post}/answer/"),
    ("post", "/posts/preview/?thread={thread}"),
]
DATA = {"source": "Let me in", "reason": "because", "follow": "1"}


def request(client, method, url, **ids):
    return getattr(client, method)(url.format(**ids), DATA if method == "post" else None)


@pytest.mark.parametrize("method, url", URLS)
def test_members_only_threads_are_404_for_signed_in_non_members(
    method, url, secret, make_user, login
):
    thread, reply = secret
    client = login(make_user())

    response = request(client, method, url, thread=thread.pk, post=reply.pk)
    missing = request(client, method, url, thread=MISSING, post=MISSING)

    assert response.status_code == missing.status_code == 404
    assert b"Audit findings" not in response.content
    assert b"Confidential" not in response.content


@pytest.mark.parametrize("method, url", URLS)
def test_members_only_threads_answer_anonymous_visitors_as_missing_ones(method, url, secret):
    thread, reply = secret
    client = Client()

    response = request(client, method, url, thread=thread.pk, post=reply.pk)
    missing = request(client, method, url, thread=MISSING, post=MISSING)

    assert response.status_code == missing.status_code
    assert response.status_code in (302, 404)
    if response.status_code == 302:  # sign in first, whatever the thread
        assert response["Location"].startswith("/accounts/login/")
    assert b"Audit findings" not in response.content


def test_nothing_changes_when_outsiders_try(secret, make_user, login):
    thread, reply = secret
    client = login(make_user())
    for method, url in URLS:
        request(client, method, url, thread=thread.pk, post=reply.pk)

    assert Post.objects.filter(thread=thread).count() == 2
    assert not Reaction.objects.exists()
    assert ThreadFollow.objects.filter(thread=thread).count() == 2  # the two writers
    thread.refresh_from_db()
    assert not thread.locked and thread.answer_id is None


def test_members_read_and_reply_in_members_only_threads(secret, login):
    thread, reply = secret
    client = login(thread.author)

    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Confidential detail" in page
    response = client.post(
        f"/threads/{thread.pk}/reply/", {"source": "Thanks"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    mentions = client.get(f"/threads/{thread.pk}/mentions/?q=st").json()
    assert [p["username"] for p in mentions["results"]] == ["starter"]


def test_leaving_a_members_only_community_closes_its_threads(secret, private_community, login):
    thread, reply = secret
    membership_leave(user=reply.author, community=private_community)

    assert login(reply.author).get(thread.get_absolute_url()).status_code == 404


def test_threads_of_unpublished_communities_are_404_even_for_members(thread, community, login):
    CommunityPage.objects.filter(pk=community.pk).update(live=False)

    assert login(thread.author).get(thread.get_absolute_url()).status_code == 404


def test_public_threads_are_readable_by_anyone_but_writable_by_members(
    thread, reply, client, make_user, login
):
    page = client.get(thread.get_absolute_url()).content.decode()
    assert reply.source in page
    assert "Sign in</a> to take part" in page
    assert f'action="/threads/{thread.pk}/reply/"' not in page

    anonymous = client.post(f"/threads/{thread.pk}/reply/", {"source": "Anonymous words"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    practitioner = login(make_user())
    page = practitioner.get(thread.get_absolute_url()).content.decode()
    assert "Join the community to take part" in page
    refused = practitioner.post(f"/threads/{thread.pk}/reply/", {"source": "Outsider words"})
    assert refused.status_code == 403
    assert not Post.objects.filter(source__in=["Anonymous words", "Outsider words"]).exists()


def test_no_notification_for_someone_who_can_no_longer_read_the_thread(
    thread, facilitator, other_member, people, community, make_community, make_membership
):
    """A follower of a public thread that moves to a members-only community hears nothing."""
    follower = other_member
    services.follow_set(user=follower, thread=thread, follow=True)
    target = make_community(visibility=Visibility.MEMBERS)
    make_membership(user=facilitator, community=target, role=MembershipRole.FACILITATOR)
    services.thread_move(actor=facilitator, thread=thread, to_community=target)

    PostFactory.create(
        thread=thread, author=facilitator, source=f"Moved. @{follower.username} see here"
    )

    assert not Notification.objects.filter(recipient=follower).exists()
    assert not Notification.objects.filter(recipient=thread.author).exists()  # not a member


def test_notifications_of_threads_you_can_no_longer_read_are_not_shown(
    secret, private_community, login, people
):
    thread, reply = secret
    reader = people(private_community, username="reader")
    PostFactory.create(thread=thread, author=reply.author, source="Hello @reader")
    assert Notification.objects.filter(recipient=reader).count() == 1
    membership_leave(user=reader, community=private_community)

    page = login(reader).get("/me/notifications/").content.decode()

    assert "Audit findings" not in page
    assert 'id="notification-count" hidden>0<' in page
