"""RSS/Atom feeds show only published cases."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(make_practice):
    return make_practice(
        title="Partnership for Change",
        country="SI",
        themes=["Challenge rounds"],
        summary="Public and private sector solve challenges together.",
        contact_email="someone@example.org",
    )


@pytest.fixture
def draft(make_practice):
    return make_practice(title="Draft in review", live=False)


@pytest.mark.parametrize("url", ["/practices/feed/", "/practices/feed/atom/"])
def test_practice_feeds(published, draft, client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Partnership for Change" in body and "Draft in review" not in body
    assert f"http://testserver{published.url}" in body
    assert "Challenge rounds" in body  # themes as categories


def test_the_api_moved_to_v1(published, client):
    """The API's own tests are in tests/api/; its old URLs redirect there."""
    response = client.get("/api/practices/", follow=True)
    assert response.redirect_chain == [("/api/v1/practices/", 301)]
    assert response.json()["results"][0]["title"] == "Partnership for Change"
