"""What every endpoint of the public API shares: anonymous read-only access, JSON only,
the language, pagination that refuses pages that do not exist, throttling, conditional
GET (ETag and Last-Modified, 304) and one shape for every error.

The API serves what a signed-out visitor sees on the pages, whoever asks: its views
authenticate nobody (so a browser's session never widens it, and CORS needs no
credentials), and each list starts from the app's own selector for an anonymous reader.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.viewsets import ReadOnlyModelViewSet

from core.errors import ServiceError
from core.views import retry_after_header

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


LANG_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=[code for code, _name in settings.LANGUAGES],
    description=(
        "The language of the answer: of the labels, and of the chapters and cases (each "
        "in this language where it is translated, otherwise in English; its `language` "
        "field says which). Without it, the request's Accept-Language chooses, as on the "
        "pages. An unknown code answers 400."
    ),
)


class FilterValueError(exceptions.APIException):
    """A query parameter with a value the endpoint does not know: 400, saying which
    parameter, why, and (for a fixed set of values) which values it accepts."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_filter"

    def __init__(self, errors: dict[str, list[str]], allowed: dict[str, list[str]]):
        super().__init__(detail=_("A query parameter has a value this endpoint does not accept."))
        self.errors = errors
        self.allowed = allowed


class Pagination(PageNumberPagination):
    """``?page=`` and ``?page_size=`` (at most 100). A page past the last one, zero,
    negative or not a number answers 404, never the last page in its place."""

    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = "Results per page (at most 100)."

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, page_size)
        number = request.query_params.get(self.page_query_param) or 1
        try:
            self.page = paginator.page(number)
        except Exception as error:  # PageNotAnInteger, EmptyPage: both "no such page"
            last = paginator.num_pages
            raise exceptions.NotFound(
                ngettext(
                    "This page does not exist: there is %(count)d page.",
                    "This page does not exist: there are %(count)d pages.",
                    last,
                )
                % {"count": last}
            ) from error
        return list(self.page)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "page": self.page.number,
                "pages": self.page.paginator.num_pages,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["page"] = {"type": "integer", "example": 1}
        described["properties"]["pages"] = {"type": "integer", "example": 3}
        described["required"] = ["count", "page", "pages", "results"]
        return described


class AnonThrottle(AnonRateThrottle):
    """Requests per client address; the rate is read from the settings on each request
    (``PRAXIS_API_ANON_RATE``), not once at import."""

    scope = "praxis_api_anon"

    def get_rate(self):
        return settings.PRAXIS_API_ANON_RATE


def error_response(exc, context):
    """Every error of the API as ``{"detail", "code", "status"}`` (plus ``errors`` and
    ``allowed`` for a refused parameter, ``retry_after`` on 429), with ``Retry-After``
    set the one way the site sets it (``core.views.retry_after_header``)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Nothing was found at this address."))
    if isinstance(exc, ServiceError):
        exc_status, message, code, retry = exc.status, exc.message, exc.code, exc.retry_after
        response = Response(status=exc_status)
    else:
        response = drf_exception_handler(exc, context)
        if response is None:
            return None
        code = getattr(exc, "default_code", "error")
        message = exc.detail if isinstance(exc.detail, str) else str(exc.default_detail)
        retry = None
        if isinstance(exc, exceptions.Throttled):
            retry = max(1, math.ceil(exc.wait or 1))
            message = ngettext(
                "Too many requests. Try again in %(seconds)d second.",
                "Too many requests. Try again in %(seconds)d seconds.",
                retry,
            ) % {"seconds": retry}
            code = "rate_limited"
    body = {"detail": str(message), "code": code, "status": response.status_code}
    if isinstance(exc, FilterValueError):
        body["errors"] = exc.errors
        body["allowed"] = exc.allowed
    if retry is not None:
        body["retry_after"] = retry
    response.data = body
    error = ServiceError(str(message), code=code, status=response.status_code, retry_after=retry)
    return retry_after_header(response, error)


class JsonOnly(BaseContentNegotiation):
    """Always JSON (DRF's "ignore client content negotiation"): ``?format=`` is the
    meetings' format filter here, not a renderer switch, and an Accept header asking for
    something else still gets JSON rather than 406."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class PublicReadOnlyViewSet(ReadOnlyModelViewSet):
    """List and detail, for anyone, of what the pages show a signed-out visitor."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnly
    throttle_classes = [AnonThrottle]
    pagination_class = Pagination
    # Detail ids that are not numbers reach get_object, which answers 404 for them.
    lookup_value_regex = r"[^/]+"
    language: str | None = None  # set per request in initial(); None: the active one

    @property
    def reader(self):
        return AnonymousUser()

    def get_exception_handler(self):
        return error_response

    # Language ---------------------------------------------------------------------------

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        requested = request.query_params.get("lang")
        if requested is not None:
            if requested not in language_codes():
                raise FilterValueError(
                    {"lang": [_("Unknown language code.")]}, {"lang": language_codes()}
                )
            translation.activate(requested)
            request.LANGUAGE_CODE = requested
        self.language = translation.get_language()

    # Conditional GET --------------------------------------------------------------------

    def last_modified(self, queryset):
        """When what ``queryset`` lists last changed (None: unknown)."""
        return None

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        self._last_modified = self.last_modified(queryset)
        page = self.paginate_queryset(queryset)
        serializer = self.get_serializer(page, many=True)
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        self._last_modified = self.object_last_modified(instance)
        return Response(self.get_serializer(instance).data)

    def object_last_modified(self, instance):
        return None

    def get_object(self):
        lookup = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, "")
        if not (str(lookup).isascii() and str(lookup).isdigit() and len(str(lookup)) <= 18):
            raise Http404
        return super().get_object()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = getattr(self, "language", translation.get_language())
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        stamp = getattr(self, "_last_modified", None)
        if stamp is not None:
            response["Last-Modified"] = http_date(stamp.timestamp())
        set_response_etag(response)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
