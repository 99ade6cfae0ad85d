from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("dashboards/", views.overview, name="overview"),
    path("dashboards/mine/", views.mine, name="mine"),
    path("dashboards/programmes/", views.programmes, name="programmes"),
    path(
        "dashboards/communities/<int:community_id>/",
        views.community_dashboard,
        name="community",
    ),
]
