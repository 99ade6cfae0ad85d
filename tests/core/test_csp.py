"""Issue 23: a strict Content-Security-Policy on every page type, a fresh nonce each time."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from communities.models import MembershipRole
from core.csp import form_action_origins
from tests.discussions.factories import ThreadFactory
from tests.guidebook.factories import GuidePageFactory, PracticePageFactory
from tests.meetings.factories import MeetingFactory

NONCE = re.compile(r"'nonce-([A-Za-z0-9_\-]+)'")


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_strict(response) -> str:
    """The site's policy, strict; returns its nonce."""
    assert response.status_code == 200, response.status_code
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.wsgi_request.path}"
    policy = directives(header)
    script = policy["script-src"]
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"][0] == "'self'"
    assert policy["img-src"] == ["'self'", "data:"]
    assert "'self'" in policy["connect-src"]
    (nonce,) = [NONCE.fullmatch(source).group(1) for source in script if NONCE.fullmatch(source)]
    assert len(nonce) >= 16
    return nonce


@pytest.fixture
def pages(make_community, make_user, make_membership):
    community = make_community(title="Briefing external experts")
    member = make_user(display_name="Ana Novak")
    make_membership(user=member, community=community, role=MembershipRole.MEMBER)
    thread = ThreadFactory.create(community=community, author=member)
    guide = GuidePageFactory()
    practice = PracticePageFactory()
    meeting = MeetingFactory(community=community)
    urls = {
        "home": "/",
        "communities": "/communities/",
        "community": community.url,
        "thread": thread.get_absolute_url(),
        "search": "/search/?q=experts",
        "guide": guide.url,
        "practice": practice.url,
        "profile": member.get_absolute_url(),
        "sign-in": "/accounts/login/",
        "sign-up": "/accounts/signup/",
        "meetings": "/meetings/",
        "meeting": meeting.get_absolute_url(),
    }
    return member, urls


def test_every_page_type_carries_a_strict_policy_with_a_fresh_nonce(pages, login):
    member, urls = pages
    for client, signed_in in ((Client(), False), (login(member), True)):
        for name, url in urls.items():
            if signed_in and name in {"sign-in", "sign-up"}:
                continue  # they redirect a signed-in person
            if not signed_in and name == "meeting":
                continue  # members only
            first = client.get(url)
            second = client.get(url)
            nonces = {assert_strict(first), assert_strict(second)}
            assert len(nonces) == 2, f"{name}: the nonce did not change between requests"


def test_the_nonce_in_the_page_is_the_one_in_the_header(pages, login):
    member, urls = pages
    response = login(member).get(urls["thread"])
    nonce = assert_strict(response)
    body = response.content.decode()
    # The per-viewer controls' style block (the only inline style) carries it.
    assert f'<style nonce="{nonce}">' in body


def test_pages_have_no_inline_script_style_attribute_or_event_handler(pages, login):
    member, urls = pages
    client = login(member)
    for name, url in urls.items():
        if name in {"sign-in", "sign-up"}:
            continue
        body = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", body), name
        assert not re.search(r"<style(?![^>]*\bnonce=)", body), name
        assert not re.search(r"\sstyle=\"", body), name
        assert not re.search(r"\son[a-z]+=\"", body), name
        assert "javascript:" not in body, name
    for url in (urls["sign-in"], urls["sign-up"]):
        body = Client().get(url).content.decode()
        assert not re.search(r"\sstyle=\"", body), url


def test_sockets_of_the_same_host_are_allowed(db):
    policy = directives(Client().get("/accounts/login/").headers["Content-Security-Policy"])
    assert {"ws://testserver", "wss://testserver"} <= set(policy["connect-src"])


def test_the_wagtail_admin_gets_its_looser_policy_without_a_nonce(db, make_user):
    admin = make_user(is_superuser=True, is_staff=True)
    client = Client()
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response.headers["Content-Security-Policy"])
    # Wagtail writes inline scripts: a nonce would make browsers ignore 'unsafe-inline'.
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_single_sign_on_providers_are_form_targets(db, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": [{"settings": {"server_url": "https://id.gov.example/realm"}}]},
        "saml": {"APPS": [{"settings": {"idp": {"sso_url": "https://saml.gov.example:8443/sso"}}}]},
    }
    settings.CSP_FORM_ACTION_EXTRA = ["https://login.gov.example/authorize", "not a url"]
    assert form_action_origins() == [
        "https://id.gov.example",
        "https://saml.gov.example:8443",
        "https://login.gov.example",
    ]
    policy = directives(Client().get("/healthz").headers["Content-Security-Policy"])
    assert policy["form-action"] == [
        "'self'",
        "https://id.gov.example",
        "https://saml.gov.example:8443",
        "https://login.gov.example",
    ]
