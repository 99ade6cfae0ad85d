from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How often the job runner looks at the queue (a wake() after queueing comes sooner).
DELIVERY_EVERY = 10.0
PURGE_EVERY = 3600.0


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outgoing e-mail")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core import jobs

        from . import services

        jobs.register("outbox.deliver_due", every=DELIVERY_EVERY, run=services.deliver_due)
        jobs.register("outbox.purge_sent", every=PURGE_EVERY, run=services.purge_sent)
