from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidebookConfig(AppConfig):
    name = "guidebook"
    verbose_name = _("Guidebook")

    def ready(self):
        from communities.extensions import add_navigation
        from guidebook.documents import connect_upload_names

        connect_upload_names()

        add_navigation("guide", _("Guide"), order=30, page_type="guidebook.GuideIndexPage")
        add_navigation(
            "practices", _("Good practices"), order=40, page_type="guidebook.PracticeIndexPage"
        )
