"""/api/v1/: the endpoints (a DRF router), the OpenAPI schema and its docs (Swagger UI from
local static files); and the first API's URLs, redirected."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from api import views
from api.docs import SwaggerView

router = SimpleRouter()
router.register("practices", views.PracticeViewSet, basename="practice")
router.register("chapters", views.ChapterViewSet, basename="chapter")
router.register("communities", views.CommunityViewSet, basename="community")
router.register("meetings", views.MeetingViewSet, basename="meeting")

v1 = [
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(api_version="1"), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
]

urlpatterns = [
    path("api/v1/", include((v1, "api"))),
    path(
        "api/practices/",
        views.legacy_redirect,
        {"route": "api:practice-list"},
        name="api_practice_list",
    ),
    path(
        "api/practices/<int:pk>/",
        views.legacy_redirect,
        {"route": "api:practice-detail"},
        name="api_practice_detail",
    ),
]
