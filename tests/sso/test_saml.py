"""allauth's SAML 2.0 provider configured from the environment (config/settings/sso.py):
Praxis publishes its service-provider metadata and sends a person to the identity
provider with a SAML AuthnRequest. No SAML identity provider runs here; what an IdP's
signed response does is allauth's and python3-saml's (their own tests)."""

from __future__ import annotations

import base64
import datetime
import importlib.util
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings

from config.settings.sso import providers_from_env
from tests.conftest import require_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def saml_environ():
    require_service(
        "python3-saml (allauth's SAML provider)",
        importlib.util.find_spec("onelogin") is not None,
        "pip install -e '.[saml]' (needs libxmlsec1)",
    )
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
    pem = cert.public_bytes(serialization.Encoding.PEM).decode()
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
