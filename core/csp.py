"""Content-Security-Policy on every response (Django 5.2 has none of its own).

The site's own pages get a strict policy: scripts only from this origin or carrying the
request's nonce (``request.csp_nonce``, ``{{ csp_nonce }}`` in templates), styles only
from this origin or with the nonce (no ``style="..."`` attributes: use classes in
``static/css``), no plugins, no framing, forms and ``<base>`` only to this origin. A
stored or reflected script that slipped past the text cleaning would not run.

Two exceptions:

- **the Wagtail admin** (``CSP_ADMIN_PREFIXES``, ``/admin/``) gets a looser policy:
  Wagtail's own templates still write inline ``<script>`` blocks (date pickers, inline
  panels, search promotions) and ``style`` attributes, which a nonce cannot cover, so its
  scripts and styles need ``'unsafe-inline'``. Everything else stays as strict (no
  foreign scripts, styles, plugins or forms); its previews are framed by the admin itself
  (``frame-ancestors 'self'``). Only editors and moderators reach it;
- **sign-in with single sign-on**: allauth answers the sign-in button's POST with a
  redirect to the identity provider, and browsers check ``form-action`` on that redirect
  too, so the providers' origins (from ``SOCIALACCOUNT_PROVIDERS``, that is the ``OIDC_*``
  and ``SAML_*`` variables, plus ``CSP_FORM_ACTION_EXTRA``) are allowed as form targets.

WebSockets: ``'self'`` in ``connect-src`` matches ``ws:``/``wss:`` of the same host in
current browsers (CSP Level 3), older ones only the page's scheme, so the socket origins
of the request's host are named explicitly.
"""

from __future__ import annotations

import re
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost

HEADER = "Content-Security-Policy"
# A host as Django accepted it (ALLOWED_HOSTS): name or address, optional port.
_HOST = re.compile(r"^[A-Za-z0-9.\-\[\]:]+$")


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def origin_of(url: str) -> str:
    """``https://idp.example:8443`` of a URL, or "" when it has no scheme and host."""
    parts = urlsplit(url or "")
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def provider_origins(providers: dict) -> list[str]:
    """The origins the single sign-on providers' sign-in redirects go to."""
    origins: list[str] = []
    for app in (providers.get("openid_connect") or {}).get("APPS", []):
        origins.append(origin_of((app.get("settings") or {}).get("server_url", "")))
    for app in (providers.get("saml") or {}).get("APPS", []):
        idp = (app.get("settings") or {}).get("idp") or {}
        origins.append(origin_of(idp.get("sso_url", "")))
        origins.append(origin_of(idp.get("metadata_url", "")))
    return [origin for origin in dict.fromkeys(origins) if origin]


def form_action_origins() -> list[str]:
    extra = [origin_of(url) for url in getattr(settings, "CSP_FORM_ACTION_EXTRA", [])]
    providers = getattr(settings, "SOCIALACCOUNT_PROVIDERS", {}) or {}
    return [o for o in dict.fromkeys([*provider_origins(providers), *extra]) if o]


def _socket_sources(request) -> str:
    try:
        host = request.get_host()
    except DisallowedHost:
        return ""
    if not _HOST.match(host):
        return ""
    return f" ws://{host} wss://{host}"


def site_policy(request, nonce: str) -> str:
    form_targets = " ".join(["'self'", *form_action_origins()])
    directives = [
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}'",
        f"style-src 'self' 'nonce-{nonce}'",
        "img-src 'self' data:",
        "font-src 'self'",
        f"connect-src 'self'{_socket_sources(request)}",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        f"form-action {form_targets}",
        "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def admin_policy(request) -> str:
    # No nonce here: with a nonce present, browsers ignore 'unsafe-inline'.
    directives = [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src 'self'{_socket_sources(request)}",
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    ]
    return "; ".join(directives)


def is_admin_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in getattr(settings, "CSP_ADMIN_PREFIXES", []))


class CSPMiddleware:
    """Gives each request a fresh nonce and each response its policy (a view that set
    its own ``Content-Security-Policy`` keeps it)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = new_nonce()
        response = self.get_response(request)
        if HEADER not in response:
            if is_admin_path(request.path_info):
                response[HEADER] = admin_policy(request)
            else:
                response[HEADER] = site_policy(request, request.csp_nonce)
        return response


def csp(request):
    """Template context: ``csp_nonce`` for a ``<script nonce>`` or ``<style nonce>``."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
