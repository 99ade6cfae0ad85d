from django.urls import path

from meetings import views

urlpatterns = [
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>.ics", views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/rsvp/", views.rsvp, name="meeting_rsvp"),
    path("meetings/<int:meeting_id>/agenda/", views.agenda_add, name="meeting_agenda_add"),
    path(
        "meetings/<int:meeting_id>/agenda/<int:item_id>/remove/",
        views.agenda_remove,
        name="meeting_agenda_remove",
    ),
    path("meetings/<int:meeting_id>/harvest/", views.harvest, name="meeting_harvest"),
    path(
        "meetings/community/<int:community_id>/",
        views.community_meetings,
        name="community_meetings",
    ),
    path(
        "meetings/community/<int:community_id>/new/",
        views.meeting_create,
        name="meeting_create",
    ),
    path(
        "meetings/community/<int:community_id>/topics/new/",
        views.round_open,
        name="topic_round_open",
    ),
    path("meetings/topics/<int:round_id>/", views.round_detail, name="topic_round"),
    path("meetings/topics/<int:round_id>/propose/", views.topic_propose, name="topic_propose"),
    path("meetings/topics/<int:round_id>/close/", views.round_close, name="topic_round_close"),
    path(
        "meetings/topics/<int:round_id>/<int:topic_id>/<str:action>/",
        views.topic_vote,
        name="topic_vote",
    ),
    path("meetings/calendar/", views.calendar_links, name="meeting_calendar_links"),
    path("meetings/calendar/reset/", views.calendar_reset, name="meeting_calendar_reset"),
    path("meetings/feeds/<str:key>/mine.ics", views.feed_mine, name="meeting_feed_mine"),
    path(
        "meetings/feeds/<str:key>/community/<int:community_id>.ics",
        views.feed_community_private,
        name="meeting_feed_community_private",
    ),
    path(
        "meetings/feeds/community/<int:community_id>.ics",
        views.feed_community_public,
        name="meeting_feed_community",
    ),
]
