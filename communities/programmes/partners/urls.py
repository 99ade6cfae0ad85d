"""Routes for partners (see communities/programmes/urls.py)."""

urlpatterns: list = []
