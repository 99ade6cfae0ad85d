"""Thread and community pages render in a number of queries that does not grow."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from discussions import services
from discussions.models import Reaction
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def queries_for(client, url: str) -> int:
    client.get(url)  # warm per-process caches (site root paths, content types)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def writers(community, people):
    organisations = [OrganisationFactory() for _ in range(4)]
    return [
        people(community, organisation=organisations[i % 4], department=f"Unit {i}")
        for i in range(6)
    ]


def grow(thread, writers, total: int) -> None:
    """Bring the thread to ``total`` posts, with replies and reactions among them."""
    posts = PostFactory.create_batch(
        thread=thread, authors=writers, size=total - thread.posts.count()
    )
    for post, earlier in zip(posts[1::3], posts[::3], strict=False):
        post.reply_to = earlier
    type(posts[0]).objects.bulk_update(posts, ["reply_to"])
    Reaction.objects.bulk_create(
        Reaction(post=post, user=writers[i % len(writers)], kind="helpful")
        for i, post in enumerate(posts[::2])
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_thread_page_queries_do_not_grow_with_posts(
    community, writers, member, facilitator, client, login
):
    thread = ThreadFactory.create(community=community, author=writers[0], tags=["briefing"])
    grow(thread, writers, 5)
    services.answer_mark(actor=writers[0], post=thread.posts.last())
    viewers = [client, login(member), login(facilitator)]
    url, last = thread.get_absolute_url(), f"{thread.get_absolute_url()}?page=last"

    def measure():
        counts = {"first page": [], "all read": [], "with a new post": []}
        for viewer in viewers:
            viewer.get(f"{url}?page=1")  # warm caches
            counts["first page"].append(count_queries(viewer, f"{url}?page=1"))
            viewer.get(last)  # now everything is read: the thread opens on its last page
            counts["all read"].append(count_queries(viewer, url))
            PostFactory.create_batch(thread=thread, authors=[writers[1]], size=1)
            counts["with a new post"].append(count_queries(viewer, url))  # read and marked
        return counts

    small = measure()
    grow(thread, writers, 120)
    large = measure()

    assert thread.posts.count() > 120
    assert large == small
    assert max(max(counts) for counts in large.values()) <= 30


def test_community_page_queries_do_not_grow_with_threads(community, writers, member, client, login):
    def add_threads(count):
        for n in range(count):
            thread = ThreadFactory.create(community=community, author=writers[n % 6])
            PostFactory.create(thread=thread, author=writers[(n + 1) % 6])

    add_threads(3)
    viewers = [client, login(member)]
    small = [queries_for(viewer, community.url) for viewer in viewers]
    add_threads(57)
    large = [queries_for(viewer, community.url) for viewer in viewers]

    assert large == small
    assert max(large) <= 30


def test_thread_move_page_queries_do_not_grow_with_communities(
    community, thread, facilitator, make_community, make_membership, login
):
    from communities.models import MembershipRole

    def facilitate(count, start=0):
        made = [make_community(title=f"Target {n:02d}") for n in range(start, start + count)]
        for target in made:
            make_membership(user=facilitator, community=target, role=MembershipRole.FACILITATOR)
        return made

    make_community(title="Not facilitated here")  # never a choice
    viewer = login(facilitator)
    url = f"/threads/{thread.pk}/move/"
    targets = facilitate(1)
    one = queries_for(viewer, url)
    targets += facilitate(19, start=1)
    body = viewer.get(url).content.decode()
    twenty = queries_for(viewer, url)

    assert len(targets) == 20
    assert one == twenty
    for target in targets:
        assert f'value="{target.pk}"' in body
    assert "Not facilitated here" not in body
    assert f'<option value="{community.pk}"' not in body  # not to where it already is
