"""Which language a request speaks: the interface's, and the content's.

Wagtail's pages are served through ``i18n_patterns(prefix_default_language=False)``: an
English page at ``/guide/x/``, its Polish translation at ``/pl/guide/x/``. Django's own
``LocaleMiddleware`` would then make every unprefixed URL English, threads and search
included. This one keeps two languages apart:

- the **content language** (``request.content_language``): the URL's language prefix, or
  the default language. It is active while Django resolves the URL (the prefix patterns
  match on the active language) and while Wagtail finds the page in that locale's tree;
- the **interface language** (``request.LANGUAGE_CODE``): what the reader chose (a
  signed-in person's profile language, else the language cookie, then Accept-Language).
  It is active from the view on, so menus, buttons and messages speak it on every page,
  prefixed or not.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers

from core.i18n import chosen_language

WAGTAIL_SERVE = "wagtail_serve"


class LocaleMiddleware(DjangoLocaleMiddleware):
    def process_request(self, request):
        content = translation.get_language_from_path(request.path_info)
        request.content_language = content or settings.LANGUAGE_CODE
        translation.activate(request.content_language)
        # Until the view runs (an unresolved URL's 404 page included): the reader's choice.
        request.LANGUAGE_CODE = translation.get_language_from_request(request)

    def interface_language(self, request) -> str:
        """The reader's choice: a signed-in person's language of Praxis (their profile),
        else the language cookie, then the browser's Accept-Language."""
        return chosen_language(getattr(request, "user", None)) or (
            translation.get_language_from_request(request, check_path=False)
        )

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.url_name == WAGTAIL_SERVE:
            # Wagtail finds the page in the tree of the active language and caches the
            # route on the request: find it now, in the URL's language.
            from wagtail.models import Page

            path = view_kwargs.get("path", view_args[0] if view_args else "")
            try:
                Page.route_for_request(request, path)
            finally:
                # A page that does not exist raises Http404 here: its 404 page speaks
                # the reader's language too.
                self.activate_interface_language(request)
        else:
            self.activate_interface_language(request)

    def activate_interface_language(self, request) -> None:
        translation.activate(self.interface_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # What a page says depends on the reader's language on every URL.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def set_language(request):
    """Django's ``set_language``, returning the reader to the page they were on. Django's
    own would rewrite ``/guide/x/`` to ``/sl/guide/x/``, a URL that exists only if the
    chapter has a Slovenian translation with the same slug; back on ``/guide/x/``, the
    reader is sent to their translation if there is one (communities.wagtail_hooks)."""
    from django.utils.http import url_has_allowed_host_and_scheme
    from django.views.i18n import set_language as django_set_language

    response = django_set_language(request)
    next_url = request.POST.get("next", request.GET.get("next"))
    if (
        response.status_code in (301, 302)
        and next_url
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        response["Location"] = next_url
    return response
