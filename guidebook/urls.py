"""URLs beside the Wagtail pages /guide/ and /practices/ (included before Wagtail's
catch-all, so these win; practice slugs that would collide are refused)."""

from django.urls import path

from guidebook import feeds, views

urlpatterns = [
    path("practices/submit/", views.practice_submit, name="practice_submit"),
    path("practices/mine/", views.practice_submissions, name="practice_submissions"),
    path("practices/feed/", feeds.PracticeFeed(), name="practice_feed"),
    path("practices/feed/atom/", feeds.PracticeAtomFeed(), name="practice_feed_atom"),
    path("guide/feed/", feeds.GuideUpdatesFeed(), name="guide_feed"),
    path("guide/feed/atom/", feeds.GuideUpdatesAtomFeed(), name="guide_feed_atom"),
    path(
        "guidebook/threads/<int:thread_id>/propose/",
        views.propose_from_thread,
        name="practice_propose",
    ),
]
