"""Single sign-on: what a ministry's identity provider says about a person fills their
profile (config/settings/sso.py configures the providers from the environment).

The claims give the display name, the e-mail address (verified when the provider says
so), the organisation (matched to an Organisation by name or short name), the department
and the country (a claim, else the organisation's). When any of those is missing the
person completes them once on the short form (``SingleSignOnSignupForm``); the username
is always derived. A provider that cannot be reached gives the sign-in error page, never
a server error.
"""

from __future__ import annotations

import logging
from functools import wraps

import requests
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from django_countries import countries

from communities import services
from communities.models import Organisation, User

logger = logging.getLogger(__name__)

# The profile a first sign-in must end with; any missing one is asked on the form.
REQUIRED_PROFILE = ("display_name", "organisation", "department", "country")


def _provider(sociallogin):
    return sociallogin.account.get_provider()


def claims_of(sociallogin) -> dict:
    """The provider's statements about the person as one mapping of profile fields
    (``organisation``, ``department``, ``country``, ``locale``, ``name``, ``given_name``,
    ``family_name``) to values. OpenID Connect: the ID token and userinfo (userinfo wins),
    under the claim names OIDC_CLAIM_<FIELD> gives; SAML: the attributes its attribute
    mapping names (SAML_ATTRIBUTE_<FIELD>)."""
    provider = _provider(sociallogin)
    data = sociallogin.account.extra_data or {}
    if provider.id == "saml":
        mapping = provider.app.settings.get("attribute_mapping", {})
        raw = {}
        for field, names in mapping.items():
            for name in [names] if isinstance(names, str) else names:
                if data.get(name):
                    raw[field] = data[name]
                    break
        raw["given_name"] = raw.pop("first_name", "")
        raw["family_name"] = raw.pop("last_name", "")
        return {field: _one(value) for field, value in raw.items()}
    if "userinfo" in data or "id_token" in data:
        data = {**(data.get("id_token") or {}), **(data.get("userinfo") or {})}
    claims = {field: _one(data.get(field)) for field in ("name", "given_name", "family_name")}
    for field, claim in settings.PRAXIS_SSO_CLAIMS.items():
        claims[field] = _one(data.get(claim))
    return claims


def _one(value) -> str:
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return "" if value is None else " ".join(str(value).split())


def organisation_named(name: str) -> Organisation | None:
    """The Organisation whose name or short name is ``name`` (case-insensitive)."""
    name = " ".join(name.split())
    if not name:
        return None
    return (
        Organisation.objects.filter(name__iexact=name).first()
        or Organisation.objects.filter(short_name__iexact=name).first()
    )


def country_code(value: str) -> str:
    """A country claim as a code: "SI", "si" or "Slovenia" (in English) give "SI"."""
    value = value.strip()
    if not value:
        return ""
    if value.upper() in dict(countries):
        return value.upper()
    with translation.override("en"):
        return countries.by_name(value) or ""


def language_from(request: HttpRequest | None, claims: dict) -> str:
    """The language Praxis keeps speaking to the person: the one they chose on Praxis
    before signing in (the language cookie), else the provider's ``locale`` claim when
    Praxis speaks it, else the language the sign-in ran in (their browser's)."""
    offered = dict(settings.LANGUAGES)
    if request is not None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen in offered:
            return chosen
    locale = claims.get("locale", "").replace("_", "-").lower()
    for candidate in (locale, locale.split("-")[0], {"no": "nb", "nn": "nb"}.get(locale[:2])):
        if candidate and candidate in offered:
            return candidate
    active = translation.get_language() or ""
    return active if active in offered else ""


def profile_from_claims(sociallogin, request: HttpRequest | None = None) -> dict:
    """The profile fields the claims give (empty where the claims say nothing); the
    organisation is None when the claim names none Praxis knows."""
    claims = claims_of(sociallogin)
    name = claims.get("name") or " ".join(
        part for part in (claims.get("given_name"), claims.get("family_name")) if part
    )
    organisation = organisation_named(claims.get("organisation", ""))
    country = country_code(claims.get("country", ""))
    if not country and organisation is not None:
        country = organisation.country.code or ""
    max_department = User._meta.get_field("department").max_length
    max_name = User._meta.get_field("display_name").max_length
    return {
        "display_name": name[:max_name],
        "organisation": organisation,
        "department": claims.get("department", "")[:max_department],
        "country": country,
        "language": language_from(request, claims),
    }


def derived_username(user) -> str:
    """A free username from the provider's preferred username, else the person's name or
    e-mail address (allauth's own generator)."""
    from allauth.account.adapter import get_adapter as get_account_adapter
    from allauth.account.utils import user_email, user_field, user_username

    return get_account_adapter().generate_unique_username(
        [
            user_username(user) or "",
            user_field(user, "first_name") or "",
            user_field(user, "last_name") or "",
            user_email(user) or "",
            "user",
        ]
    )


def missing_profile(profile: dict) -> list[str]:
    return [field for field in REQUIRED_PROFILE if not profile.get(field)]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """allauth's adapter, filling Praxis's profile from the provider's claims."""

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        # Signed up without a form only when the claims give the whole profile.
        if missing_profile(profile_from_claims(sociallogin, request)):
            return False
        return super().is_auto_signup_allowed(request, sociallogin)

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        initial = super().get_signup_form_initial_data(sociallogin)
        profile = profile_from_claims(sociallogin)
        initial.update(
            {
                "display_name": profile["display_name"],
                "organisation": profile["organisation"],
                "department": profile["department"],
                "country": profile["country"],
            }
        )
        return initial

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form=form)
        if form is None:
            # Auto sign-up: the claims gave the whole profile (the form's own signup()
            # writes it otherwise).
            services.profile_update(user=user, **profile_from_claims(sociallogin, request))
        return user

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        logger.warning(
            "Single sign-on through %s failed: %s %r",
            getattr(provider, "name", provider),
            error,
            exception,
        )
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )


def _provider_unreachable_shown(view, find_provider):
    """allauth's OpenID Connect and SAML views fetch the discovery document or the IdP
    metadata outside their own error handling: a provider that is down would be a server
    error. Show the sign-in error page instead."""

    @wraps(view)
    def wrapped(request, **kwargs):
        try:
            return view(request, **kwargs)
        except (requests.RequestException, OSError) as exc:
            try:
                provider = find_provider(request, **kwargs)
            except Exception as missing:  # an unknown provider
                raise Http404 from missing
            return render_authentication_error(request, provider, exception=exc)

    return wrapped


def _oidc_provider(request, provider_id):
    return SocialAccountAdapter(request).get_provider(request, provider_id)


def _saml_provider(request, organization_slug):
    return SocialAccountAdapter(request).get_provider(request, "saml", client_id=organization_slug)


oidc_login = _provider_unreachable_shown(oidc_views.login, _oidc_provider)
oidc_callback = _provider_unreachable_shown(oidc_views.callback, _oidc_provider)


def saml_views():
    """SAML's login and finish-ACS views, guarded the same way (only with python3-saml)."""
    from allauth.socialaccount.providers.saml import views as saml

    return (
        _provider_unreachable_shown(saml.login, _saml_provider),
        _provider_unreachable_shown(saml.finish_acs, _saml_provider),
    )
