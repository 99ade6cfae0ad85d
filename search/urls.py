from django.urls import path

from search import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/autocomplete/", views.autocomplete, name="search_autocomplete"),
]
