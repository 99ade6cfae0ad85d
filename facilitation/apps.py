from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacilitationConfig(AppConfig):
    name = "facilitation"
    verbose_name = _("Facilitation")

    def ready(self):
        from communities.extensions import add_page_context
        from facilitation.selectors import community_page_context

        add_page_context("community", community_page_context)
