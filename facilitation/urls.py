from django.urls import path

from facilitation import views

app_name = "facilitation"

urlpatterns = [
    path("facilitation/charter-template/", views.charter_template, name="charter_template"),
    path(
        "facilitation/health-check-template/",
        views.health_check_template,
        name="health_check_template",
    ),
    path(
        "facilitation/communities/<int:community_id>/charter/edit/",
        views.charter_edit,
        name="charter_edit",
    ),
    path(
        "facilitation/communities/<int:community_id>/charter/history/",
        views.charter_history,
        name="charter_history",
    ),
    path(
        "facilitation/communities/<int:community_id>/charter/history/<int:number>/",
        views.charter_revision,
        name="charter_revision",
    ),
    path(
        "facilitation/communities/<int:community_id>/health/",
        views.health,
        name="health",
    ),
    path(
        "facilitation/communities/<int:community_id>/health/new/",
        views.health_new,
        name="health_new",
    ),
    path(
        "facilitation/communities/<int:community_id>/health/<int:check_id>/",
        views.health,
        name="health_check",
    ),
]
