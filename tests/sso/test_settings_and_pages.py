"""Single sign-on switched on by the environment alone; a provider that is down."""

from __future__ import annotations

import socket

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from communities.sso import country_code, language_from, organisation_named
from config.settings.sso import claims_from_env, providers_from_env
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

OIDC = {
    "OIDC_SERVER_URL": "https://login.ministry.example/realms/staff",
    "OIDC_CLIENT_ID": "praxis",
    "OIDC_CLIENT_SECRET": "s3cret",
}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again once the block ends


def test_no_variables_no_provider():
    assert providers_from_env({}) == {}
    assert claims_from_env({}) == {
        "organisation": "organization",
        "department": "department",
        "country": "country",
        "locale": "locale",
    }


def test_the_oidc_variables_make_one_provider_with_its_defaults():
    (app,) = providers_from_env(OIDC)["openid_connect"]["APPS"]
    assert app["provider_id"] == "sso"
    assert app["client_id"] == "praxis"
    assert app["secret"] == "s3cret"
    assert app["settings"]["server_url"] == "https://login.ministry.example/realms/staff"
    assert app["settings"]["scope"] == ["openid", "profile", "email"]
    assert app["settings"]["oauth_pkce_enabled"] is True

    (app,) = providers_from_env(
        {**OIDC, "OIDC_PROVIDER_ID": "mju", "OIDC_PROVIDER_NAME": "MJU login"}
    )["openid_connect"]["APPS"]
    assert (app["provider_id"], app["name"]) == ("mju", "MJU login")
    assert claims_from_env({"OIDC_CLAIM_ORGANISATION": "org"})["organisation"] == "org"


def test_half_a_configuration_says_what_is_missing():
    with pytest.raises(ImproperlyConfigured, match="OIDC_CLIENT_SECRET"):
        providers_from_env({**OIDC, "OIDC_CLIENT_SECRET": ""})


def test_saml_from_its_variables():
    (app,) = providers_from_env(
        {"SAML_IDP_METADATA_URL": "https://idp.example/metadata", "SAML_PROVIDER_ID": "mju"}
    )["saml"]["APPS"]
    assert app["client_id"] == "mju"
    assert app["settings"]["idp"]["metadata_url"] == "https://idp.example/metadata"
    assert "urn:oid:2.5.4.10" in app["settings"]["attribute_mapping"]["organisation"]
    with pytest.raises(ImproperlyConfigured, match="SAML_IDP_X509CERT"):
        providers_from_env({"SAML_IDP_ENTITY_ID": "x", "SAML_IDP_SSO_URL": "https://x/sso"})


def test_without_sso_the_sign_in_page_has_no_button(client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers_from_env({})):
        page = client.get("/accounts/login/").content.decode()
    assert "Sign in with" not in page
    assert 'name="login"' in page


def test_with_sso_the_sign_in_page_has_a_post_button(client):
    with override_settings(
        SOCIALACCOUNT_PROVIDERS=providers_from_env({**OIDC, "OIDC_PROVIDER_NAME": "MJU login"})
    ):
        page = client.get("/accounts/login/?next=/communities/").content.decode()
    assert 'action="/accounts/oidc/sso/login/?process=login&amp;next=%2Fcommunities%2F"' in page
    assert "Sign in with MJU login" in page
    button_form = page.split('action="/accounts/oidc/sso/login/')[0].rsplit("<form", 1)[1]
    assert 'method="post"' in button_form
    assert 'name="login"' in page  # the password sign-in stays


def test_a_provider_that_is_down_gives_a_clear_page_and_password_sign_in_works(client, make_user):
    make_user(username="ingrid", password="a long and unusual passphrase")
    environ = {**OIDC, "OIDC_SERVER_URL": f"http://127.0.0.1:{closed_port()}"}
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers_from_env(environ)):
        response = client.post("/accounts/oidc/sso/login/")
        assert response.status_code == 401
        page = response.content.decode()
        assert "Single sign-on did not work" in page
        assert "site-header" in page  # in the site's look

        # The callback, reached with a code while the provider is down, too.
        response = client.get("/accounts/oidc/sso/login/callback/?code=x&state=y")
        assert response.status_code == 401
        assert "Single sign-on did not work" in response.content.decode()

        response = client.post(
            "/accounts/login/", {"login": "ingrid", "password": "a long and unusual passphrase"}
        )
        assert response.status_code == 302
        assert client.get("/").context["user"].username == "ingrid"


def test_the_language_chosen_on_praxis_wins_over_the_locale_claim(rf):
    offered = rf.get("/")
    assert language_from(offered, {"locale": "sl-SI"}) == "sl"
    assert language_from(offered, {"locale": "no"}) == "nb"
    assert language_from(offered, {"locale": "de-DE"}) == "en"  # the sign-in's language
    offered.COOKIES[settings.LANGUAGE_COOKIE_NAME] = "pl"
    assert language_from(offered, {"locale": "sl-SI"}) == "pl"


def test_an_organisation_claim_matches_the_name_or_short_name_in_any_case():
    ministry = OrganisationFactory(name="Ministry of Public Administration", short_name="MJU")
    assert organisation_named("ministry of public  administration") == ministry
    assert organisation_named("mju") == ministry
    assert organisation_named("Ministry of Nowhere") is None
    assert organisation_named("") is None
    assert country_code("si") == "SI"
    assert country_code("Slovenia") == "SI"
    assert country_code("Atlantis") == ""
