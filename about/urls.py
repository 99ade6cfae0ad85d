from django.urls import path

from about import views

urlpatterns = [
    path("sources/", views.sources, name="demo_sources"),
]
