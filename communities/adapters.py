"""django-allauth's hooks: every link in its e-mails (confirmation, password reset,
sign-up) starts with ``PRAXIS_BASE_URL``, never with the host a request came in on; failed
sign-ins are counted per account *and* client address, so nobody elsewhere can lock an
account's owner out."""

from __future__ import annotations

import ipaddress
from types import SimpleNamespace
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from core.links import absolute_url, base_host, rebased


def _client_network(ip: str) -> str:
    """The address a limit counts by: an IPv6 client by its /64 (one household or
    office gets a whole /64, as allauth's per-IP limits count it)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False).network_address)
    return str(address)


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The key of ``ACCOUNT_RATE_LIMITS["login_failed"]``'s per-key rate: the account
        *from one client address* (the address behind ``ALLAUTH_TRUSTED_PROXY_COUNT``
        proxies). Wrong passwords typed anywhere else do not count against the owner, so
        an attacker cannot lock anyone out; the per-IP rate still slows guessing from
        one address across accounts. (allauth keys it by the account alone.)"""
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{_client_network(self.get_client_ip(request))}"

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return absolute_url(path.replace("UID-KEY", quote(key)))

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth builds the other links (sign-up, password reset in "you already have an
        # account" and "unknown account" mails) from the request; move them onto the base
        # URL, and name the site by it ("on praxis.example.gov").
        context = {
            key: rebased(value) if key.endswith("_url") and isinstance(value, str) else value
            for key, value in context.items()
        }
        context["current_site"] = SimpleNamespace(
            name=settings.WAGTAIL_SITE_NAME, domain=base_host()
        )
        super().send_mail(template_prefix, email, context)
