"""Real-browser fixtures: Playwright drives the system Chromium against Daphne."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import require_service
from tests.db_state import content_type_ids, restore_migrated_state
from tests.live_server import start_asgi_server, stop_asgi_server

CHROMIUM = os.environ.get("PRAXIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def asgi_live_server(django_db_setup, django_db_blocker):
    """Daphne for this module, forked from the test process (see tests/live_server.py);
    a fresh one per module, so its caches start from the module's database."""
    process = start_asgi_server(django_db_blocker)
    yield f"http://127.0.0.1:{process.port.value}"
    stop_asgi_server(process)


@pytest.fixture(scope="module")
def migrated_state(django_db_setup, django_db_blocker):
    """Content type ids as the migrations left them (and the module's server cached them);
    put back after the module too, for the tests that follow."""
    with django_db_blocker.unblock():
        content_types = content_type_ids()
    yield content_types
    with django_db_blocker.unblock():
        restore_migrated_state(content_types)


@pytest.fixture(autouse=True)
def restored_state(transactional_db, migrated_state):
    """Each browser test starts from the migrated state the server knows."""
    restore_migrated_state(migrated_state)


@pytest.fixture(scope="module")
def browser():
    """One Chromium per test module, closed afterwards so its event loop does not outlive
    the module (async tests elsewhere need the thread's loop free)."""
    require_service(
        "Chromium",
        os.path.exists(CHROMIUM) or bool(shutil.which("chromium")),
        "install Debian's chromium package (apt-get install chromium)",
    )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make to set up data are still synchronous and safe. Only for these tests.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium"),
                args=CHROMIUM_FLAGS,
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser, asgi_live_server):
    contexts = []

    def make(**options):
        """A new browser context (its own cookies); ``options`` as Playwright's, e.g.
        ``locale="pl-PL"`` for a browser that asks for Polish."""
        context = browser.new_context(base_url=asgi_live_server, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, login: str, password: str = "pw-for-tests") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username or e-mail").fill(login)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
