"""Routes for exchanges (see communities/programmes/urls.py)."""

urlpatterns: list = []
