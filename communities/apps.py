from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from communities.extensions import add_navigation

        add_navigation(
            "communities", _("Communities"), order=10, page_type="communities.CommunityIndexPage"
        )
