"""The bases of ``/sitemap.xml``: addresses on the configured base URL (``PRAXIS_BASE_URL``),
never on the Host header a request came in with; each app lists its own public objects
(``<app>/sitemaps.py``), ``config/urls.py`` puts them together."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from core import links


class BaseUrlSitemap(DjangoSitemap):
    """A Django sitemap of objects with ``get_absolute_url``, on the base URL."""

    limit = 5000

    def get_protocol(self, protocol=None):
        return urlsplit(links.base_url()).scheme or "https"

    def get_domain(self, site=None):
        return links.base_host()


class PageSitemap(WagtailSitemap):
    """Every live, public Wagtail page of the site, in every language's tree; a page type
    that must stay out (a members-only community) answers ``get_sitemap_urls`` with []."""

    def items(self):
        from wagtail.models import Page

        root = self.get_wagtail_site().root_page
        pages = Page.objects.none()
        for translation in root.get_translations(inclusive=True):
            pages |= translation.get_descendants(inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = links.rebased(url["location"])
        return urls
