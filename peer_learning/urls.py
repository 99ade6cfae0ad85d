from django.urls import path

from peer_learning import views

urlpatterns = [
    path("meetings/<int:meeting_id>/peer-learning/", views.peer_session, name="peer_session"),
    path(
        "meetings/<int:meeting_id>/peer-learning/new/",
        views.peer_session_create,
        name="peer_session_create",
    ),
    path(
        "meetings/<int:meeting_id>/peer-learning/days/",
        views.session_day,
        name="peer_session_day",
    ),
    path(
        "meetings/<int:meeting_id>/peer-learning/groups/",
        views.task_group_create,
        name="task_group_create",
    ),
    path(
        "meetings/<int:meeting_id>/peer-learning/groups/mix/",
        views.task_groups_mix,
        name="task_groups_mix",
    ),
    path(
        "meetings/<int:meeting_id>/peer-learning/groups/<int:group_id>/recommendations/",
        views.task_group_recommendations,
        name="task_group_recommendations",
    ),
    path(
        "meetings/<int:meeting_id>/peer-learning/groups/<int:group_id>/propose/",
        views.task_group_propose,
        name="task_group_propose",
    ),
    path(
        "meetings/<int:meeting_id>/peer-learning/groups/assign/",
        views.task_group_assign,
        name="task_group_assign",
    ),
    path(
        "meetings/<int:meeting_id>/peer-learning/open-space/<int:day_id>/",
        views.open_space_board,
        name="open_space_board",
    ),
    path(
        "meetings/<int:meeting_id>/peer-learning/open-space/<int:day_id>/propose/",
        views.open_space_propose,
        name="open_space_propose",
    ),
    path(
        "meetings/<int:meeting_id>/peer-learning/open-space/<int:day_id>/<int:item_id>/"
        "<str:action>/",
        views.open_space_signup,
        name="open_space_signup",
    ),
]
