"""``/posts/<id>/``: a post's lasting address leads to the page of its thread that shows it,
and to nothing for anyone who may not read it."""

from __future__ import annotations

import pytest

from communities.models import MembershipRole, Visibility
from discussions import services
from discussions.selectors import POSTS_PER_PAGE
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import CommunityPageFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _thread(visibility=Visibility.PUBLIC):
    community = CommunityPageFactory(visibility=visibility)
    facilitator = UserFactory()
    MembershipFactory(user=facilitator, community=community, role=MembershipRole.FACILITATOR)
    thread = ThreadFactory.create(community=community, author=facilitator)
    return thread, facilitator


def test_permalink_leads_to_the_page_that_holds_the_post(client, relaxed_limits):
    thread, facilitator = _thread()
    posts = PostFactory.create_batch(thread=thread, authors=[facilitator], size=POSTS_PER_PAGE + 5)
    first, late = posts[0], posts[-1]
    assert client.get(f"/posts/{first.pk}/")["Location"] == (
        f"/threads/{thread.pk}/#post-{first.pk}"
    )
    response = client.get(f"/posts/{late.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/threads/{thread.pk}/?page=2#post-{late.pk}"
    page = client.get(response["Location"].split("#")[0])
    assert f'id="post-{late.pk}"' in page.content.decode()


def test_post_page_has_a_permalink_and_a_copy_link_control(client):
    thread, _ = _thread()
    opening = thread.posts.get()
    html = client.get(f"/threads/{thread.pk}/").content.decode()
    assert f'class="meta post-time" href="/posts/{opening.pk}/"' in html
    assert f'data-link="/posts/{opening.pk}/"' in html


def test_permalink_of_an_unreadable_post_is_a_plain_404(client, login, relaxed_limits):
    private, facilitator = _thread(Visibility.MEMBERS)
    hidden_thread, moderator = _thread()
    author = UserFactory()
    MembershipFactory(user=author, community=hidden_thread.community)
    hidden = PostFactory.create(thread=hidden_thread, author=author)
    services.post_hide(actor=moderator, post=hidden, reason="Off topic")
    missing = client.get("/posts/999999/")
    assert missing.status_code == 404
    assert client.get(f"/posts/{private.posts.get().pk}/").status_code == 404
    assert client.get(f"/posts/{hidden.pk}/").status_code == 404
    assert login(author).get(f"/posts/{hidden.pk}/").status_code == 302  # their own
    # The facilitator of the hidden post's community still finds it.
    assert login(moderator).get(f"/posts/{hidden.pk}/").status_code == 302
    assert login(facilitator).get(f"/posts/{private.posts.get().pk}/").status_code == 302
