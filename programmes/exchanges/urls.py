"""Routes for staff exchanges, study visits and reports (see programmes/urls.py).

All live in the ``programmes`` namespace under ``/programmes/``.
"""

from django.urls import path

from programmes.exchanges import views

urlpatterns = [
    # Offers and the round's exchanges
    path("rounds/<int:round_id>/exchanges/", views.offer_list, name="exchange_offers"),
    path(
        "rounds/<int:round_id>/exchanges/offer/",
        views.offer_create,
        name="exchange_offer_create",
    ),
    path("rounds/<int:round_id>/exchanges/manage/", views.exchange_manage, name="exchange_manage"),
    path(
        "rounds/<int:round_id>/exchanges/match/",
        views.exchange_pair,
        {"mode": "match"},
        name="exchange_match",
    ),
    path(
        "rounds/<int:round_id>/exchanges/record/",
        views.exchange_pair,
        {"mode": "record"},
        name="exchange_record",
    ),
    path(
        "rounds/<int:round_id>/exchanges/statistics.csv",
        views.statistics_csv,
        name="exchange_statistics_csv",
    ),
    path(
        "rounds/<int:round_id>/exchanges/exchanges.csv",
        views.exchange_list_csv,
        name="exchange_list_csv",
    ),
    path("exchanges/offers/<int:offer_id>/", views.offer_detail, name="exchange_offer"),
    path("exchanges/offers/<int:offer_id>/edit/", views.offer_edit, name="exchange_offer_edit"),
    path(
        "exchanges/offers/<int:offer_id>/close/",
        views.offer_open_or_close,
        {"action": "close"},
        name="exchange_offer_close",
    ),
    path(
        "exchanges/offers/<int:offer_id>/reopen/",
        views.offer_open_or_close,
        {"action": "reopen"},
        name="exchange_offer_reopen",
    ),
    path("exchanges/offers/<int:offer_id>/apply/", views.exchange_apply, name="exchange_apply"),
    # One exchange
    path("exchanges/mine/", views.my_exchanges, name="my_exchanges"),
    path("exchanges/<int:exchange_id>/", views.exchange_detail, name="exchange"),
    path("exchanges/<int:exchange_id>/confirm/", views.exchange_confirm, name="exchange_confirm"),
    path("exchanges/<int:exchange_id>/cancel/", views.exchange_cancel, name="exchange_cancel"),
    path("exchanges/<int:exchange_id>/report/", views.exchange_report, name="exchange_report"),
    # Reports
    path("reports/<int:report_id>/post/", views.report_post, name="report_post"),
    # Study visits
    path("visits/new/<int:programme_id>/", views.visit_create, name="visit_create"),
    path("visits/<int:visit_id>/", views.visit_detail, name="visit"),
    path("visits/<int:visit_id>/manage/", views.visit_manage, name="visit_manage"),
    path("visits/<int:visit_id>/edit/", views.visit_edit, name="visit_edit"),
    path("visits/<int:visit_id>/items/add/", views.visit_item_add, name="visit_item_add"),
    path(
        "visits/<int:visit_id>/items/<int:item_id>/remove/",
        views.visit_item_remove,
        name="visit_item_remove",
    ),
    path(
        "visits/<int:visit_id>/participants/add/",
        views.visit_participant_add,
        name="visit_participant_add",
    ),
    path(
        "visits/<int:visit_id>/participants/<int:user_id>/remove/",
        views.visit_participant_remove,
        name="visit_participant_remove",
    ),
    path("visits/<int:visit_id>/report/", views.visit_report, name="visit_report"),
]
