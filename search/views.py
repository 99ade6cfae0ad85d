"""/search/ and its autocomplete endpoint: thin adapters over ``search.selectors``."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from search import selectors
from search.forms import SearchForm, query_notice
from search.sources import FACETS


@require_safe
def search(request):
    form = SearchForm(request.GET)
    data = form.cleaned()
    parsed = form.parsed_query()
    outcome = selectors.search_page(
        user=request.user,
        parsed=parsed,
        selection=selectors.selection_from(data),
        sort=data.get("sort") or "relevance",
        page_number=data.get("page") or 1,
    )
    base = request.GET.copy()
    base.pop("page", None)
    facets = []
    for name in FACETS:
        values = outcome.facets.get(name) or []
        for value in values:
            value.link = _with(base, name, value.value)
        if values:
            facets.append(
                {
                    "name": name,
                    "label": selectors.facet_label(name),
                    "values": values,
                    "remove": _without(base, name),
                }
            )
    context = {
        "form": form,
        "parsed": parsed,
        "outcome": outcome,
        "facets": facets,
        "notice": query_notice(parsed),
        "ignored": form.ignored,
        "querystring": base.urlencode(),
        "sort_links": {s: _with(base, "sort", s) for s in selectors.SORTS},
        "suggestion_link": _with(base, "q", outcome.suggestion.text) if outcome.suggestion else "",
        "unscoped_link": _without(base, "community"),
        "searched": bool(request.GET.get("q", "").strip()),
    }
    status = 503 if outcome.failed else 200
    return render(request, "search/search.html", context, status=status)


@require_safe
def autocomplete(request):
    text = request.GET.get("q", "")[:200]
    suggestions = selectors.autocomplete(user=request.user, text=text)
    response = JsonResponse({"query": text, "results": suggestions})
    response["Cache-Control"] = "private, max-age=30"
    return response


def _with(base, name: str, value) -> str:
    query = base.copy()
    query[name] = str(value)
    query.pop("page", None)
    return "?" + query.urlencode()


def _without(base, name: str) -> str:
    query = base.copy()
    query.pop(name, None)
    query.pop("page", None)
    return "?" + query.urlencode()
