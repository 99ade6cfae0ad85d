from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "praxis_search"
    verbose_name = _("Search")

    def ready(self):
        from core import jobs
        from search import indexer, signals

        signals.connect()
        # Embedded default: index work a killed process left is done at start-up.
        jobs.register("search.drain_pending", every=300, run=indexer.drain_pending, on_wake=False)
