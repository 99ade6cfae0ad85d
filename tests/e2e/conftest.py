"""Real-browser fixtures: Playwright drives the system Chromium against Daphne."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.conftest import require_service

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

    def make():
        context = browser.new_context(base_url=asgi_live_server)
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
