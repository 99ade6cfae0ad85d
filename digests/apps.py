from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestsConfig(AppConfig):
    name = "digests"
    verbose_name = _("Digests")

    def ready(self):
        from core import jobs
        from digests import services

        # Often enough that a digest goes soon after it falls due; the claim in the
        # database keeps two processes from sending the same one.
        jobs.register("digests", every=600, run=services.send_due_digests, on_wake=False)
