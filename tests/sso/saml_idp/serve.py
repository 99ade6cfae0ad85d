"""A small SAML 2.0 identity provider for the single sign-on tests, built on python3-saml's
XML signing (xmlsec) and the standard library's WSGI server; run in a subprocess by
tests/sso/test_saml.py. It publishes its metadata (``/metadata``), takes an HTTP-Redirect
AuthnRequest at ``/sso``, signs a person in with a password and answers with a signed
assertion POSTed back to the service provider's ACS (the HTTP-POST binding).

Configuration (JSON file named by SAML_IDP_CONFIG): ``private_key`` and ``cert`` (PEM),
``users`` ({username: {password, attributes: {name: value}}}). Prints ``READY <port>``.
"""

from __future__ import annotations

import base64
import html
import json
import os
import secrets
import sys
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server
from xml.etree import ElementTree

from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.utils import OneLogin_Saml2_Utils

CONFIG = json.loads(Path(os.environ["SAML_IDP_CONFIG"]).read_text())
SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success"
BASE = ""  # http://127.0.0.1:<port>, set once the server listens


def cert_body() -> str:
    return "".join(CONFIG["cert"].strip().splitlines()[1:-1])


def instant(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def metadata() -> str:
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{BASE}/metadata">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false"
      protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data>
      <ds:X509Certificate>{cert_body()}</ds:X509Certificate>
    </ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{BASE}/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


def read_authn_request(encoded: str) -> dict:
    xml = zlib.decompress(base64.b64decode(encoded), -15)
    root = ElementTree.fromstring(xml)  # noqa: S314 (the test's own service provider)
    return {
        "id": root.get("ID"),
        "acs": root.get("AssertionConsumerServiceURL"),
        "sp": root.findtext(f"{{{SAML}}}Issuer"),
    }


def signed_response(request: dict, username: str) -> str:
    now = datetime.now(UTC)
    later = instant(now + timedelta(minutes=5))
    attributes = "".join(
        f'<saml:Attribute Name="{html.escape(name)}" '
        'NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">'
        f'<saml:AttributeValue xsi:type="xs:string">{html.escape(value)}</saml:AttributeValue>'
        "</saml:Attribute>"
        for name, value in CONFIG["users"][username]["attributes"].items()
    )
    assertion = f"""<saml:Assertion xmlns:saml="{SAML}"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    ID="_a{secrets.token_hex(16)}" Version="2.0" IssueInstant="{instant(now)}">
  <saml:Issuer>{BASE}/metadata</saml:Issuer>
  <saml:Subject>
    <saml:NameID Format="{PERSISTENT}">id-{username}</saml:NameID>
    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
      <saml:SubjectConfirmationData NotOnOrAfter="{later}" Recipient="{request["acs"]}"
          InResponseTo="{request["id"]}"/>
    </saml:SubjectConfirmation>
  </saml:Subject>
  <saml:Conditions NotBefore="{instant(now - timedelta(minutes=1))}" NotOnOrAfter="{later}">
    <saml:AudienceRestriction><saml:Audience>{request["sp"]}</saml:Audience></saml:AudienceRestriction>
  </saml:Conditions>
  <saml:AuthnStatement AuthnInstant="{instant(now)}" SessionIndex="_s{secrets.token_hex(8)}">
    <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
  </saml:AuthnStatement>
  <saml:AttributeStatement>{attributes}</saml:AttributeStatement>
</saml:Assertion>"""
    signed = OneLogin_Saml2_Utils.add_sign(
        assertion,
        CONFIG["private_key"],
        CONFIG["cert"],
        sign_algorithm=OneLogin_Saml2_Constants.RSA_SHA256,
        digest_algorithm=OneLogin_Saml2_Constants.SHA256,
    )
    if isinstance(signed, bytes):
        signed = signed.decode()
    signed = signed.split("?>", 1)[-1] if signed.startswith("<?xml") else signed
    return f"""<samlp:Response xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}"
    ID="_r{secrets.token_hex(16)}" Version="2.0" IssueInstant="{instant(now)}"
    Destination="{request["acs"]}" InResponseTo="{request["id"]}">
  <saml:Issuer>{BASE}/metadata</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="{SUCCESS}"/></samlp:Status>
  {signed}
</samlp:Response>"""


def page(body: str) -> bytes:
    return f"<!doctype html><title>Test SAML identity provider</title>{body}".encode()


def app(environ, start_response):
    path = environ["PATH_INFO"]
    if path == "/metadata":
        start_response("200 OK", [("Content-Type", "application/samlmetadata+xml")])
        return [metadata().encode()]
    if path == "/sso" and environ["REQUEST_METHOD"] == "GET":
        query = parse_qs(environ["QUERY_STRING"])
        fields = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(query[name][0])}">'
            for name in ("SAMLRequest", "RelayState")
            if name in query
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [
            page(
                f'<form method="post" action="/sso">{fields}'
                '<input name="username"><input name="password" type="password">'
                '<button type="submit">Sign in</button></form>'
            )
        ]
    if path == "/sso" and environ["REQUEST_METHOD"] == "POST":
        size = int(environ.get("CONTENT_LENGTH") or 0)
        form = {k: v[0] for k, v in parse_qs(environ["wsgi.input"].read(size).decode()).items()}
        person = CONFIG["users"].get(form.get("username", ""))
        if person is None or person["password"] != form.get("password"):
            start_response("403 Forbidden", [("Content-Type", "text/html; charset=utf-8")])
            return [page("<p>Wrong username or password.</p>")]
        request = read_authn_request(form["SAMLRequest"])
        response = base64.b64encode(signed_response(request, form["username"]).encode())
        relay = html.escape(form.get("RelayState", ""))
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [
            page(
                f'<form method="post" action="{html.escape(request["acs"])}">'
                f'<input type="hidden" name="SAMLResponse" value="{response.decode()}">'
                f'<input type="hidden" name="RelayState" value="{relay}">'
                '<button type="submit">Continue</button></form>'
            )
        ]
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    global BASE
    server: WSGIServer = make_server("127.0.0.1", 0, app, handler_class=QuietHandler)
    BASE = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"READY {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
