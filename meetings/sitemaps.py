"""Meetings anyone may see, for ``/sitemap.xml``."""

from django.contrib.auth.models import AnonymousUser

from core.sitemaps import BaseUrlSitemap
from meetings.selectors import visible_meetings


class MeetingSitemap(BaseUrlSitemap):
    def items(self):
        return visible_meetings(user=AnonymousUser()).only("pk", "updated_at").order_by("pk")

    def lastmod(self, meeting):
        return meeting.updated_at
