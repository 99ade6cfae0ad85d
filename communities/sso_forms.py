"""The completion form of a first single sign-on (allauth's ``SOCIALACCOUNT_FORMS``)."""

from __future__ import annotations

from allauth.account.internal.flows.manage_email import assess_unique_email
from allauth.socialaccount.forms import SignupForm
from django.utils.translation import gettext as _

from communities import sso


class SingleSignOnSignupForm(SignupForm):
    """allauth's social sign-up form: Praxis's sign-up profile fields (``SignupProfileForm``
    through ``ACCOUNT_SIGNUP_FORM_CLASS``), prefilled from the claims, asking for what the
    claims left out. The username is derived, never asked; the e-mail address is asked
    only when the provider gave none, or one another account already uses."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("username", None)
        self.provided_email = self.initial.get("email") or ""
        if self.provided_email and assess_unique_email(self.provided_email) is True:
            self.fields.pop("email", None)
        # The cross-organisation figures need these: asked here, never left out unasked.
        self.fields["department"].required = True
        self.fields["country"].required = True
        claims = sso.claims_of(self.sociallogin)
        named = claims.get("organisation", "")
        if named and not self.initial.get("organisation"):
            self.fields["organisation"].help_text = _(
                "Your sign-in named “%(organisation)s”, which Praxis does not list yet. "
                "Choose your organisation, or leave it empty and an editor will add it."
            ) % {"organisation": named}

    def clean(self):
        cleaned_data = super().clean()
        if "email" not in self.fields:
            cleaned_data["email"] = self.provided_email
        cleaned_data["username"] = sso.derived_username(self.sociallogin.user)
        return cleaned_data

    def interface_language(self, request) -> str:
        claims = sso.claims_of(self.sociallogin)
        return sso.language_from(request, claims)
