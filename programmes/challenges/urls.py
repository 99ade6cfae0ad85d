"""Routes for rounds (see programmes/urls.py)."""

from django.urls import path

from programmes.challenges import views

urlpatterns = [
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/challenges/new/", views.challenge_create, name="challenge_create"),
    path("rounds/<int:round_id>/ranking/", views.ranking, name="round_ranking"),
    path("rounds/<int:round_id>/announce/", views.announce, name="round_announce"),
    path("rounds/<int:round_id>/showcase/", views.showcase, name="round_showcase"),
    path("rounds/new/<int:programme_id>/", views.round_create, name="round_create"),
    path("rounds/<int:round_id>/settings/", views.round_settings, name="round_settings"),
    path(
        "rounds/<int:round_id>/criteria/add/",
        views.criterion_add,
        name="round_criterion_add",
    ),
    path(
        "rounds/<int:round_id>/criteria/<int:criterion_id>/edit/",
        views.criterion_edit,
        name="round_criterion_edit",
    ),
    path(
        "rounds/<int:round_id>/criteria/<int:criterion_id>/remove/",
        views.criterion_remove,
        name="round_criterion_remove",
    ),
    path(
        "rounds/<int:round_id>/commission/add/",
        views.commissioner_add,
        name="round_commissioner_add",
    ),
    path(
        "rounds/<int:round_id>/commission/<int:user_id>/remove/",
        views.commissioner_remove,
        name="round_commissioner_remove",
    ),
    path("challenges/mine/", views.my_challenges, name="my_challenges"),
    path("challenges/<int:challenge_id>/", views.challenge_detail, name="challenge"),
    path("challenges/<int:challenge_id>/edit/", views.challenge_edit, name="challenge_edit"),
    path("challenges/<int:challenge_id>/send/", views.challenge_send, name="challenge_send"),
    path(
        "challenges/<int:challenge_id>/withdraw/",
        views.challenge_withdraw,
        name="challenge_withdraw",
    ),
    path("challenges/<int:challenge_id>/score/", views.challenge_score, name="challenge_score"),
    path("challenges/<int:challenge_id>/select/", views.challenge_select, name="challenge_select"),
    path(
        "challenges/<int:challenge_id>/unselect/",
        views.challenge_unselect,
        name="challenge_unselect",
    ),
    path("challenges/<int:challenge_id>/mentor/", views.mentor_assign, name="challenge_mentor"),
    path("challenges/<int:challenge_id>/team/", views.team_add, name="challenge_team_add"),
    path(
        "challenges/<int:challenge_id>/team/<int:user_id>/remove/",
        views.team_remove,
        name="challenge_team_remove",
    ),
    path("challenges/<int:challenge_id>/outcome/", views.outcome, name="challenge_outcome"),
    path(
        "challenges/<int:challenge_id>/propose-practice/",
        views.propose_practice,
        name="challenge_propose_practice",
    ),
]
