"""Redis is a cache, never a dependency of a page: a private redis-server, started here and
killed here, while pages are read (issue 20)."""

from __future__ import annotations

import shutil
import time

import pytest
from django.core.cache import cache
from django.test import Client

from tests.conftest import require_service
from tests.discussions.factories import ThreadFactory
from tests.redis_server import free_port, start_redis

pytestmark = [pytest.mark.django_db, pytest.mark.redis]


@pytest.fixture
def private_redis(settings, tmp_path):
    require_service(
        "redis-server", shutil.which("redis-server") is not None, "install Debian's redis-server"
    )
    port = free_port()
    process = start_redis(port, tmp_path)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "KEY_PREFIX": f"outage-test-{port}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    state = {"process": process, "port": port}

    def kill():
        state["process"].kill()  # only the server this test started
        state["process"].wait(timeout=10)

    def restart():
        state["process"] = start_redis(port, tmp_path)

    state["kill"], state["restart"] = kill, restart
    yield state
    if state["process"].poll() is None:
        state["process"].kill()
        state["process"].wait(timeout=10)


def test_pages_answer_while_redis_is_down_and_the_cache_comes_back_after(
    private_redis, make_community, make_membership
):
    community = make_community(title="Open data stewards")
    author = make_membership(community=community).user
    thread = ThreadFactory.create(community=community, author=author, title="Licences")
    pages = ["/", community.url, thread.get_absolute_url(), "/search/?q=licences"]
    client = Client(raise_request_exception=False)
    for url in pages:
        assert client.get(url).status_code == 200, url
    cache.set("probe", "up")
    assert cache.get("probe") == "up"

    private_redis["kill"]()

    started = time.monotonic()
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Licences" in client.get(thread.get_absolute_url()).content.decode()
    assert cache.get("probe") is None
    assert cache.get("probe", "fallback") == "fallback"
    assert cache.get_or_set("computed", lambda: 42) == 42
    assert time.monotonic() - started < 60  # bounded: no request waits for Redis

    private_redis["restart"]()

    cache.set("probe", "back")
    assert cache.get("probe") == "back"
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_a_signed_in_member_posts_a_reply_while_redis_is_down(
    private_redis, make_community, make_membership, login, settings
):
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0}
    community = make_community(title="Open data stewards")
    member = make_membership(community=community).user
    thread = ThreadFactory.create(community=community, author=member, title="Licences")
    client = login(member)
    assert client.get(thread.get_absolute_url()).status_code == 200

    private_redis["kill"]()

    response = client.post(
        f"/threads/{thread.pk}/reply/", {"source": "CC BY 4.0 for everything we publish."}
    )
    assert response.status_code in (200, 302)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "CC BY 4.0 for everything we publish." in page
