from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = _("Meetings")

    def ready(self):
        from communities.extensions import add_navigation

        add_navigation("meetings", _("Meetings"), order=20, url_name="meeting_list")
