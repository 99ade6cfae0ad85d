"""A thread page carries the controls its reader may use, and no more (issue 22).

Anonymous readers of a public thread can read, see the reactions and copy a link; the
page sends them no per-post forms and no CSRF tokens. Members get their controls.
"""

from __future__ import annotations

import re

import pytest

from discussions.models import Reaction
from tests.discussions.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_thread(community, member, other_member):
    thread = ThreadFactory.create(community=community, author=member, title="Briefing experts")
    posts = PostFactory.create_batch(thread=thread, authors=[member, other_member], size=49)
    Reaction.objects.bulk_create(
        Reaction(post=post, user=other_member, kind="helpful") for post in posts[::2]
    )
    return thread


def _posts_area(html: str) -> str:
    start = html.index('id="posts"')
    return html[start : html.index("</div>\n", html.rindex('class="post-actions"'))]


def test_an_anonymous_reader_gets_no_forms_in_the_posts(client, long_thread):
    html = client.get(long_thread.get_absolute_url()).content.decode()
    posts = _posts_area(html)
    assert posts.count('class="post ') + posts.count('class="post"') == 50
    assert "<form" not in posts
    assert "csrfmiddlewaretoken" not in posts
    # The reactions still show, counted.
    assert re.search(r'class="reaction" data-kind="helpful">Helpful <span class="count">1<', posts)
    assert len(html.encode()) < 100 * 1024  # 63 KB when written; 194 KB with the forms


def test_a_member_gets_the_controls(login, long_thread, other_member):
    html = login(other_member).get(long_thread.get_absolute_url()).content.decode()
    posts = _posts_area(html)
    assert posts.count('class="inline-form reaction"') == 100
    assert 'action="/posts/' in posts
