"""Threads anyone may read, for ``/sitemap.xml``: nothing of a members-only community,
nothing of a thread restricted to its readers."""

from django.contrib.auth.models import AnonymousUser

from communities.models import CommunityPage
from communities.permissions import readable_community_filter
from core.sitemaps import BaseUrlSitemap
from discussions.models import Thread
from discussions.permissions import thread_reader_filter


class ThreadSitemap(BaseUrlSitemap):
    changefreq = "daily"

    def items(self):
        anonymous = AnonymousUser()
        communities = CommunityPage.objects.filter(readable_community_filter(anonymous))
        return (
            Thread.objects.filter(community__in=communities)
            .filter(thread_reader_filter(anonymous))
            .only("pk", "last_activity_at")
            .order_by("pk")
        )

    def lastmod(self, thread):
        return thread.last_activity_at
