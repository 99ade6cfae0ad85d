"""Sign-in and sign-up limits (issue 23): wrong passwords count per account *and* client
address, so an attacker elsewhere cannot lock the owner out; behind the TLS proxy the client
address comes from X-Forwarded-For (``ALLAUTH_TRUSTED_PROXY_COUNT``), not the proxy's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.5"
OWNER = "198.51.100.7"
PROXY = "10.0.0.2"
REFUSED = "Too many failed login attempts. Try again later."


@pytest.fixture(autouse=True)
def fresh_limits(fresh_cache):
    """allauth keeps its counts in the cache: each test starts (and leaves) it empty."""
    yield


@pytest.fixture
def owner(make_user):
    return make_user(username="ananovak")


def sign_in(password: str, *, ip: str = OWNER, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post("/accounts/login/", {"login": "ananovak", "password": password}, **headers)


def signed_in(response) -> bool:
    return response.status_code == 302 and "/accounts/" not in response["Location"]


def refused(response) -> bool:
    return response.status_code == 200 and REFUSED in response.content.decode()


def test_five_wrong_passwords_from_one_address_do_not_lock_the_owner_out(owner):
    for _ in range(5):
        response = sign_in("a wrong guess", ip=ATTACKER)
        assert response.status_code == 200 and not refused(response)

    # The attacker's address is stopped, with the reason, even with the right password...
    assert refused(sign_in("a wrong guess", ip=ATTACKER))
    assert refused(sign_in("pw-for-tests", ip=ATTACKER))
    # ...and the owner, from their own address, signs in.
    assert signed_in(sign_in("pw-for-tests", ip=OWNER))


def test_the_owners_own_mistakes_lock_only_their_address(owner):
    for _ in range(5):
        sign_in("typo", ip=OWNER)
    assert refused(sign_in("pw-for-tests", ip=OWNER))
    assert signed_in(sign_in("pw-for-tests", ip="192.0.2.44"))


def test_one_address_is_slowed_across_accounts(make_user, settings):
    """The per-address rate still holds when an attacker tries many accounts."""
    for n in range(10):
        make_user(username=f"person{n}")
    for n in range(10):
        Client().post(
            "/accounts/login/", {"login": f"person{n}", "password": "guess"}, REMOTE_ADDR=ATTACKER
        )
    response = Client().post(
        "/accounts/login/", {"login": "person0", "password": "pw-for-tests"}, REMOTE_ADDR=ATTACKER
    )
    assert refused(response)


def test_behind_the_proxy_each_forwarded_client_is_limited_on_its_own(owner, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        sign_in("a wrong guess", ip=PROXY, forwarded=ATTACKER)
    assert refused(sign_in("pw-for-tests", ip=PROXY, forwarded=ATTACKER))
    # Same proxy address, another client behind it: not limited by the attacker's tries.
    assert signed_in(sign_in("pw-for-tests", ip=PROXY, forwarded=OWNER))
    # A client cannot pick its address: the proxy appends the real one, and allauth takes
    # the right-most (the one the trusted proxy saw).
    spoofed = f"{OWNER}, {ATTACKER}"
    assert refused(sign_in("pw-for-tests", ip=PROXY, forwarded=spoofed))


def signup(ip: str, n: int, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": ip}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(
        "/accounts/signup/",
        {"email": f"new{n}@gov.si", "username": f"new{n}", "password1": "x", "password2": "y"},
        **headers,
    )


def test_sign_ups_are_limited_per_forwarded_client(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    responses = [signup(PROXY, n, forwarded=ATTACKER) for n in range(3)]
    assert [response.status_code for response in responses] == [200, 200, 429]
    # Refused with a page that says why, in the site's layout (not allauth's bare page).
    assert "Too many requests came from your address" in responses[2].content.decode()
    assert 'class="panel form-stack"' in responses[2].content.decode()
    assert signup(PROXY, 3, forwarded=OWNER).status_code == 200


def test_the_configured_limits():
    limits = django_settings.ACCOUNT_RATE_LIMITS
    assert limits["login_failed"] == "10/m/ip,5/5m/key"
    assert limits["signup"].endswith("/ip") and limits["login"].endswith("/ip")


@pytest.mark.parametrize(("value", "expected"), [(None, "0"), ("1", "1")])
def test_trusted_proxy_count_comes_from_the_environment(value, expected):
    env = {k: v for k, v in os.environ.items() if k != "ALLAUTH_TRUSTED_PROXY_COUNT"}
    if value is not None:
        env["ALLAUTH_TRUSTED_PROXY_COUNT"] = value
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == expected
