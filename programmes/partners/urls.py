"""Routes for partner records (see programmes/urls.py)."""

from django.urls import path

from programmes.partners import views

urlpatterns = [
    path("partners/<int:programme_id>/", views.partner_overview, name="partners"),
    path("partners/<int:programme_id>/new/", views.partner_record_new, name="partner_new"),
    path("partners/records/<int:record_id>/", views.partner_record_edit, name="partner_edit"),
    path(
        "partners/records/<int:record_id>/delete/",
        views.partner_record_delete,
        name="partner_delete",
    ),
]
