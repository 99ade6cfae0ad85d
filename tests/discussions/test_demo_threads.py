"""The demo threads are data: every file parses, and the seeder's checks pass on it."""

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
        "at": 2,
        "text": "An answer.",
        "reply_to": 0,
        "helpful": [],
        "thanks": [],
    }


def test_every_demo_thread_file_loads_and_passes_the_checks():
    threads = load_threads()
    assert len(threads) == len(list(THREADS_DIR.glob("*/*.md"))) >= 24
    check_thread_data(threads)


def test_the_seeders_run_in_the_declared_order():
    names = [seeder.name for seeder in seeders()]
    mine = ["communities", "discussions", "meetings", "peer_learning"]
    assert [name for name in names if name in mine] == mine
