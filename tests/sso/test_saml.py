"""allauth's SAML 2.0 provider configured from the environment (config/settings/sso.py):
Praxis's service-provider metadata and AuthnRequest, and a whole sign-in through a
local SAML identity provider (tests/sso/saml_idp/serve.py, python3-saml's signing) whose
metadata Praxis fetches from its URL and whose signed assertion Praxis verifies."""

from __future__ import annotations

import base64
import datetime
import importlib.util
import json
import socket
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.core import mail
from django.test import override_settings

from communities.models import User
from config.settings.sso import providers_from_env
from tests.conftest import require_service
from tests.factories import OrganisationFactory
from tests.sso.conftest import ROOT, running
from tests.sso.test_oidc_provider import forms_in

pytestmark = pytest.mark.django_db


def require_python3_saml():
    require_service(
        "python3-saml (allauth's SAML provider)",
        importlib.util.find_spec("onelogin") is not None,
        "pip install -e '.[saml]' (needs libxmlsec1)",
    )


def key_and_certificate() -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.ministry.example")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return private, cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def saml_environ():
    require_python3_saml()
    _, pem = key_and_certificate()
    return {
        "SAML_IDP_ENTITY_ID": "https://idp.ministry.example/saml",
        "SAML_IDP_SSO_URL": "https://idp.ministry.example/saml/sso",
        "SAML_IDP_X509CERT": "".join(pem.splitlines()[1:-1]),
        "SAML_PROVIDER_ID": "mju",
        "SAML_PROVIDER_NAME": "MJU SAML",
        "SAML_ENTITY_ID": "https://praxis.example/accounts/saml/mju/metadata/",
        "SAML_ALLOW_SINGLE_LABEL_DOMAINS": "true",  # the test client's host, testserver
    }


def test_metadata_and_the_authn_request_to_the_identity_provider(client, saml_environ):
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers_from_env(saml_environ)):
        page = client.get("/accounts/login/").content.decode()
        assert "Sign in with MJU SAML" in page
        assert 'action="/accounts/saml/mju/login/?process=login"' in page

        metadata = client.get("/accounts/saml/mju/metadata/")
        assert metadata.status_code == 200
        xml = metadata.content.decode()
        assert 'entityID="https://praxis.example/accounts/saml/mju/metadata/"' in xml
        assert "http://testserver/accounts/saml/mju/acs/" in xml

        # A browser always sends Host (python3-saml reads it); the test client does not.
        response = client.post("/accounts/saml/mju/login/?process=login", HTTP_HOST="testserver")
        assert response.status_code == 302
        location = urlsplit(response["Location"])
        assert f"{location.scheme}://{location.netloc}{location.path}" == (
            "https://idp.ministry.example/saml/sso"
        )
        request = parse_qs(location.query)["SAMLRequest"][0]
        authn = zlib.decompress(base64.b64decode(request), -15).decode()
        assert "AuthnRequest" in authn
        assert "http://testserver/accounts/saml/mju/acs/" in authn


SAML_USERS = {
    "marta": {
        "password": "marta-at-the-ministry",
        "attributes": {
            "urn:oid:0.9.2342.19200300.100.1.1": "marta",
            "urn:oid:0.9.2342.19200300.100.1.3": "marta.kowalska@mc.gov.pl",
            "email_verified": "true",
            "urn:oid:2.5.4.42": "Marta",
            "urn:oid:2.5.4.4": "Kowalska",
            "urn:oid:2.5.4.10": "Ministry of Digital Affairs",
            "urn:oid:2.5.4.11": "Department of Digital Services",
        },
    }
}


@pytest.fixture(scope="module")
def saml_identity_provider(tmp_path_factory):
    require_python3_saml()
    private_key, cert = key_and_certificate()
    workdir = tmp_path_factory.mktemp("saml-idp")
    config = workdir / "config.json"
    config.write_text(json.dumps({"private_key": private_key, "cert": cert, "users": SAML_USERS}))
    script = ROOT / "tests" / "sso" / "saml_idp" / "serve.py"
    with running(script, {"SAML_IDP_CONFIG": str(config)}, workdir) as (port, _pid):
        yield f"http://127.0.0.1:{port}"


@pytest.mark.local_idp
def test_a_ministry_employee_signs_in_through_a_saml_identity_provider(
    client, saml_identity_provider
):
    ministry = OrganisationFactory(name="Ministry of Digital Affairs", short_name="MC")
    environ = {
        "SAML_IDP_METADATA_URL": f"{saml_identity_provider}/metadata",
        "SAML_PROVIDER_ID": "mc",
        "SAML_PROVIDER_NAME": "MC login",
        "SAML_ALLOW_SINGLE_LABEL_DOMAINS": "true",  # the test client's host, testserver
    }
    host = {"HTTP_HOST": "testserver"}  # python3-saml reads Host, as browsers send it
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers_from_env(environ)):
        page = client.get("/accounts/login/").content.decode()
        assert 'action="/accounts/saml/mc/login/?process=login"' in page
        response = client.post("/accounts/saml/mc/login/?process=login", **host)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{saml_identity_provider}/sso?SAMLRequest=")

        browser = requests.Session()
        login = browser.get(response["Location"], timeout=10)
        (form,) = forms_in(login.text)
        answer = browser.post(
            f"{saml_identity_provider}/sso",
            data={**form["fields"], "username": "marta", "password": "marta-at-the-ministry"},
            timeout=10,
        )
        assert answer.status_code == 200, answer.text
        (post_back,) = forms_in(answer.text)
        assert post_back["action"] == "http://testserver/accounts/saml/mc/acs/"

        response = client.post("/accounts/saml/mc/acs/", post_back["fields"], **host)
        assert response.status_code == 302
        response = client.get(response["Location"], **host)  # allauth's finish_acs
        assert response.status_code == 302, response.content.decode()[:3000]
        assert response["Location"] == "/"

    user = User.objects.get(email="marta.kowalska@mc.gov.pl")
    assert user.username == "marta"
    assert user.display_name == "Marta Kowalska"
    assert user.organisation == ministry
    assert user.department == "Department of Digital Services"
    assert user.country == ministry.country
    assert not mail.outbox
    assert client.get("/").context["user"] == user


@pytest.mark.local_idp
def test_a_tampered_saml_assertion_is_refused_with_the_error_page(client, saml_identity_provider):
    OrganisationFactory(name="Ministry of Digital Affairs", short_name="MC")
    environ = {
        "SAML_IDP_METADATA_URL": f"{saml_identity_provider}/metadata",
        "SAML_PROVIDER_ID": "mc",
        "SAML_ALLOW_SINGLE_LABEL_DOMAINS": "true",
    }
    host = {"HTTP_HOST": "testserver"}
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers_from_env(environ)):
        response = client.post("/accounts/saml/mc/login/?process=login", **host)
        browser = requests.Session()
        (form,) = forms_in(browser.get(response["Location"], timeout=10).text)
        answer = browser.post(
            f"{saml_identity_provider}/sso",
            data={**form["fields"], "username": "marta", "password": "marta-at-the-ministry"},
            timeout=10,
        )
        (post_back,) = forms_in(answer.text)
        xml = base64.b64decode(post_back["fields"]["SAMLResponse"]).decode()
        forged = xml.replace("Department of Digital Services", "Department of Anything")
        post_back["fields"]["SAMLResponse"] = base64.b64encode(forged.encode()).decode()
        response = client.post("/accounts/saml/mc/acs/", post_back["fields"], **host)
        response = client.get(response["Location"], **host)
    assert response.status_code == 401
    assert "Single sign-on did not work" in response.content.decode()
    assert not User.objects.filter(email="marta.kowalska@mc.gov.pl").exists()


def test_an_identity_provider_whose_metadata_cannot_be_fetched_gives_the_error_page(client):
    require_python3_saml()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environ = {
        "SAML_IDP_METADATA_URL": f"http://127.0.0.1:{port}/metadata",
        "SAML_PROVIDER_ID": "down",
        "SAML_ALLOW_SINGLE_LABEL_DOMAINS": "true",
    }
    with override_settings(SOCIALACCOUNT_PROVIDERS=providers_from_env(environ)):
        response = client.post("/accounts/saml/down/login/", HTTP_HOST="testserver")
    assert response.status_code == 401
    assert "Single sign-on did not work" in response.content.decode()
