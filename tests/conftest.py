"""Shared fixtures.

Services a test needs (PostgreSQL, Redis, the system Chromium) are checked with
``require_service``: outside CI a missing one skips with a reason; with ``CI=true`` it
fails. In CI any skipped test at all fails the run, so nothing is skipped silently.
"""

from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.factories import (
    CommunityPageFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    site_tree,
)

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_service(name: str, available: bool, how: str) -> None:
    if available:
        return
    message = f"{name} is not available: {how}"
    if IN_CI:
        pytest.fail(f"CI needs {message}", pytrace=False)
    pytest.skip(message)


def port_open(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(
            f"CI=true: {len(skipped)} test(s) skipped; in CI every test must run.", red=True
        )
        session.exitstatus = 1


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    in_marker = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    return bool(in_marker) or "transactional_db" in getattr(item, "fixturenames", ())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test has flushed the database, put back what the data
    migrations wrote, so the next test in this worker finds the database as migrated."""
    yield
    if nextitem is not None and _is_transactional(item):
        from pytest_django.plugin import blocking_manager_key

        from tests.db_state import restore_migration_data

        with item.config.stash[blocking_manager_key].unblock():
            restore_migration_data()


def _database_is_postgresql() -> bool:
    from django.conf import settings

    return "postgresql" in settings.DATABASES["default"]["ENGINE"]


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.postgres``: row locks (``select_for_update``) and races mean something
    only on PostgreSQL; on SQLite they are no-ops. Such tests are deselected (not skipped)
    when the suite runs on SQLite, and said so; CI runs them in its PostgreSQL step."""
    if _database_is_postgresql():
        return
    postgres_only = [item for item in items if item.get_closest_marker("postgres")]
    if not postgres_only:
        return
    items[:] = [item for item in items if not item.get_closest_marker("postgres")]
    config.hook.pytest_deselected(items=postgres_only)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(
            f"{len(postgres_only)} PostgreSQL-only test(s) deselected on SQLite; they run "
            "with DATABASE_URL=postgres://... (CI's scale-out step)."
        )


if "postgres" not in os.environ.get("DATABASE_URL", ""):

    @pytest.fixture(scope="session")
    def django_db_setup(request, django_test_environment, django_db_blocker):
        """On SQLite the test database is a copy of a migrated template
        (tests/sqlite_template.py) instead of a fresh run of every migration."""
        from pathlib import Path

        from django.conf import settings
        from django.db import connections

        from tests.sqlite_template import copy_migrated_database

        test_name = settings.DATABASES["default"].get("TEST", {}).get("NAME")
        if not test_name or test_name == ":memory:":
            # Another settings module (the search conformance suite): Django's own setup.
            from django.test.utils import setup_databases, teardown_databases

            with django_db_blocker.unblock():
                databases = setup_databases(verbosity=0, interactive=False)
            yield
            with django_db_blocker.unblock():
                teardown_databases(databases, verbosity=0)
            return
        target = Path(test_name)
        if request.config.getvalue("reuse_db") and target.exists():
            pass
        else:
            copy_migrated_database(target)
        connection = connections["default"]
        connection.close()
        settings.DATABASES["default"]["NAME"] = str(target)
        connection.settings_dict["NAME"] = str(target)
        yield
        with django_db_blocker.unblock():
            connection.close()
        if not request.config.getvalue("reuse_db"):
            for suffix in ("", "-wal", "-shm"):
                Path(f"{target}{suffix}").unlink(missing_ok=True)


@pytest.fixture(autouse=True, scope="session")
def mail_through_the_queue(django_test_environment):
    """Django's test setup replaces EMAIL_BACKEND with locmem; put the queue back, so every
    message in the suite is stored in ``outbox`` and delivered (inline, to locmem, by the
    test settings) the way it is in production."""
    if "outbox" in settings.INSTALLED_APPS:
        settings.EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"


@pytest.fixture
def tree(db):
    return site_tree()


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def make_user(db):
    return UserFactory


@pytest.fixture
def make_community(db):
    return CommunityPageFactory


@pytest.fixture
def make_membership(db):
    return MembershipFactory


@pytest.fixture
def login():
    """``login(user)`` returns a test client signed in as ``user``."""

    def _login(user) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture(autouse=True)
def english_to_start_with():
    """Each test starts in the site's default language: a request in another language
    leaves it active in the test's thread (as Django does), and it must not leak."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def empty_cache_per_test():
    """Each test starts with an empty cache: a test's rows are rolled back at its end, but
    what was cached from them (page fragments, Wagtail's site, the navigation: see
    core.fragments) would otherwise outlive them into the next test."""
    from django.core.cache import caches

    from core import fragments

    clear_cache()
    if fragments.cache_alias() != "default":  # its own cache in process memory
        caches[fragments.cache_alias()].clear()
    yield


def clear_cache() -> None:
    """Empty this test process's cache only. In the scale-out mode every pytest-xdist
    worker shares one Redis database (its own key prefix) with the channel layer, and
    ``cache.clear()`` would flush the other workers' cache and channel groups too."""
    from django.core.cache import cache

    from core import sites

    sites._found.clear()  # the per-process copy of Wagtail's site, kept by generation
    client_of = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client_of is None:  # process memory: clearing it touches no one else
        cache.clear()
        return
    client = client_of(None, write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:{cache.version}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def fresh_cache():
    """The cache empty at the start and the end of the test (see ``clear_cache``)."""
    clear_cache()
    yield
    clear_cache()


PUBLIC_BASE_URL = "https://praxis.example.gov"


@pytest.fixture
def public_base_url(settings) -> str:
    """The site on its public address (``PRAXIS_BASE_URL``, and Wagtail's from it): every
    link in an e-mail must start with it."""
    settings.PRAXIS_BASE_URL = settings.WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
    return PUBLIC_BASE_URL


@pytest.fixture
def disk_storage(settings, tmp_path):
    """Files on disk, as `make run` keeps them and Wagtail serves local documents (the test
    settings keep them in memory)."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The full demo, seeded once per test module, inside a transaction rolled back after
    the module."""
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", verbosity=0)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
