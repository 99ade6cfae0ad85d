"""A read-only JSON API for published practice cases, so ministries can reuse the library
as open data. Plain Django views: GET only, no authentication, the same filters as the
listing, and only what the public page shows (no drafts, no submitter, no provenance
from members-only communities)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.views.decorators.http import require_GET
from wagtail.rich_text import expand_db_html

from communities.models import Visibility
from guidebook.forms import PracticeFilterForm, small_int
from guidebook.selectors import SORTS, apply_filters, published_practices

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
PROSE = (
    "problem",
    "what_was_done",
    "what_is_new",
    "results",
    "measurement",
    "challenges",
    "conditions",
    "lessons",
)


def _queryset():
    return (
        published_practices()
        .select_related("related_community")
        .prefetch_related("themes", "organisations", "attachments__document")
    )


def _absolute(request, url: str | None) -> str | None:
    return request.build_absolute_uri(url) if url else None


def serialize_practice(request, practice, *, full: bool) -> dict:
    community = practice.related_community
    data = {
        "id": practice.pk,
        "title": practice.title,
        "url": _absolute(request, practice.get_url(request=request)),
        "api_url": request.build_absolute_uri(f"/api/practices/{practice.pk}/"),
        "summary": practice.summary,
        "status": practice.status,
        "status_label": str(practice.get_status_display()),
        "country": practice.country.code or None,
        "country_name": str(practice.country.name) if practice.country else None,
        "level_of_government": practice.level_of_government or None,
        "sector": practice.sector or None,
        "year_started": practice.year_started,
        "themes": [theme.name for theme in practice.themes.all()],
        "organisations": [
            {"id": o.pk, "name": o.name, "country": o.country.code or None}
            for o in practice.organisations.all()
        ],
        "first_published_at": practice.first_published_at,
        "last_published_at": practice.last_published_at,
    }
    if full:
        data.update({name: expand_db_html(getattr(practice, name)) for name in PROSE})
        data["contact_name"] = practice.contact_name or None
        data["related_community"] = (
            {"title": community.title, "url": _absolute(request, community.get_url(request))}
            if community and community.live and community.visibility == Visibility.PUBLIC
            else None
        )
        data["attachments"] = [
            {
                "title": link.title or link.document.title,
                "url": _absolute(request, link.document.url),
                "file_extension": link.document.file_extension,
            }
            for link in practice.attachments.all()
        ]
    return data


def _json(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def practice_list(request):
    form = PracticeFilterForm(request.GET)
    queryset = apply_filters(_queryset(), form.filters()).order_by(*SORTS[form.sort()])
    size = small_int(request.GET.get("page_size", ""), max_digits=4) or DEFAULT_PAGE_SIZE
    size = min(size, MAX_PAGE_SIZE)
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    base = request.build_absolute_uri(request.path)
    query = request.GET.copy()

    def link(number):
        query["page"] = number
        return f"{base}?{query.urlencode()}"

    return _json(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": link(page.next_page_number()) if page.has_next() else None,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "results": [serialize_practice(request, p, full=True) for p in page],
        }
    )


@require_GET
def practice_detail(request, practice_id: int):
    practice = _queryset().filter(pk=practice_id).first()
    if practice is None:
        return _json({"detail": "Not found."}, status=404)
    return _json(serialize_practice(request, practice, full=True))
