"""The demo threads are data: every file parses, and the seeder's checks pass on it."""

import pytest
from django.utils import timezone

from core.demo import seeders
from discussions.demo.loader import THREADS_DIR, load_threads, parse_thread
from discussions.demo.seed import check_thread_data

THREAD = """+++
title = "A question"
author = "ann"
tags = ["one"]
days_ago = 3
helpful = ["bob"]
+++

First paragraph.

Second paragraph.

+++ reply
by = "bob"
at = 2
reply_to = 0
answer = true
+++

An answer.
"""


def test_a_thread_file_gives_the_thread_and_its_posts():
    thread = parse_thread(THREAD, "c")
    assert thread["title"] == "A question" and thread["answer"] == 1
    assert [p["by"] for p in thread["posts"]] == ["ann", "bob"]
    assert thread["posts"][0]["text"] == "First paragraph.\n\nSecond paragraph."
    assert thread["posts"][0]["helpful"] == ["bob"]
    assert thread["posts"][1] == {
        "by": "bob",
        "language": None,
        "at": 2,
        "text": "An answer.",
        "reply_to": 0,
        "helpful": [],
        "thanks": [],
    }


def test_a_thread_file_may_say_its_language_and_a_reply_its_own():
    text = THREAD.replace("days_ago = 3", 'days_ago = 3\nlanguage = "nb"').replace(
        "at = 2", 'at = 2\nlanguage = "lt"'
    )
    text += '\n+++ reply\nby = "ann"\nat = 3\n+++\n\nTakk.\n'
    thread = parse_thread(text, "c")
    assert thread["language"] == "nb"
    assert [p["language"] for p in thread["posts"]] == ["nb", "lt", "nb"]
    # Without it, nothing is said (the seeder writes English).
    assert parse_thread(THREAD, "c")["language"] is None


def test_a_thread_file_with_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="language 'no'"):
        parse_thread(THREAD.replace("days_ago = 3", 'days_ago = 3\nlanguage = "no"'), "c", "f.md")


@pytest.mark.django_db
def test_the_seeder_writes_each_post_in_its_language(make_community, make_user, make_membership):
    from core.demo import SeedContext
    from discussions.demo.seed import create_thread

    community = make_community(title="Seeded")
    people = {name: make_user(username=name) for name in ("ann", "bob")}
    for user in people.values():
        make_membership(user=user, community=community)
    text = THREAD.replace("days_ago = 3", 'days_ago = 3\nlanguage = "nb"').replace(
        "at = 2", 'at = 2\nlanguage = "lt"'
    )
    context = SeedContext(now=timezone.now(), password_hash="!")
    thread = create_thread(context, community, parse_thread(text, "c"), people, ["ann"])
    assert thread.language == "nb"
    assert list(thread.posts.values_list("language", flat=True)) == ["nb", "lt"]


def test_every_demo_thread_file_loads_and_passes_the_checks():
    threads = load_threads()
    assert len(threads) == len(list(THREADS_DIR.glob("*/*.md"))) >= 24
    check_thread_data(threads)


def test_the_seeders_run_in_the_declared_order():
    names = [seeder.name for seeder in seeders()]
    mine = ["communities", "discussions", "meetings", "peer_learning"]
    assert [name for name in names if name in mine] == mine
