"""Single sign-on from the environment: a ministry's OpenID Connect or SAML 2.0 provider.

Pure functions of an environment mapping, so tests build the settings from a fake
environment (``override_settings(SOCIALACCOUNT_PROVIDERS=providers_from_env({...}))``).
With no ``OIDC_*`` or ``SAML_*`` variables set there is no provider: sign-in is by
password only, as before. README "Single sign-on for a ministry's IT" lists the variables.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

OIDC_REQUIRED = ("OIDC_SERVER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
SAML_IDP_INLINE = ("SAML_IDP_ENTITY_ID", "SAML_IDP_SSO_URL", "SAML_IDP_X509CERT")

# Which claim (OpenID Connect) fills which profile field; OIDC_CLAIM_<FIELD> renames one.
CLAIM_DEFAULTS = {
    "organisation": "organization",
    "department": "department",
    "country": "country",
    "locale": "locale",
}

# SAML attributes (their OIDs, with the common friendly names as fallbacks);
# SAML_ATTRIBUTE_<FIELD> (comma-separated names) replaces a field's list.
SAML_ATTRIBUTE_DEFAULTS = {
    "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id"],
    "email": [
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "email",
        "mail",
    ],
    "email_verified": ["email_verified"],
    "first_name": [
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
        "givenName",
    ],
    "last_name": [
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
        "sn",
    ],
    "name": ["urn:oid:2.16.840.1.113730.3.1.241", "displayName"],
    "username": ["urn:oid:0.9.2342.19200300.100.1.1", "uid"],
    "organisation": ["urn:oid:2.5.4.10", "organization", "o"],
    "department": ["urn:oid:2.5.4.11", "department", "ou"],
    "country": ["urn:oid:2.5.4.6", "country", "c"],
    "locale": ["urn:oid:2.16.840.1.113730.3.1.39", "preferredLanguage", "locale"],
}


def _get(environ: Mapping[str, str], name: str, default: str = "") -> str:
    return (environ.get(name) or default).strip()


def _flag(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    value = _get(environ, name).lower()
    return value in {"1", "true", "yes", "on"} if value else default


def _missing(environ: Mapping[str, str], names, family: str) -> None:
    missing = [name for name in names if not _get(environ, name)]
    if missing:
        raise ImproperlyConfigured(
            f"{family} single sign-on is half configured: set {', '.join(missing)} too "
            "(or unset every one of its variables)."
        )


def oidc_from_env(environ: Mapping[str, str]) -> dict | None:
    """The OpenID Connect app, or None when no ``OIDC_*`` connection variable is set."""
    if not any(_get(environ, name) for name in OIDC_REQUIRED):
        return None
    _missing(environ, OIDC_REQUIRED, "OpenID Connect")
    return {
        "provider_id": _get(environ, "OIDC_PROVIDER_ID", "sso"),
        "name": _get(environ, "OIDC_PROVIDER_NAME", "Single sign-on"),
        "client_id": _get(environ, "OIDC_CLIENT_ID"),
        "secret": _get(environ, "OIDC_CLIENT_SECRET"),
        "settings": {
            # The issuer's base URL (allauth appends /.well-known/openid-configuration)
            # or the discovery document's own URL (anything containing /.well-known/).
            "server_url": _get(environ, "OIDC_SERVER_URL"),
            "oauth_pkce_enabled": _flag(environ, "OIDC_PKCE", default=True),
            "scope": _get(environ, "OIDC_SCOPES", "openid profile email").split(),
            # A person who already has a Praxis account with the address the provider
            # vouches for (email_verified) signs in to that account, which gets connected.
            "email_authentication": _flag(environ, "OIDC_EMAIL_AUTHENTICATION"),
        },
    }


def saml_from_env(environ: Mapping[str, str]) -> dict | None:
    """The SAML 2.0 app, or None when neither ``SAML_IDP_METADATA_URL`` nor the inline
    IdP variables are set."""
    metadata_url = _get(environ, "SAML_IDP_METADATA_URL")
    inline = any(_get(environ, name) for name in SAML_IDP_INLINE)
    if not metadata_url and not inline:
        return None
    if metadata_url:
        idp = {"metadata_url": metadata_url, "entity_id": _get(environ, "SAML_IDP_ENTITY_ID")}
    else:
        _missing(environ, SAML_IDP_INLINE, "SAML")
        idp = {
            "entity_id": _get(environ, "SAML_IDP_ENTITY_ID"),
            "sso_url": _get(environ, "SAML_IDP_SSO_URL"),
            "x509cert": _get(environ, "SAML_IDP_X509CERT"),
        }
    slug = _get(environ, "SAML_PROVIDER_ID", "saml")
    mapping = {}
    for field, names in SAML_ATTRIBUTE_DEFAULTS.items():
        configured = _get(environ, f"SAML_ATTRIBUTE_{field.upper()}")
        mapping[field] = [n.strip() for n in configured.split(",") if n.strip()] or names
    sp = {}
    if _get(environ, "SAML_ENTITY_ID"):
        sp["entity_id"] = _get(environ, "SAML_ENTITY_ID")
    return {
        "provider_id": slug,
        "client_id": slug,  # the slug in /accounts/saml/<slug>/acs/
        "name": _get(environ, "SAML_PROVIDER_NAME", "Single sign-on"),
        "settings": {
            "email_authentication": _flag(environ, "SAML_EMAIL_AUTHENTICATION"),
            "idp": idp,
            "sp": sp,
            "attribute_mapping": mapping,
            "advanced": {
                "strict": True,
                "want_assertion_signed": True,
                # Only for a test host such as "testserver" or "localhost".
                "allow_single_label_domains": _flag(environ, "SAML_ALLOW_SINGLE_LABEL_DOMAINS"),
            },
        },
    }


def providers_from_env(environ: Mapping[str, str]) -> dict:
    """``SOCIALACCOUNT_PROVIDERS`` for the environment: empty when no SSO is configured."""
    providers: dict = {}
    oidc = oidc_from_env(environ)
    if oidc:
        providers["openid_connect"] = {"APPS": [oidc]}
    saml = saml_from_env(environ)
    if saml:
        if oidc and saml["provider_id"] == oidc["provider_id"]:
            raise ImproperlyConfigured("OIDC_PROVIDER_ID and SAML_PROVIDER_ID must differ.")
        providers["saml"] = {"APPS": [saml]}
    return providers


def claims_from_env(environ: Mapping[str, str]) -> dict[str, str]:
    """Which OpenID Connect claim fills which profile field (``OIDC_CLAIM_<FIELD>``)."""
    return {
        field: _get(environ, f"OIDC_CLAIM_{field.upper()}", default)
        for field, default in CLAIM_DEFAULTS.items()
    }
