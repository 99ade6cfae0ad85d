from django.urls import path

from digests.feeds import CommunityNewsFeed

urlpatterns = [
    path("communities/<int:community_id>/feed/", CommunityNewsFeed(), name="community_feed"),
]
