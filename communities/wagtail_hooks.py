"""Serving pages in the reader's language (the choice itself:
``communities.selectors.in_reader_language``)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from communities import selectors


@hooks.register("before_serve_page")
def redirect_to_reader_translation(page, request, serve_args, serve_kwargs):
    """``/guide/x/`` (the English original) sends a reader whose language has a live
    translation to it (``/sl/guide/x/``). A redirect rather than serving the translation
    in place: each language keeps its own URL, so links, bookmarks, caches and the
    ``hreflang`` alternates stay true. A prefixed URL is served as asked, and so is the
    original with ``?lang=en`` (the page's "English" link)."""
    if request.method not in ("GET", "HEAD") or request.GET.get("lang"):
        return None
    if getattr(request, "content_language", settings.LANGUAGE_CODE) != settings.LANGUAGE_CODE:
        return None
    reader = selectors.reader_content_language(request.LANGUAGE_CODE)
    if reader == settings.LANGUAGE_CODE or request.path != page.get_url(request):
        return None
    candidates = type(page).objects.live().public().filter(translation_key=page.translation_key)
    target = selectors.in_reader_language(candidates, language=reader).first()
    if target is None or target.pk == page.pk:
        return None
    url = target.get_url(request)
    if request.META.get("QUERY_STRING"):
        url = f"{url}?{request.META['QUERY_STRING']}"
    response = HttpResponseRedirect(url)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


# Facilitators' membership decisions, logged on the community page by communities.services.
MEMBERSHIP_LOG_ACTIONS = {
    "praxis.join_approve": (_("Approve request to join"), _("Request to join approved")),
    "praxis.join_decline": (_("Decline request to join"), _("Request to join declined")),
    "praxis.member_remove": (_("Remove member"), _("Member removed")),
    "praxis.member_role": (_("Change member's role"), _("Member's role changed")),
}


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    for action, (label, message) in MEMBERSHIP_LOG_ACTIONS.items():
        actions.register_action(action, label, message)
