from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AboutConfig(AppConfig):
    """Pages about the site itself: the accessibility statement."""

    name = "about"
    verbose_name = _("About this site")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from about import selectors

        page_published.connect(selectors.forget_statement_urls, dispatch_uid="praxis-a11y-pub")
        page_unpublished.connect(selectors.forget_statement_urls, dispatch_uid="praxis-a11y-unpub")
