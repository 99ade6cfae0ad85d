"""Discussions through HTTP, as a browser (with and without JavaScript) would use them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from communities.models import MembershipRole
from discussions import services
from discussions.models import (
    Flag,
    ModerationAction,
    Notification,
    Post,
    Reaction,
    ReadState,
    Thread,
)
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def html(response) -> str:
    return response.content.decode()


def article(page: str, post_id: int) -> str:
    """The <article> of one post on a page ('' when it is not shown)."""
    match = re.search(rf'<article[^>]*id="post-{post_id}".*?</article>', page, re.S)
    return match.group(0) if match else ""


def shown_post_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<article[^>]*id="post-(\d+)"', page)]


@pytest.fixture
def other_client(other_member, login):
    return login(other_member)


# The thread page ------------------------------------------------------------------------


def test_thread_page_shows_who_writes_from_where(community, people, client):
    ministry = OrganisationFactory(name="Ministry of Digital Affairs", short_name="MDA")
    town = OrganisationFactory(name="Municipality of Kaunas", short_name="Kaunas")
    ana = people(community, display_name="Ana Novak", organisation=ministry, department="Legal")
    jonas = people(community, display_name="Jonas P.", organisation=town, department="IT unit")
    thread = ThreadFactory.create(community=community, author=ana, title="Who signs the brief?")
    reply = PostFactory.create(thread=thread, author=jonas, source="Our *IT unit* does.")

    page = html(client.get(thread.get_absolute_url()))

    assert "Who signs the brief?" in page
    post = article(page, reply.pk)
    assert "Jonas P." in post and "Municipality of Kaunas" in post and "IT unit" in post
    assert "<em>IT unit</em>" in post
    assert "Ana Novak" in article(page, thread.posts.first().pk)
    assert "2 organisations" in page and "2 departments" in page and "taking part" in page


def test_thread_pages_hold_50_posts_and_reopen_at_the_first_unread(
    community, member, other_member, login
):
    thread = ThreadFactory.create(community=community, author=other_member)
    posts = [
        thread.posts.get(),
        *PostFactory.create_batch(thread=thread, authors=[other_member], size=119),
    ]
    client = login(member)

    first = html(client.get(thread.get_absolute_url()))
    assert shown_post_ids(first) == [p.pk for p in posts[:50]]
    assert "Page 1 of 3" in first
    assert shown_post_ids(html(client.get(f"{thread.get_absolute_url()}?page=last"))) == [
        p.pk for p in posts[100:]
    ]

    # Pages 1 and 3 were read; say the reader had stopped after post 60 instead.
    ReadState.objects.filter(user=member, thread=thread).update(last_read_post_id=posts[59].pk)
    again = html(client.get(thread.get_absolute_url()))

    assert shown_post_ids(again) == [p.pk for p in posts[50:100]]
    assert f'href="#post-{posts[60].pk}">Jump to the first unread post' in again
    assert again.index('class="unread-marker"') < again.index(f'id="post-{posts[60].pk}"')
    assert again.index(f'id="post-{posts[59].pk}"') < again.index('class="unread-marker"')


def test_reading_a_page_marks_it_read(thread, reply, member, login):
    client = login(member)
    first = html(client.get(thread.get_absolute_url()))
    assert f'href="#post-{reply.pk}">Jump to the first unread post' in first

    page = html(client.get(thread.get_absolute_url()))
    assert "Jump to the first unread post" not in page


def test_community_page_lists_pinned_threads_first_then_by_activity(
    community, member, other_member, facilitator, login
):
    old = ThreadFactory.create(community=community, author=member, title="Old but pinned")
    quiet = ThreadFactory.create(community=community, author=member, title="Quiet thread")
    busy = ThreadFactory.create(community=community, author=member, title="Busy thread")
    Thread.objects.filter(pk=old.pk).update(last_activity_at=timezone.now() - timedelta(days=9))
    Thread.objects.filter(pk=busy.pk).update(last_activity_at=timezone.now() - timedelta(days=2))
    Thread.objects.filter(pk=quiet.pk).update(last_activity_at=timezone.now() - timedelta(days=5))
    services.thread_set_flags(actor=facilitator, thread=old, pinned=True)

    page = html(login(member).get(community.url))

    assert page.index("Old but pinned") < page.index("Busy thread") < page.index("Quiet thread")


def badge(page: str, title: str) -> str:
    row = re.search(rf'<li class="thread-row[^"]*">(?:(?!</li>).)*{title}.*?</li>', page, re.S)
    found = re.search(r'class="badge unread-badge">([^<]+)<', row.group(0))
    return found.group(1) if found else ""


def test_community_page_marks_new_and_unread_threads(community, member, other_member, login):
    mine = ThreadFactory.create(community=community, author=member, title="My question")
    theirs = ThreadFactory.create(community=community, author=other_member, title="Their idea")
    client = login(member)

    page = html(client.get(community.url))
    assert badge(page, "My question") == "" and badge(page, "Their idea") == "new"

    PostFactory.create(thread=mine, author=other_member)
    client.get(theirs.get_absolute_url())
    page = html(client.get(community.url))
    assert badge(page, "My question") == "unread" and badge(page, "Their idea") == ""

    client.get(mine.get_absolute_url())
    assert "unread-badge" not in html(client.get(community.url))


def test_anonymous_visitors_see_no_unread_markers(community, thread, client):
    page = html(client.get(community.url))
    assert thread.title in page and "unread-badge" not in page


# Posting --------------------------------------------------------------------------------


def test_posting_without_javascript_redirects_to_the_new_post(thread, other_client):
    response = other_client.post(
        f"/threads/{thread.pk}/reply/", {"source": "We **always** brief in person."}
    )

    post = Post.objects.get(source="We **always** brief in person.")
    assert response.status_code == 302
    assert response["Location"] == f"/threads/{thread.pk}/?page=last#post-{post.pk}"
    page = html(other_client.get(response["Location"]))
    assert "<strong>always</strong>" in article(page, post.pk)


def test_posting_with_javascript_answers_json(thread, other_client):
    response = other_client.post(
        f"/threads/{thread.pk}/reply/", {"source": "Answer from a script"}, **JSON
    )

    assert response.status_code == 200
    post = Post.objects.get(source="Answer from a script")
    assert response.json() == {"ok": True, "message": "", "post_id": post.pk}


def test_the_reply_link_and_double_submit_work_without_javascript(thread, other_client):
    first = thread.posts.get()
    page = html(other_client.get(f"{thread.get_absolute_url()}?reply_to={first.pk}"))
    token = re.search(r'name="client_token" value="([0-9a-f]{32})"', page).group(1)
    assert re.search(rf'name="reply_to" value="{first.pk}"', page)

    data = {"source": "Replying once", "reply_to": first.pk, "client_token": token}
    other_client.post(f"/threads/{thread.pk}/reply/", data)
    second = other_client.post(f"/threads/{thread.pk}/reply/", data)

    assert second.status_code == 302
    assert Post.objects.get(source="Replying once").reply_to == first


def test_rate_limited_posts_get_429_with_retry_after(settings, thread, other_client):
    settings.PRAXIS_DISCUSSION_LIMITS = {}
    other_client.post(f"/threads/{thread.pk}/reply/", {"source": "first"}, **JSON)

    response = other_client.post(f"/threads/{thread.pk}/reply/", {"source": "second"}, **JSON)

    assert response.status_code == 429
    assert response["Retry-After"] == "5"
    assert response.json()["message"] == "You are posting too fast. Try again in 5 seconds."
    assert response.json()["retry_after"] == 5
    assert not Post.objects.filter(source="second").exists()


def test_rate_limited_without_javascript_keeps_the_text(settings, thread, other_client):
    settings.PRAXIS_DISCUSSION_LIMITS = {}
    other_client.post(f"/threads/{thread.pk}/reply/", {"source": "first"})

    response = other_client.post(f"/threads/{thread.pk}/reply/", {"source": "my careful reply"})

    assert response.status_code == 429 and response["Retry-After"] == "5"
    page = html(response)
    assert "Try again in 5 seconds" in page
    assert ">my careful reply</textarea>" in page
    assert not Post.objects.filter(source="my careful reply").exists()


@pytest.mark.parametrize("data", [{}, {"source": "   "}, {"source": "x" * 20_001}])
def test_empty_or_too_long_replies_show_an_error_and_save_nothing(thread, other_client, data):
    before = Post.objects.count()

    page_response = other_client.post(f"/threads/{thread.pk}/reply/", data)
    json_response = other_client.post(f"/threads/{thread.pk}/reply/", data, **JSON)

    assert page_response.status_code == 400
    assert 'class="errorlist"' in html(page_response)
    assert json_response.status_code == 400 and json_response.json()["message"]
    assert Post.objects.count() == before


def test_non_members_cannot_reply_to_a_public_thread(thread, make_user, login):
    response = login(make_user()).post(
        f"/threads/{thread.pk}/reply/", {"source": "Drive-by"}, **JSON
    )

    assert response.status_code == 403
    assert "Join the community" in response.json()["message"]
    assert not Post.objects.filter(source="Drive-by").exists()


def test_locked_threads_refuse_member_replies(thread, facilitator, other_client, login):
    login(facilitator).post(f"/threads/{thread.pk}/moderate/lock/")

    response = other_client.post(f"/threads/{thread.pk}/reply/", {"source": "late"}, **JSON)
    page = html(other_client.get(thread.get_absolute_url()))

    assert response.status_code == 403
    assert "This thread is locked" in page
    assert f'action="/threads/{thread.pk}/reply/"' not in page


def test_start_a_thread_through_the_form(community, member, login):
    client = login(member)
    form = html(client.get(f"/communities/{community.pk}/threads/new/"))
    token = re.search(r'name="client_token" value="([0-9a-f]{32})"', form).group(1)
    data = {
        "title": "Framework contracts for experts",
        "source": "Has anyone used one?",
        "tags": "procurement, experts",
        "client_token": token,
    }

    response = client.post(f"/communities/{community.pk}/threads/new/", data)
    again = client.post(f"/communities/{community.pk}/threads/new/", data)  # double click

    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert again["Location"] == thread.get_absolute_url()
    assert sorted(thread.tags.names()) == ["experts", "procurement"]


def test_thread_form_errors_are_shown_and_nothing_is_saved(community, member, make_user, login):
    response = login(member).post(
        f"/communities/{community.pk}/threads/new/", {"title": "Hi", "source": ""}
    )
    assert response.status_code == 400
    assert "errorlist" in html(response)

    outsider = login(make_user()).post(
        f"/communities/{community.pk}/threads/new/", {"title": "Hello all", "source": "Hi"}
    )
    assert outsider.status_code == 403 and "Join the community" in html(outsider)
    assert not Thread.objects.exists()


# Post actions ---------------------------------------------------------------------------

POST_ONLY = [
    "/threads/{thread}/reply/",
    "/threads/{thread}/follow/",
    "/threads/{thread}/moderate/pin/",
    "/posts/{post}/delete/",
    "/posts/{post}/hide/",
    "/posts/{post}/unhide/",
    "/posts/{post}/flag/",
    "/posts/{post}/react/helpful/",
    "/posts/{post}/answer/",
    "/posts/preview/",
]


@pytest.mark.parametrize("url", POST_ONLY)
def test_actions_need_post(url, thread, reply, facilitator, login):
    response = login(facilitator).get(url.format(thread=thread.pk, post=reply.pk))
    assert response.status_code == 405


@pytest.mark.parametrize(
    "url",
    [
        "/threads/999999/",
        "/threads/999999/reply/",
        "/threads/999999/follow/",
        "/threads/999999/moderate/lock/",
        "/threads/999999/move/",
        "/threads/999999/mentions/",
        "/posts/999999/edit/",
        "/posts/999999/delete/",
        "/posts/999999/hide/",
        "/posts/999999/flag/",
        "/posts/999999/react/thanks/",
        "/posts/999999/answer/",
        "/communities/999999/moderation/",
        "/communities/999999/threads/new/",
    ],
)
def test_unknown_ids_are_404(url, facilitator, login):
    client = login(facilitator)
    response = client.post(url)
    if response.status_code == 405:  # a page, not an action
        response = client.get(url)
    assert response.status_code == 404


def test_unknown_thread_actions_and_reactions_are_404(thread, reply, facilitator, login):
    client = login(facilitator)
    assert client.post(f"/threads/{thread.pk}/moderate/explode/").status_code == 404
    assert client.post(f"/posts/{reply.pk}/react/love/").status_code == 404


def test_author_edits_and_earlier_versions_are_listed(reply, other_client, login, member):
    url = f"/posts/{reply.pk}/edit/"
    assert login(member).get(url).status_code == 404  # not theirs
    assert reply.source in html(other_client.get(url))

    response = other_client.post(url, {"source": "Edited: ask the *legal* unit."})

    assert response.status_code == 302
    page = html(other_client.get(reply.thread.get_absolute_url()))
    assert "<em>legal</em>" in article(page, reply.pk) and "(edited)" in article(page, reply.pk)
    assert reply.source in html(other_client.get(url))  # earlier version
    assert other_client.post(url, {"source": ""}).status_code == 400


def test_author_deletes_and_the_post_disappears(reply, other_client, member, login):
    assert login(member).post(f"/posts/{reply.pk}/delete/", **JSON).status_code == 403
    assert Post.objects.get(pk=reply.pk).deleted_at is None

    other_client.post(f"/posts/{reply.pk}/delete/")

    page = html(login(member).get(reply.thread.get_absolute_url()))
    assert reply.pk not in shown_post_ids(page)
    assert reply.source not in page


def test_facilitator_hides_and_members_no_longer_see_the_post(reply, facilitator, member, login):
    assert (
        login(member).post(f"/posts/{reply.pk}/hide/", {"reason": "Rude"}, **JSON).status_code
        == 403
    )
    client = login(facilitator)
    assert client.post(f"/posts/{reply.pk}/hide/", {"reason": ""}, **JSON).status_code == 400

    response = client.post(f"/posts/{reply.pk}/hide/", {"reason": "Names a citizen"})

    assert response.status_code == 302
    members_view = html(login(member).get(reply.thread.get_absolute_url()))
    assert reply.pk not in shown_post_ids(members_view) and reply.source not in members_view
    facilitators_view = html(client.get(reply.thread.get_absolute_url()))
    assert "Hidden by a facilitator: Names a citizen" in article(facilitators_view, reply.pk)
    assert login(member).post(f"/posts/{reply.pk}/flag/", {"reason": "x"}).status_code == 404

    client.post(f"/posts/{reply.pk}/unhide/")
    assert reply.pk in shown_post_ids(html(login(member).get(reply.thread.get_absolute_url())))


def test_flag_then_the_queue_shows_it_to_facilitators_only(
    reply, member, facilitator, other_client, login
):
    response = login(member).post(f"/posts/{reply.pk}/flag/", {"reason": "Personal data"})
    assert response.status_code == 302
    duplicate = login(member).post(f"/posts/{reply.pk}/flag/", {"reason": "Again"}, **JSON)
    assert duplicate.status_code == 400 and "already reported" in duplicate.json()["message"]

    queue = f"/communities/{reply.thread.community_id}/moderation/"
    assert login(member).get(queue).status_code == 404
    assert other_client.get(queue).status_code == 404
    page = html(login(facilitator).get(queue))
    assert "Personal data" in page and reply.thread.title in page

    flag = Flag.objects.get()
    assert login(facilitator).post(queue, {"flag": "junk"}).status_code == 404
    assert login(member).post(queue, {"flag": flag.pk}).status_code == 404
    login(facilitator).post(queue, {"flag": flag.pk})
    flag.refresh_from_db()
    assert flag.resolution == "dismissed"
    assert "No open reports." in html(login(facilitator).get(queue))
    assert "Report dismissed" in html(login(facilitator).get(queue))  # the log, in words


def test_flags_from_another_community_cannot_be_dismissed_here(
    reply, member, facilitator, make_community, make_membership, login
):
    services.flag_create(reporter=member, post=reply, reason="Spam")
    other = make_community()
    make_membership(user=facilitator, community=other, role=MembershipRole.FACILITATOR)

    response = login(facilitator).post(
        f"/communities/{other.pk}/moderation/", {"flag": Flag.objects.get().pk}
    )

    assert response.status_code == 404
    assert Flag.objects.get().resolved_at is None


def test_reactions_toggle_through_http(reply, member, login, make_user):
    client = login(member)
    assert client.post(f"/posts/{reply.pk}/react/helpful/", **JSON).json()["on"] is True
    page = html(client.get(reply.thread.get_absolute_url()))
    assert re.search(
        r'aria-pressed="true">Helpful <span class="count">1</span>', article(page, reply.pk)
    )
    assert client.post(f"/posts/{reply.pk}/react/helpful/", **JSON).json()["on"] is False
    assert not Reaction.objects.exists()
    outsider = login(make_user()).post(f"/posts/{reply.pk}/react/thanks/", **JSON)
    assert outsider.status_code == 403 and not Reaction.objects.exists()


def test_marking_the_answer_shows_it_at_the_top(thread, reply, member, other_client, login):
    assert other_client.post(f"/posts/{reply.pk}/answer/", **JSON).status_code == 403

    login(member).post(f"/posts/{reply.pk}/answer/")

    page = html(login(member).get(thread.get_absolute_url()))
    assert page.index("Answer / good practice</h2>") < page.index(
        f'id="post-{thread.posts.first().pk}"'
    )
    assert Notification.objects.filter(recipient=reply.author, kind="answer").exists()


def test_pin_lock_and_their_log_are_for_facilitators(thread, member, facilitator, login):
    assert login(member).post(f"/threads/{thread.pk}/moderate/pin/", **JSON).status_code == 403
    client = login(facilitator)

    client.post(f"/threads/{thread.pk}/moderate/pin/")
    client.post(f"/threads/{thread.pk}/moderate/lock/")

    thread.refresh_from_db()
    assert thread.pinned and thread.locked
    assert set(ModerationAction.objects.values_list("action", "actor")) == {
        ("pin", facilitator.pk),
        ("lock", facilitator.pk),
    }
    page = html(client.get(thread.get_absolute_url()))
    assert "Unpin" in page and "Unlock" in page


def test_move_offers_and_accepts_only_facilitated_communities(
    thread, community, facilitator, member, make_community, make_membership, login
):
    target = make_community(title="Procurement practice")
    make_membership(user=facilitator, community=target, role=MembershipRole.FACILITATOR)
    elsewhere = make_community(title="Not yours to use")
    url = f"/threads/{thread.pk}/move/"
    assert login(member).get(url).status_code == 404
    client = login(facilitator)

    form = html(client.get(url))
    assert "Procurement practice" in form and "Not yours to use" not in form

    refused = client.post(url, {"community": elsewhere.pk})
    assert refused.status_code == 400 and "errorlist" in html(refused)
    assert Thread.objects.get(pk=thread.pk).community_id == community.pk

    moved = client.post(url, {"community": target.pk, "reason": "Belongs there"})
    assert moved.status_code == 302
    assert Thread.objects.get(pk=thread.pk).community_id == target.pk
    # The community the thread left keeps the record of where it went, and why.
    log = html(client.get(f"/communities/{community.pk}/moderation/"))
    assert "move" in log and "Belongs there" in log and thread.title in log


def test_follow_and_unfollow_through_the_page(thread, other_member, other_client):
    assert ">Follow</button>" in html(other_client.get(thread.get_absolute_url()))

    assert other_client.post(f"/threads/{thread.pk}/follow/", {"follow": "1"}, **JSON).json()[
        "following"
    ]
    assert ">Unfollow</button>" in html(other_client.get(thread.get_absolute_url()))
    other_client.post(f"/threads/{thread.pk}/follow/", {"follow": "0"})
    assert ">Follow</button>" in html(other_client.get(thread.get_absolute_url()))


def test_mention_autocomplete_lists_only_members(thread, people, make_user, login, member):
    people(thread.community, username="anna.k", display_name="Anna Kowalska")
    make_user(username="anna.outsider", display_name="Anna Outside")

    response = login(member).get(f"/threads/{thread.pk}/mentions/?q=ann")

    assert [p["username"] for p in response.json()["results"]] == ["anna.k"]


def test_preview_renders_sanitised_html(thread, member, login):
    response = login(member).post(
        f"/posts/preview/?thread={thread.pk}",
        {"source": "**ok** <script>alert(1)</script> [x](javascript:alert(1))"},
    )

    assert response.json()["html"] == (
        "<p><strong>ok</strong> &lt;script&gt;alert(1)&lt;/script&gt; <a>x</a></p>"
    )


def test_notifications_page_and_mark_all_read(thread, member, other_member, login):
    PostFactory.create(thread=thread, author=other_member, source=f"@{member.username} look")
    PostFactory.create(thread=thread, author=other_member)
    client = login(member)

    page = html(client.get("/me/notifications/"))
    assert "mentioned you in" in page and "posted in your thread" in page
    assert 'id="notification-count">2<' in page

    response = client.post("/me/notifications/")

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    assert 'id="notification-count" hidden>0<' in html(client.get("/me/notifications/"))


def test_the_moderation_log_says_what_was_done_in_words(thread, reply, facilitator, login):
    client = login(facilitator)
    client.post(f"/posts/{reply.pk}/hide/", {"reason": "Off topic"})
    client.post(f"/threads/{thread.pk}/moderate/pin/")
    log = html(client.get(f"/communities/{thread.community_id}/moderation/"))
    assert "Post hidden" in log and "Thread pinned" in log
    assert "hide_post" not in log and ">pin" not in log


def test_the_feed_lists_each_thread_once_with_its_latest_post(
    community, thread, member, other_member
):
    from discussions.selectors import recent_posts_for

    quiet = ThreadFactory.create(community=community, author=other_member)
    busy = [PostFactory.create(thread=thread, author=other_member) for _ in range(4)]
    feed = recent_posts_for(user=member)
    assert [post.pk for post in feed] == [busy[-1].pk, quiet.last_post_id]


def test_mention_candidates_for_a_new_thread_follow_the_community_rules(
    private_community, people, login, make_user
):
    member = people(private_community, display_name="Ana Novak", username="ana")
    people(private_community, display_name="Jonas Petrauskas", username="jonas")
    url = f"/communities/{private_community.pk}/mentions/?q=jon"

    found = login(member).get(url).json()["results"]
    assert [person["username"] for person in found] == ["jonas"]
    assert login(make_user()).get(url).status_code == 404  # not even its members' names
