from django.urls import path

from communities import views

urlpatterns = [
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("membership/<int:community_id>/join/", views.membership_join, name="membership_join"),
    path("membership/<int:community_id>/leave/", views.membership_leave, name="membership_leave"),
    path(
        "membership/<int:community_id>/invitation/decline/",
        views.invitation_decline,
        name="invitation_decline",
    ),
    path(
        "membership/<int:community_id>/invite/", views.membership_invite, name="membership_invite"
    ),
    path(
        "membership/<int:community_id>/requests/<int:membership_id>/<str:decision>/",
        views.request_decide,
        name="membership_request_decide",
    ),
    path(
        "membership/<int:community_id>/members/<int:membership_id>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "membership/<int:community_id>/members/<int:membership_id>/role/<str:role>/",
        views.membership_set_role,
        name="membership_set_role",
    ),
    path("me/communities/", views.my_communities, name="my_communities"),
    path("me/profile/", views.profile_edit, name="profile_edit"),
    path("me/email/", views.email_preferences, name="email_preferences"),
    path("email/unsubscribe/<str:token>/", views.email_unsubscribe, name="email_unsubscribe"),
    path("people/<str:username>/", views.profile, name="profile"),
]
