"""Wagtail's site for a request, without a database query on every page.

``Site.find_for_request`` runs one query (with a CASE annotation and the root page
joined) per request, and Wagtail keeps the answer on the request as ``_wagtail_site``.
``CachedSiteMiddleware`` fills that in from a per-process copy, kept while the ``sites``
and ``pages`` generations (``core.fragments``: moved on by any change to a site or a
page, in any process sharing the cache) stay the same. With the cache unavailable it
does nothing and Wagtail asks the database as before.
"""

from __future__ import annotations

import copy

from django.http.request import split_domain_port

from core import fragments

_found: dict[tuple[str, int], tuple[tuple, object]] = {}


def site_for(request):
    """The Site Wagtail would find for ``request`` (a fresh copy), or None when the cache
    cannot tell whether the copy kept here is current."""
    from wagtail.models import Site

    versions = (fragments.generation("sites"), fragments.generation("pages"))
    if None in versions:
        return None
    hostname = split_domain_port(request._get_raw_host())[0]
    where = (hostname, request.get_port())
    kept = _found.get(where)
    if kept is None or kept[0] != versions:
        kept = (versions, Site._find_for_request(request))
        if len(_found) > 100:  # hostnames are the client's to choose: stay bounded
            _found.clear()
        _found[where] = kept
    return copy.deepcopy(kept[1])


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        site = site_for(request)
        if site is not None:
            request._wagtail_site = site
        return self.get_response(request)
