from django.urls import path

from discussions import views

urlpatterns = [
    path("threads/<int:thread_id>/", views.thread_detail, name="thread_detail"),
    path("threads/<int:thread_id>/reply/", views.post_reply, name="post_reply"),
    path("threads/<int:thread_id>/follow/", views.thread_follow, name="thread_follow"),
    path("threads/<int:thread_id>/move/", views.thread_move, name="thread_move"),
    path("threads/<int:thread_id>/mentions/", views.mention_candidates, name="mentions"),
    path(
        "communities/<int:community_id>/mentions/",
        views.community_mention_candidates,
        name="community_mentions",
    ),
    path(
        "threads/<int:thread_id>/moderate/<str:action>/",
        views.thread_moderate,
        name="thread_moderate",
    ),
    path("communities/<int:community_id>/threads/new/", views.thread_create, name="thread_create"),
    path(
        "communities/<int:community_id>/moderation/",
        views.moderation_queue,
        name="moderation_queue",
    ),
    path("posts/preview/", views.post_preview, name="post_preview"),
    path("posts/<int:post_id>/", views.post_permalink, name="post_permalink"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:post_id>/hide/", views.post_hide, name="post_hide"),
    path("posts/<int:post_id>/unhide/", views.post_unhide, name="post_unhide"),
    path("posts/<int:post_id>/flag/", views.post_flag, name="post_flag"),
    path("posts/<int:post_id>/react/<str:kind>/", views.post_react, name="post_react"),
    path("posts/<int:post_id>/answer/", views.post_answer, name="post_answer"),
    path("me/notifications/", views.notifications, name="notifications"),
]
