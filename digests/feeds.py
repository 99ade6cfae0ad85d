"""A community's news as an Atom feed: new threads and meetings, newest first.

For feed readers, which sign nobody in: only public communities have a feed (a
members-only one answers the same 404 as a community that does not exist), and only the
threads and meetings an anonymous visitor may see are listed
(``discussions.permissions.thread_reader_filter``, ``meetings.permissions``).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from communities.models import CommunityPage
from communities.permissions import can_view_community
from core.links import absolute_url
from discussions.models import Post, Thread
from discussions.permissions import thread_reader_filter
from meetings.models import Meeting
from meetings.permissions import visible_meeting_filter

FEED_LENGTH = 30


def community_news(community: CommunityPage, *, limit: int = FEED_LENGTH) -> list:
    """The newest threads and meetings of ``community`` an anonymous visitor may see."""
    anonymous = AnonymousUser()
    threads = list(
        Thread.objects.filter(community=community)
        .filter(thread_reader_filter(anonymous))
        .select_related("author")
        .order_by("-created_at", "-pk")[:limit]
    )
    openings = {}
    for post in (
        Post.objects.visible()
        .filter(thread__in=threads)
        .order_by("thread_id", "created_at", "pk")
        .only("thread_id", "html")
    ):
        openings.setdefault(post.thread_id, strip_tags(post.html))
    for thread in threads:
        thread.feed_summary = openings.get(thread.pk, "")
    meetings = list(
        Meeting.objects.filter(community=community)
        .filter(visible_meeting_filter(anonymous))
        .order_by("-created_at", "-pk")[:limit]
    )
    news = sorted(threads + meetings, key=lambda item: (item.created_at, item.pk), reverse=True)
    return news[:limit]


class CommunityNewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, community_id: int):
        community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
        if community.is_members_only or not can_view_community(AnonymousUser(), community):
            raise Http404
        return community

    def title(self, community):
        return _("Praxis: news from %(community)s") % {"community": community.title}

    def subtitle(self, community):
        return _("New discussions and meetings in %(community)s.") % {"community": community.title}

    def link(self, community):
        return absolute_url(community.url or "/")

    def feed_url(self, community):
        return absolute_url(f"/communities/{community.pk}/feed/")

    def items(self, community):
        return community_news(community)

    def item_title(self, item):
        if isinstance(item, Meeting):
            return _("Meeting: %(title)s") % {"title": item.title}
        return item.title

    def item_description(self, item):
        if isinstance(item, Meeting):
            when = item.local_start.strftime("%Y-%m-%d %H:%M")
            return f"{when} ({item.time_zone}) · {item.get_format_display()}"
        return Truncator(item.feed_summary).words(60)

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        kind = "meeting" if isinstance(item, Meeting) else "thread"
        return absolute_url(f"/#{kind}-{item.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        if isinstance(item, Meeting):
            return item.updated_at
        return item.last_activity_at

    def item_author_name(self, item):
        if isinstance(item, Meeting):
            return None
        return item.author.name

    def item_categories(self, item):
        return [_("Meeting") if isinstance(item, Meeting) else _("Discussion")]
