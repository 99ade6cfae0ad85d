"""allauth's OpenID Connect (and, when installed, SAML) views, answering a provider that
is down with the sign-in error page (communities.sso); included ahead of allauth's URLs."""

from django.conf import settings
from django.urls import path

from communities import sso

urlpatterns = [
    path("oidc/<str:provider_id>/login/", sso.oidc_login),
    path("oidc/<str:provider_id>/login/callback/", sso.oidc_callback),
]

if "allauth.socialaccount.providers.saml" in settings.INSTALLED_APPS:
    saml_login, saml_finish_acs = sso.saml_views()
    urlpatterns += [
        path("saml/<str:organization_slug>/login/", saml_login),
        path("saml/<str:organization_slug>/acs/finish/", saml_finish_acs),
    ]
