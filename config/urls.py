from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe
from django.views.i18n import JavaScriptCatalog
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import site_files
from core.sitemaps import PageSitemap
from discussions.sitemaps import ThreadSitemap
from meetings.sitemaps import MeetingSitemap


@require_safe
def healthz(request):
    """Liveness probe; also the minimal-view baseline in benchmarks/pages.py."""
    return HttpResponse("ok", content_type="text/plain")


# Public pages and objects only: nothing of a members-only community, nothing unpublished.
SITEMAPS = {"pages": PageSitemap, "threads": ThreadSitemap, "meetings": MeetingSitemap}

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", site_files.robots_txt, name="robots_txt"),
    path("favicon.ico", site_files.favicon, name="favicon"),
    path(
        "sitemap.xml",
        require_safe(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include("communities.sso_urls")),
    path("accounts/", include("allauth.urls")),
    # The translations for static/js. The page cache keys on the active language; the
    # page asks for ?lang=<code> so that browsers also keep one copy per language.
    path(
        "jsi18n/",
        cache_page(60 * 60)(JavaScriptCatalog.as_view()),
        name="javascript-catalog",
    ),
    path("", include("communities.urls")),
    path("", include("discussions.urls")),
    path("", include("meetings.urls")),
    path("", include("peer_learning.urls")),
    path("", include("guidebook.urls")),
    path("", include("api.urls")),
    path("", include("search.urls")),
    path("", include("dashboards.urls")),
    path("", include("facilitation.urls")),
    path("", include("digests.urls")),
    path("", include("about.urls")),
    path("programmes/", include("programmes.urls")),
]

# Uploads are never served statically from MEDIA_ROOT, in any mode: documents only through
# Wagtail's permission-checked view (/documents/<id>/<name>), original images not at all,
# and image renditions through a view that hides those of drafts (guidebook.views).
if settings.MEDIA_URL.startswith("/") and "://" not in settings.MEDIA_URL:
    from guidebook.views import image_rendition

    urlpatterns.append(
        path(
            f"{settings.MEDIA_URL.strip('/')}/images/<path:path>",
            image_rendition,
            name="image_rendition",
        )
    )

# Wagtail's pages last: English (the default locale) unprefixed as before, a translation
# under its language, /pl/guide/<slug>/. Only these URLs carry a language prefix; the
# interface language everywhere is the reader's choice (core.middleware).
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)

handler400 = "core.error_pages.bad_request"
handler403 = "core.error_pages.permission_denied"
handler404 = "core.error_pages.page_not_found"
handler500 = "core.error_pages.server_error"
