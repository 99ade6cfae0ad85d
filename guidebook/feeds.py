"""RSS and Atom feeds: new practice cases, and guide chapters as they are updated.
Only published, unrestricted pages appear (``selectors.published_practices``)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from communities.selectors import in_reader_language
from guidebook.models import GuidePage
from guidebook.selectors import published_practices

FEED_LENGTH = 30


class PracticeFeed(Feed):
    title = _("Praxis: new good-practice cases")
    description = _("Practice cases published in the Praxis good-practice library.")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def link(self):
        return "/practices/"

    def items(self):
        return (
            in_reader_language(published_practices())
            .order_by("-first_published_at", "-pk")
            .prefetch_related("themes")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """The summary, then the source the case is drawn from (cited as it asks)."""
        if not item.source_citation:
            return item.summary
        source = item.source_citation
        if item.source_date:
            source = f"{source} ({item.source_date})"
        if item.source_url:
            source = f"{source}, {item.source_url}"
        return f"{item.summary}\n\n{_('Source:')} {source}"

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [theme.name for theme in item.themes.all()]


class PracticeAtomFeed(PracticeFeed):
    feed_type = Atom1Feed
    subtitle = PracticeFeed.description


class GuideUpdatesFeed(Feed):
    title = _("Praxis: guide updates")
    description = _("Chapters of the guide to running a community of practice, as they change.")

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return None

    def link(self):
        return "/guide/"

    def items(self):
        chapters = in_reader_language(GuidePage.objects.live().public())
        return chapters.order_by("-last_published_at", "-pk")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.last_published_at

    def item_updateddate(self, item):
        return item.last_published_at


class GuideUpdatesAtomFeed(GuideUpdatesFeed):
    feed_type = Atom1Feed
    subtitle = GuideUpdatesFeed.description
