"""The demo's Sources page: the public documents the demo content is drawn from."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from about.selectors import demo_sources


def sources(request):
    """Every source document with its full citation; only while demo content is loaded
    (a real installation has no such page)."""
    documents = demo_sources()
    if not documents:
        raise Http404
    return render(
        request,
        "about/sources.html",
        {"sources": documents, "page_title": _("Sources of the demonstration content")},
    )
