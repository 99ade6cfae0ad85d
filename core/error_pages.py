"""The site's own answers for 400, 403 (CSRF failures included), 404, 500 and 503 (a
dropped database connection, see ``core.db_retry``).

Each 4xx page is the site's normal page (header, navigation, sign-in link) with a short
explanation of what happened and what to do next. A 404 says nothing about why nothing
was found, so a members-only community reads exactly like an address that does not exist.
The 500 page is rendered without a request context: no context processor, session or
database query runs, so it still renders when the database is what failed. A 4xx page
that cannot be rendered (a bad Host header, a database outage) falls back to the same
standalone page with its own status.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

PAGE_TEMPLATE = "errors/page.html"
STANDALONE_TEMPLATE = "errors/standalone.html"


def _messages(status: int, *, csrf: bool = False) -> tuple[str, str]:
    if status == 503:
        return (
            _("Praxis lost its connection to the database"),
            _(
                "The connection to the database was interrupted while Praxis was answering. "
                "Reload the page in a few seconds. If you were sending a form, reload the "
                "page first and check whether your change was saved before you send it again."
            ),
        )
    if csrf:
        return (
            _("This form has expired"),
            _(
                "For your security, a form can only be sent from a page Praxis showed you "
                "recently. Go back, reload the page and send the form again. If this keeps "
                "happening, check that your browser accepts cookies from this site."
            ),
        )
    if status == 400:
        return (
            _("The request could not be understood"),
            _("Check the address, or go back and try again."),
        )
    if status == 403:
        return (
            _("You may not open this page"),
            _(
                "Your account does not have access to this page. If you think it should, "
                "ask the community's facilitator."
            ),
        )
    if status == 404:
        return (
            _("Page not found"),
            _(
                "There is nothing at this address that you can see. It may have moved, or it "
                "may be open only to signed-in members."
            ),
        )
    return (
        _("Something went wrong"),
        _(
            "Praxis could not show this page because of an error on our side, and the error "
            "has been recorded. Try again in a few minutes. If you were sending a form, check "
            "whether it arrived before you send it again."
        ),
    )


def _standalone(status: int, *, csrf: bool = False) -> HttpResponse:
    heading, explanation = _messages(status, csrf=csrf)
    body = loader.get_template(STANDALONE_TEMPLATE).render(
        {"status": status, "heading": heading, "explanation": explanation}
    )
    return HttpResponse(body, status=status)


def _page(request: HttpRequest, status: int, *, csrf: bool = False) -> HttpResponse:
    heading, explanation = _messages(status, csrf=csrf)
    context = {"status": status, "heading": heading, "explanation": explanation, "csrf": csrf}
    try:
        body = loader.render_to_string(PAGE_TEMPLATE, context, request=request)
    except Exception:
        logger.exception("The %s page could not be rendered; answering the plain one", status)
        return _standalone(status, csrf=csrf)
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _standalone(500)


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 when the database connection dropped (``core.db_retry``); no query runs."""
    return _standalone(503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a 403 that tells the reader to reload and send again."""
    return _page(request, 403, csrf=True)
