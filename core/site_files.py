"""The files a site is expected to answer at its root: ``/robots.txt`` naming the sitemap,
and ``/favicon.ico`` for browsers and tools that ask there before reading the page."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core import links

# Personal and working areas stay out of search engines; public pages are listed in
# the sitemap.
DISALLOWED = ("/admin/", "/accounts/", "/me/", "/search/")


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines += ["", f"Sitemap: {links.absolute_url('/sitemap.xml')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon(request):
    return HttpResponsePermanentRedirect(static("img/favicon.ico"))
