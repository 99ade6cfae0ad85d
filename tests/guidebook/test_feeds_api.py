"""RSS/Atom feeds and the read-only JSON API show only published cases."""

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


def test_api_list_and_detail(published, draft, client):
    response = client.get("/api/practices/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["count"] == 1
    [item] = data["results"]
    assert item["title"] == "Partnership for Change"
    assert item["country"] == "SI" and item["country_name"] == "Slovenia"
    assert item["themes"] == ["Challenge rounds"]
    assert item["status"] == "implementation"
    assert item["problem"].startswith("<p>")
    assert "contact_email" not in item and "submitted_by" not in item
    assert item["url"] == f"http://testserver{published.url}"

    detail = client.get(f"/api/practices/{published.pk}/").json()
    assert detail["id"] == published.pk
    assert client.get(f"/api/practices/{draft.pk}/").status_code == 404


def test_api_filters_and_pagination(make_practice, client):
    for n in range(5):
        make_practice(title=f"Case {n}", country="NO" if n % 2 else "PL")
    data = client.get("/api/practices/?country=NO&page_size=1").json()
    assert data["count"] == 2 and data["pages"] == 2 and len(data["results"]) == 1
    assert data["next"].endswith("page=2")
    for query in ("page_size=abc&page=zz", "page_size=" + "9" * 5000, "page_size=%C2%B2"):
        assert client.get(f"/api/practices/?{query}").status_code == 200
    assert client.get("/api/practices/?organisation=" + "9" * 30).status_code == 200


def test_api_is_read_only(published, client):
    assert client.post("/api/practices/", {}).status_code == 405
    assert client.delete(f"/api/practices/{published.pk}/").status_code == 405
