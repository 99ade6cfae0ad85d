from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "programmes"
    verbose_name = _("Programmes")

    def ready(self):
        from communities.extensions import add_navigation

        add_navigation(
            "programmes", _("Programmes"), order=50, page_type="programmes.ProgrammeIndexPage"
        )
