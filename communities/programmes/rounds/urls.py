"""Routes for rounds (see communities/programmes/urls.py)."""

urlpatterns: list = []
