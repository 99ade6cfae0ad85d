from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidebookConfig(AppConfig):
    name = "guidebook"
    verbose_name = _("Guidebook")
