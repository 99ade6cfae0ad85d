from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from communities.extensions import add_navigation, add_page_context
        from core import jobs
        from dashboards import aggregates, signals  # noqa: F401
        from dashboards.permissions import community_dashboard_link, has_a_dashboard

        add_page_context(
            "community",
            lambda *, page, request: {
                "dashboard_url": community_dashboard_link(request.user, page)
            },
        )
        add_navigation(
            "dashboards",
            _("Dashboards"),
            order=70,
            url_name="dashboards:mine",
            shown_to=has_a_dashboard,
        )
        # Catches what a signal cannot see (queryset updates): the last two days again.
        jobs.register("dashboards-refresh", every=600, run=aggregates.refresh_recent, on_wake=False)
