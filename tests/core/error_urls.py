"""The site's URLs plus views that fail on purpose, for tests/core/test_error_pages.py."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as site_urlpatterns


def _fail(request):
    raise RuntimeError("a failure inside a view")


def _refuse(request):
    raise PermissionDenied


def _suspicious(request):
    raise SuspiciousOperation("tampered input")


urlpatterns = [
    path("test-fail/", _fail),
    path("test-refuse/", _refuse),
    path("test-suspicious/", _suspicious),
    *site_urlpatterns,
]
