"""Scale-out: two Daphne processes share Redis (channels_redis) and the database.

A post made by HTTP through server B reaches WebSockets connected to server A: the thread
socket (``post.created``) and the user socket (the cross-community feed). Needs Redis:
skipped locally without it, a failure in CI.
"""

from __future__ import annotations

import asyncio
import json
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie

import pytest
from websockets.asyncio import client as websockets_client

from discussions.models import Post
from tests.discussions.factories import ThreadFactory
from tests.discussions.live_helpers import (
    REDIS_URL,
    ensure_wagtail_root,
    layer_config,
    require_redis,
    session_key_for,
    unique_prefix,
)
from tests.live_server import start_asgi_server, stop_asgi_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis]


@pytest.fixture
def redis_servers(transactional_db, django_db_blocker):
    """Two Daphne processes serving Praxis on the test database, with a Redis channel
    layer under a prefix of their own. The parent's settings stay as they are."""
    require_redis()
    prefix = unique_prefix("xproc")
    processes = []
    try:
        for _ in range(2):
            processes.append(
                start_asgi_server(
                    django_db_blocker,
                    channel_layers_setting=layer_config("redis", prefix=prefix),
                    static=False,
                )
            )
        yield [f"127.0.0.1:{process.port.value}" for process in processes]
    finally:
        for process in processes:
            stop_asgi_server(process)
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def scene(community, people):
    reader = people(community, display_name="Reader on server A")
    poster = people(community, display_name="Poster on server B")
    thread = ThreadFactory.create(community=community, author=reader)
    organisation = poster.organisation.name
    return {
        "thread": thread,
        "reader_key": session_key_for(reader),
        "poster_key": session_key_for(poster),
        "poster_organisation": organisation,
    }


@pytest.fixture(autouse=True)
def wagtail_root(transactional_db):
    ensure_wagtail_root()


def http_reply(host: str, session_key: str, thread_id: int, source: str) -> dict:
    """Reply through server B as a browser would: the page (CSRF cookie), then the form."""
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={session_key}")]
    with opener.open(f"http://{host}/threads/{thread_id}/", timeout=10) as response:
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
    csrf = cookies["csrftoken"].value
    body = urllib.parse.urlencode(
        {"source": source, "client_token": "cross-process-1", "csrfmiddlewaretoken": csrf}
    ).encode()
    request = urllib.request.Request(
        f"http://{host}/threads/{thread_id}/reply/",
        data=body,
        headers={
            "Cookie": f"sessionid={session_key}; csrftoken={csrf}",
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    with opener.open(request, timeout=10) as response:
        return json.loads(response.read())


async def next_of_type(socket, wanted: str, timeout: float = 5.0) -> dict:
    async with asyncio.timeout(timeout):
        while True:
            frame = json.loads(await socket.recv())
            if frame["type"] == wanted:
                return frame


async def test_a_post_through_server_b_reaches_sockets_on_server_a(redis_servers, scene):
    server_a, server_b = redis_servers
    thread = scene["thread"]
    headers = {"Cookie": f"sessionid={scene['reader_key']}"}
    origin = f"http://{server_a}"

    async with (
        websockets_client.connect(
            f"ws://{server_a}/ws/threads/{thread.pk}/",
            origin=origin,
            additional_headers=headers,
            open_timeout=10,
        ) as thread_socket,
        websockets_client.connect(
            f"ws://{server_a}/ws/me/", origin=origin, additional_headers=headers, open_timeout=10
        ) as user_socket,
    ):
        await thread_socket.send(json.dumps({"type": "hello", "last_post_id": thread.last_post_id}))
        assert (await next_of_type(thread_socket, "catchup.done"))["last_post_id"] == (
            thread.last_post_id
        )

        answer = await asyncio.to_thread(
            http_reply, server_b, scene["poster_key"], thread.pk, "Posted through server B."
        )
        assert answer["ok"] is True

        created = await next_of_type(thread_socket, "post.created")
        assert created["post_id"] == answer["post_id"]
        assert "Posted through server B." in created["html"]
        assert scene["poster_organisation"] in created["html"]
        assert await asyncio.to_thread(Post.objects.filter(pk=created["post_id"]).exists)

        feed = await next_of_type(user_socket, "feed.post")
        assert feed["community_id"] == thread.community_id
        assert f"#post-{answer['post_id']}" in feed["html"]
