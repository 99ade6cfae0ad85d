"""HTTP as clients expect it of a public API: 400 for unknown filter values, 404 past
the last page, HEAD, OPTIONS and CORS, ETag and Last-Modified with 304, throttling, the
old URLs redirected, the schema and its docs page under the site's CSP, and no 500 for
any query string."""

from __future__ import annotations

import re

import pytest

from tests.conftest import clear_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(make_practice):
    return [make_practice(title=f"Case {n}", country="PL") for n in range(3)]


@pytest.mark.parametrize(
    "query,param",
    [
        ("country=XX", "country"),
        ("level=galactic", "level"),
        ("status=maybe", "status"),
        ("sector=space", "sector"),
        ("sort=random", "sort"),
        ("lang=xx", "lang"),
        ("year=abc", "year"),
        ("theme=no%20slug!", "theme"),
    ],
)
def test_unknown_filter_values_answer_400_saying_what_is_allowed(cases, client, query, param):
    response = client.get(f"/api/v1/practices/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["code"] == "invalid_filter" and body["detail"]
    assert list(body["errors"]) == [param]
    if param in {"country", "level", "sort", "lang"}:
        assert body["allowed"][param]
    if param == "country":
        assert "PL" in body["allowed"]["country"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings/?format=party",
        "/api/v1/meetings/?past=maybe",
        "/api/v1/meetings/?month=2027-13",
        "/api/v1/communities/?sort=popular",
    ],
)
def test_other_endpoints_refuse_unknown_values_too(client, url):
    assert client.get(url).status_code == 400


@pytest.mark.parametrize("page", ["2", "999", "0", "-1", "abc", "9" * 5000])
def test_a_page_that_does_not_exist_is_404_not_the_last_page(cases, client, page):
    response = client.get(f"/api/v1/practices/?page_size=2&page={page}")
    if page == "2":
        assert response.status_code == 200 and len(response.json()["results"]) == 1
        return
    assert response.status_code == 404
    assert "2 pages" in response.json()["detail"]


def test_head_and_options(cases, client):
    head = client.head("/api/v1/practices/")
    assert head.status_code == 200 and head["ETag"] and not head.content
    options = client.options("/api/v1/practices/")
    assert options.status_code == 200
    assert options.json()["name"]


def test_cors_for_any_origin_without_credentials(cases, client):
    simple = client.get("/api/v1/practices/", HTTP_ORIGIN="https://data.example.org")
    assert simple["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in simple
    assert "ETag" in simple["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/practices/",
        HTTP_ORIGIN="https://data.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    # Not the rest of the site.
    page = client.get("/practices/", HTTP_ORIGIN="https://data.example.org")
    assert "Access-Control-Allow-Origin" not in page


def test_etag_and_last_modified_answer_304_until_something_changes(cases, make_practice, client):
    first = client.get("/api/v1/practices/")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    assert client.get("/api/v1/practices/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get("/api/v1/practices/", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    detail = client.get(f"/api/v1/practices/{cases[0].pk}/")
    assert (
        client.get(
            f"/api/v1/practices/{cases[0].pk}/", HTTP_IF_NONE_MATCH=detail["ETag"]
        ).status_code
        == 304
    )

    cases[1].unpublish()
    again = client.get("/api/v1/practices/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again.json()["count"] == 2


def test_old_urls_redirect_to_v1_keeping_the_query(cases, client):
    response = client.get("/api/practices/?country=PL&page_size=1")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/practices/?country=PL&page_size=1"
    detail = client.get(f"/api/practices/{cases[0].pk}/")
    assert detail.status_code == 301
    assert detail["Location"] == f"/api/v1/practices/{cases[0].pk}/"
    assert client.get("/api/practices/?page=2", follow=True).status_code == 404


def test_read_only(cases, client):
    assert client.post("/api/v1/practices/", {}).status_code == 405
    assert client.delete(f"/api/v1/practices/{cases[0].pk}/").status_code == 405


def test_throttled_clients_get_429_with_retry_after(cases, client, settings):
    settings.PRAXIS_API_ANON_RATE = "2/minute"
    clear_cache()
    try:
        assert client.get("/api/v1/practices/").status_code == 200
        assert client.get("/api/v1/chapters/").status_code == 200
        refused = client.get("/api/v1/practices/")
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) >= 1
        body = refused.json()
        assert body["code"] == "rate_limited" and body["retry_after"] == int(refused["Retry-After"])
    finally:
        clear_cache()


def test_language_from_lang_or_accept_language(cases, client):
    polish = client.get("/api/v1/practices/?lang=pl").json()["results"][0]
    assert polish["country_name"] == "Polska"
    by_header = client.get("/api/v1/practices/", HTTP_ACCEPT_LANGUAGE="pl")
    assert by_header["Content-Language"] == "pl"
    assert by_header.json()["results"][0]["status_label"] == polish["status_label"]


def test_schema_renders_and_lists_every_endpoint(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    for path in (
        "/api/v1/practices/",
        "/api/v1/practices/{id}/",
        "/api/v1/chapters/",
        "/api/v1/communities/",
        "/api/v1/meetings/{id}/",
    ):
        assert path in schema["paths"], path
    params = {p["name"]: p for p in schema["paths"]["/api/v1/practices/"]["get"]["parameters"]}
    assert {"country", "theme", "status", "sector", "page", "page_size", "lang"} <= set(params)


def test_docs_page_loads_only_local_assets_under_the_csp(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy and "script-src 'self'" in policy
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/") for s in sources), sources
    nonce = re.search(r"'nonce-([^']+)'", policy)[1]
    assert f'<style nonce="{nonce}">' in html
    assert "<script>" not in html  # no inline script: the start-up script is a file
    script = re.search(r'<script src="([^"]+script=[^"]*)"', html)[1].replace("&amp;", "&")
    js = client.get(script)
    assert js.status_code == 200 and "SwaggerUIBundle" in js.content.decode()
    assert "/api/v1/schema/" in js.content.decode()


FUZZ = [
    "page=99999999999999999999999",
    "page=-5",
    "page=1.5",
    "page=%EF%BC%91",
    "page_size=-1",
    "page_size=10000000000000000000000",
    "country=%27%20OR%201%3D1--",
    "theme=%27;DROP%20TABLE%20x;--",
    "organisation=99999999999999999999",
    "organisation=-1",
    "year=%C2%B2",
    "q=%00",
    "q=" + "x" * 5000,
    "month=0000-00",
    "community=1e9",
    "lang=%F0%9F%98%80",
    "format=%2F..%2F",
    "sort=" + "é" * 300,
]


@pytest.mark.parametrize("query", FUZZ)
@pytest.mark.parametrize("endpoint", ["practices", "chapters", "communities", "meetings"])
def test_no_query_string_gives_a_500(cases, client, endpoint, query):
    response = client.get(f"/api/v1/{endpoint}/?{query}")
    assert response.status_code in (200, 400, 404), response.content[:300]
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize("tail", ["abc", "99999999999999999999999999", "-1", "%E2%91%A0", "1.0"])
def test_odd_ids_are_404(client, tail):
    for endpoint in ("practices", "chapters", "communities", "meetings"):
        response = client.get(f"/api/v1/{endpoint}/{tail}/")
        assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/schema/",
        "/api/v1/schema/?lang=xx",
        "/api/v1/schema/?format=xml",
        "/api/v1/schema/?lang=pl&format=json",
        "/api/v1/docs/?lang=%F0%9F%98%80",
        "/api/v1/docs/?script=&lang=pl",
    ],
)
def test_schema_and_docs_never_500(client, url):
    assert client.get(url).status_code in (200, 400, 404)
