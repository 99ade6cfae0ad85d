"""Every link in the e-mails people get about their account and communities starts with
PRAXIS_BASE_URL, whatever host the request came in on."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from communities import services
from communities.models import JoinPolicy, MembershipRole
from tests.conftest import PUBLIC_BASE_URL

pytestmark = pytest.mark.django_db

BASE = PUBLIC_BASE_URL


@pytest.fixture(autouse=True)
def on_the_public_address(public_base_url):
    return public_base_url


def links(message) -> list[str]:
    return re.findall(r"https?://[^\s\"<>]+", message.body)


def test_the_join_request_mail_links_to_the_manage_page_on_the_base_url(
    make_community, make_membership, make_user, django_capture_on_commit_callbacks
):
    community = make_community(join_policy=JoinPolicy.REQUEST)
    make_membership(community=community, role=MembershipRole.FACILITATOR)
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_join(user=make_user(), community=community)
    [message] = mail.outbox
    # The manage page, then the footer's e-mail settings and one-click unsubscribe.
    assert links(message)[0] == f"{BASE}{community.url}manage/"
    assert all(link.startswith(f"{BASE}/") for link in links(message))


def test_the_invitation_mail_links_to_the_community_on_the_base_url(
    make_community, make_membership, make_user, django_capture_on_commit_callbacks
):
    community = make_community(join_policy=JoinPolicy.INVITATION)
    facilitator = make_membership(community=community, role=MembershipRole.FACILITATOR).user
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_invite(actor=facilitator, community=community, invitee=make_user())
    [message] = mail.outbox
    assert links(message)[0] == f"{BASE}{community.url}"
    assert all(link.startswith(f"{BASE}/") for link in links(message))


def test_the_confirmation_mail_links_to_the_base_url_not_the_requests_host(client, organisation):
    client.post(
        "/accounts/signup/",
        {
            "email": "mila.kranjc@gov.si",
            "username": "milakranjc",
            "password1": "a long and unusual passphrase",
            "password2": "a long and unusual passphrase",
            "display_name": "Mila Kranjc",
            "organisation": organisation.pk,
            "department": "Service for Development of Public Administration",
            "staff_level": "specialist",
            "country": "SI",
        },
        HTTP_HOST="localhost",
    )
    [message] = mail.outbox
    found = links(message)
    assert any(link.startswith(f"{BASE}/accounts/confirm-email/") for link in found), found
    assert all(link.startswith(f"{BASE}/") for link in found), found
    assert "localhost" not in message.body and "testserver" not in message.body
    assert "praxis.example.gov" in message.body  # "... an account on praxis.example.gov"


def test_the_password_reset_mail_links_to_the_base_url(client, make_user):
    make_user(email="olav@example.org")
    client.post("/accounts/password/reset/", {"email": "olav@example.org"})
    [message] = mail.outbox
    found = links(message)
    assert any(link.startswith(f"{BASE}/accounts/password/reset/key/") for link in found), found
    assert all(link.startswith(f"{BASE}/") for link in found), found


def test_a_reset_for_an_unknown_address_links_to_sign_up_on_the_base_url(client, settings):
    settings.ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = True
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    [message] = mail.outbox
    found = links(message)
    assert f"{BASE}/accounts/signup/" in found, message.body
    assert all(link.startswith(f"{BASE}/") for link in found), found
