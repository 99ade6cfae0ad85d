"""django-allauth's hooks: every link in its e-mails (confirmation, password reset,
sign-up) starts with ``PRAXIS_BASE_URL``, never with the host a request came in on."""

from __future__ import annotations

from types import SimpleNamespace
from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.urls import reverse

from core.links import absolute_url, base_host, rebased


class AccountAdapter(DefaultAccountAdapter):
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
