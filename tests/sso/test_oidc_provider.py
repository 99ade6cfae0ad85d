"""Signing in through a real OpenID Connect provider on 127.0.0.1 (tests/sso/idp/, run by
the ``identity_provider`` fixture): Praxis through Django's test client, the provider
through ``requests``, the code exchanged at the provider's real token endpoint."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.test import override_settings

from communities.models import User
from config.settings.sso import providers_from_env
from tests.factories import OrganisationFactory
from tests.sso.conftest import CLIENT_ID, CLIENT_SECRET, IDP_USERS

pytestmark = [pytest.mark.django_db, pytest.mark.local_idp]

LOGIN_URL = "/accounts/oidc/sso/login/"


class Forms(HTMLParser):
    """Each <form>'s action and its inputs' names and values."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "fields": {}})
        # Submit buttons left out: the test chooses which one it presses.
        elif tag == "input" and self.forms and attrs.get("name") and attrs.get("type") != "submit":
            self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value") or "")


def forms_in(html: str) -> list[dict]:
    parser = Forms()
    parser.feed(html)
    return parser.forms


def sso_settings(identity_provider, **extra):
    environ = {
        "OIDC_SERVER_URL": identity_provider.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_PROVIDER_NAME": "Ministry ID",
        **extra,
    }
    return override_settings(SOCIALACCOUNT_PROVIDERS=providers_from_env(environ))


def through_provider(client, username: str, *, approve: bool = True, password=None):
    """Start at Praxis's sign-in page, sign in and approve at the provider; return the
    Praxis response to the provider's redirect back to the callback."""
    page = client.get("/accounts/login/").content.decode()
    assert "Sign in with Ministry ID" in page
    (button,) = [form for form in forms_in(page) if form["action"].startswith(LOGIN_URL)]
    response = client.post(button["action"], button["fields"])
    assert response.status_code == 302, response.content.decode()[:2000]
    authorize_url = response["Location"]

    browser = requests.Session()
    answer = browser.get(authorize_url, timeout=10)  # redirected to the provider's sign-in
    assert "/login/" in answer.url
    (login_form,) = forms_in(answer.text)
    fields = {
        **login_form["fields"],
        "username": username,
        "password": password or IDP_USERS[username]["password"],
    }
    answer = browser.post(answer.url, data=fields, timeout=10)  # back at the consent page
    consent = [form for form in forms_in(answer.text) if "client_id" in form["fields"]]
    assert consent, answer.text[:2000]
    fields = dict(consent[0]["fields"])
    if approve:
        fields["allow"] = "Authorize"
    answer = browser.post(
        urljoin(answer.url, consent[0]["action"]) if consent[0]["action"] else answer.url,
        data=fields,
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:2000]
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/accounts/oidc/sso/login/callback/"
    return client.get(f"{back.path}?{back.query}")


def test_a_ministry_employee_signs_in_and_lands_with_the_claims_profile(client, identity_provider):
    ministry = OrganisationFactory(name="Ministry of Public Administration", short_name="MJU")
    ministry.country = "SI"
    ministry.save()
    with sso_settings(identity_provider):
        response = through_provider(client, "ana")
        assert response.status_code == 302, response.content.decode()[:3000]
        assert response["Location"] == "/"

        user = User.objects.get(email="ana.novak@mju.gov.si")
        assert user.username == "ana"
        assert user.display_name == "Ana Novak"
        assert user.organisation == ministry
        assert user.department == "Directorate for Public Administration"
        assert user.country == "SI"  # the organisation's: the claims gave none
        assert user.language == "sl"  # the provider's locale: no language chosen on Praxis
        assert not user.has_usable_password()
        assert user.emailaddress_set.get().verified
        assert not mail.outbox  # the provider verified the address
        assert client.get("/").context["user"] == user

        # A second sign-in of the same person: the same account, no form.
        client.logout()
        response = through_provider(client, "ana")
        assert response["Location"] == "/"
        assert User.objects.filter(email="ana.novak@mju.gov.si").count() == 1
        assert client.get("/").context["user"] == user


def test_an_unknown_organisation_is_asked_once_on_the_completion_form(client, identity_provider):
    listed = OrganisationFactory(name="Ministry of the Interior of Lithuania", short_name="VRM")
    with sso_settings(identity_provider):
        response = through_provider(client, "jonas")
        assert response.status_code == 302
        assert response["Location"] == "/accounts/3rdparty/signup/"
        assert not User.objects.filter(email="jonas.jonaitis@vrm.lt").exists()

        page = client.get(response["Location"]).content.decode()
        assert "Complete your profile" in page
        assert "Ministry of Nowhere" in page  # what the claim said, in the help text
        (form,) = [f for f in forms_in(page) if "display_name" in f["fields"]]
        assert "username" not in form["fields"]  # derived, never asked
        assert "email" not in form["fields"]  # the provider gave a verified one
        assert form["fields"]["department"] == "Digital Policy Unit"
        assert form["fields"]["display_name"] == "Jonas Jonaitis"

        response = client.post(
            "/accounts/3rdparty/signup/",
            {**form["fields"], "organisation": listed.pk, "country": "LT"},
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        user = User.objects.get(email="jonas.jonaitis@vrm.lt")
        assert user.username == "jonas"
        assert user.organisation == listed
        assert user.department == "Digital Policy Unit"
        assert user.country == "LT"
        assert not mail.outbox
        assert client.get("/").context["user"] == user

        client.logout()
        response = through_provider(client, "jonas")
        assert response["Location"] == "/"  # asked once: no form the second time
        assert User.objects.filter(email="jonas.jonaitis@vrm.lt").count() == 1


def test_the_person_who_denies_at_the_provider_sees_a_page_not_an_error(client, identity_provider):
    with sso_settings(identity_provider):
        response = through_provider(client, "ana", approve=False)
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert page.status_code == 200
        assert "Sign-in cancelled" in page.content.decode()
    assert not User.objects.filter(email="ana.novak@mju.gov.si").exists()


def test_a_token_endpoint_error_gives_the_sign_in_error_page(client, identity_provider):
    # Praxis's secret is wrong: the provider refuses the code exchange.
    with sso_settings(identity_provider, OIDC_CLIENT_SECRET="not-the-secret"):
        response = through_provider(client, "ana")
    assert response.status_code == 401
    page = response.content.decode()
    assert "Single sign-on did not work" in page
    assert 'href="/accounts/login/"' in page
    assert not User.objects.filter(email="ana.novak@mju.gov.si").exists()


def test_with_email_authentication_an_existing_account_is_connected_not_duplicated(
    client, identity_provider, make_user
):
    # A password account whose address is verified (the factory's).
    existing = make_user(username="anan", email="ana.novak@mju.gov.si", display_name="Ana N.")
    with sso_settings(identity_provider, OIDC_EMAIL_AUTHENTICATION="true"):
        response = through_provider(client, "ana")
        assert response["Location"] == "/"
        assert client.get("/").context["user"] == existing
    assert User.objects.filter(email="ana.novak@mju.gov.si").count() == 1
    assert SocialAccount.objects.get(user=existing).provider == "sso"
