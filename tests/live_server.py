"""Praxis served by Daphne in a forked child process, on the test database."""

from __future__ import annotations

from functools import partial

import pytest


def start_asgi_server(django_db_blocker, *, channel_layers_setting=None, static=True):
    """Fork a Daphne process serving Praxis; returns it once it listens (``.port.value``).

    The child is a fork of the test process. The parent already points the settings at the
    test database (channels' ``set_database_connection`` would prefix the name a second
    time on PostgreSQL), so the child only lifts pytest-django's block. Objects the parent
    created for async tests do not survive a fork intact: asgiref's single database thread
    (the executor is copied, its thread is not, so every database call would wait forever)
    and channel-layer connections. The child starts with fresh ones.
    """
    from channels.testing.live import make_application
    from daphne.testing import DaphneProcess
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    def setup_child():
        from concurrent.futures import ThreadPoolExecutor

        from asgiref.sync import SyncToAsync
        from channels.layers import channel_layers
        from django.conf import settings

        SyncToAsync.single_thread_executor = ThreadPoolExecutor(max_workers=1)
        if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
            # The child's cache in process memory is its own: the test process's changes
            # (rows a test writes, the database put back between tests) move no generation
            # there, so the child would keep pages cached from an earlier test. With Redis
            # (the scale-out run) both share the cache and the child caches as in production.
            settings.PRAXIS_PAGE_CACHE = False
        django_db_blocker.unblock()
        if channel_layers_setting is not None:
            settings.CHANNEL_LAYERS = channel_layers_setting
        channel_layers.backends = {}

    process = DaphneProcess(
        "127.0.0.1",
        partial(make_application, static_wrapper=ASGIStaticFilesHandler if static else None),
        setup=setup_child,
    )
    process.start()
    if not process.ready.wait(timeout=30):
        process.terminate()
        pytest.fail("An ASGI test server did not start within 30 s.")
    return process


def stop_asgi_server(process) -> None:
    process.terminate()
    process.join(timeout=10)
