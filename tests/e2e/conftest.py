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


# Every page reports what its Content-Security-Policy blocked (the violation event fires
# in the page; the binding survives navigations, the init script runs before any script).
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", function (event) {
  window.__praxisCSPViolation({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    page: document.location.href,
  });
});
"""


@pytest.fixture
def csp_violations():
    """What the Content-Security-Policy blocked in this test's pages: every browser test
    fails on any (a test that provokes one on purpose empties the list)."""
    return []


@pytest.fixture
def new_context(browser, asgi_live_server, csp_violations):
    contexts = []

    def make(**options):
        """A new browser context (its own cookies); ``options`` as Playwright's, e.g.
        ``locale="pl-PL"`` for a browser that asks for Polish."""
        context = browser.new_context(base_url=asgi_live_server, **options)
        context.set_default_timeout(10_000)
        context.expose_binding(
            "__praxisCSPViolation", lambda source, report: csp_violations.append(report)
        )
        context.add_init_script(CSP_REPORTER)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: _console_violation(message, csp_violations))
        return page

    yield make
    for context in contexts:
        context.close()
    assert not csp_violations, f"Content-Security-Policy violations: {csp_violations}"


def _console_violation(message, violations) -> None:
    # Chromium also logs each refusal ("... violates the following Content Security Policy
    # directive ..."), which covers what happens before the init script could listen.
    if "Content Security Policy" in message.text:
        violations.append(
            {"console": message.text, "page": message.page.url if message.page else ""}
        )


def sign_in(page, login: str, password: str = "pw-for-tests") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username or e-mail").fill(login)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
