from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from communities.extensions import add_page_context
        from core import jobs
        from discussions import notification_mail, signals  # noqa: F401
        from discussions.selectors import recent_posts_for, threads_for_community

        add_page_context(
            "home", lambda *, page, request: {"feed": recent_posts_for(user=request.user)}
        )
        add_page_context(
            "community",
            lambda *, page, request: {
                "threads": threads_for_community(
                    community=page, user=request.user, page_number=request.GET.get("page")
                )
            },
        )
        jobs.register("notification-mail", every=20, run=notification_mail.send_due)
