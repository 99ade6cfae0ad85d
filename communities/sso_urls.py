"""allauth's OpenID Connect views, answering a provider that is down with the sign-in
error page (communities.sso); included ahead of allauth's own URLs."""

from django.urls import path

from communities import sso

urlpatterns = [
    path("oidc/<str:provider_id>/login/", sso.oidc_login),
    path("oidc/<str:provider_id>/login/callback/", sso.oidc_callback),
]
