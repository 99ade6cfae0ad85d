"""Issue 16: the API's Swagger UI runs in a real browser under the site's CSP (no
violation: the conftest fails the test on any), from local files only, and its "Try it
out" calls the API."""

import pytest
from playwright.sync_api import expect

from tests.guidebook.factories import PracticePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_swagger_ui_renders_the_schema_under_the_policy(new_context, asgi_live_server):
    PracticePageFactory(title="Peer-learning sessions for managers")
    page = new_context()
    foreign = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith(asgi_live_server) else foreign.append(request.url)
        ),
    )
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .title")).to_contain_text("Praxis API")
    expect(page.locator("#operations-practices-practices_list")).to_be_visible()
    page.locator("#operations-practices-practices_list .opblock-summary").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".responses-wrapper .live-responses-table")).to_contain_text(
        "Peer-learning sessions for managers"
    )
    assert foreign == []
