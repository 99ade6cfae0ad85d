"""The one view adapter: form -> service -> message -> redirect, or JSON.

Every view that writes goes through ``run`` (a button: no typed input to keep) or
``form_action`` (a form: re-rendered with its errors). Both answer the same way:
- a refused write (``ServiceError``) changes nothing and answers with the error's own
  status, ``Retry-After`` on 429, as JSON when the client asks for it, otherwise with the
  message on the page (a button redirects back; a form is shown again, 4xx);
- a form that does not validate answers 400 with its errors;
- success shows its message and redirects to a safe ``next`` or the fallback.
Sockets answer refusals with ``error_payload``, the same body the JSON answer carries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.errors import ServiceError


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def safe_next(request: HttpRequest, fallback: str) -> str:
    """The ``next`` field when it is a local URL on this host, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def error_payload(error: ServiceError) -> dict[str, Any]:
    return {
        "ok": False,
        "message": error.message,
        "code": error.code,
        "status": error.status,
        "retry_after": error.retry_after,
    }


def error_frame(error: ServiceError) -> dict[str, Any]:
    """The socket's ``error`` frame for a refused action: ``error_payload`` with its type.

    On sockets ``code`` is the numeric status, as in the consumers' own error frames (400
    bad frame, 401 signed out, 413 too large); the JSON answer's ``status`` is kept too."""
    return {"type": "error", **error_payload(error), "code": error.status}


def retry_after_header(response: HttpResponse, error: ServiceError) -> HttpResponse:
    """Tell a refused client when to try again (429 only); the one place that says how."""
    if error.status == 429:
        response["Retry-After"] = str(error.retry_after or 5)
    return response


def with_retry_after(response: HttpResponse, error: ServiceError) -> HttpResponse:
    """The response with the error's status and, on 429, its ``Retry-After``."""
    response.status_code = error.status
    return retry_after_header(response, error)


def form_errors(request: HttpRequest, form) -> None:
    """A refused form's errors as messages, for pages that show them above the form."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(
                request,
                _("%(field)s: %(error)s") % {"field": label, "error": error} if label else error,
            )


def refused(request: HttpRequest, error: ServiceError, *, fallback: str) -> HttpResponse:
    """A refused button: JSON with the status, or back to the page with the message."""
    if wants_json(request):
        return with_retry_after(JsonResponse(error_payload(error)), error)
    messages.error(request, error.message)
    return retry_after_header(HttpResponseRedirect(safe_next(request, fallback)), error)


def done(request: HttpRequest, message: str, *, redirect_to: str, **data) -> HttpResponse:
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message, **data})
    if message:
        messages.success(request, message)
    return HttpResponseRedirect(safe_next(request, redirect_to))


def run(
    request: HttpRequest,
    call: Callable[[], Any],
    *,
    success: str | Callable[[Any], str],
    redirect_to: str | Callable[[Any], str],
    on_error: Callable[[ServiceError], HttpResponse] | None = None,
    data: Callable[[Any], dict] | None = None,
) -> HttpResponse:
    """Run a button's service call and answer for it.

    ``on_error`` renders the page again (with the message) instead of redirecting; its
    response gets the error's status. ``data(result)`` adds keys to the JSON success
    answer (e.g. a toggle's new state for the script)."""
    try:
        result = call()
    except ServiceError as error:
        if on_error is not None and not wants_json(request):
            messages.error(request, error.message)
            return with_retry_after(on_error(error), error)
        fallback = redirect_to if isinstance(redirect_to, str) else request.path
        return refused(request, error, fallback=fallback)
    message = success(result) if callable(success) else success
    target = redirect_to(result) if callable(redirect_to) else redirect_to
    return done(request, message, redirect_to=target, **(data(result) if data else {}))


def form_action(
    request: HttpRequest,
    form,
    call: Callable[[dict], Any],
    *,
    success: str | Callable[[Any], str],
    redirect_to: str | Callable[[Any], str],
    render: Callable[..., HttpResponse],
) -> HttpResponse:
    """GET shows the form; POST validates it and runs ``call(cleaned_data)``.

    ``render(form, status=...)`` draws the page; a refused form answers 400, a refused
    write the error's status, both with the form as typed."""
    if request.method != "POST":
        return render(form, status=200)
    if not form.is_valid():
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "errors": form.errors.get_json_data(), "status": 400}, status=400
            )
        return render(form, status=400)
    try:
        result = call(form.cleaned_data)
    except ServiceError as error:
        if wants_json(request):
            return with_retry_after(JsonResponse(error_payload(error)), error)
        form.add_error(None, error.message)
        return with_retry_after(render(form, status=error.status), error)
    message = success(result) if callable(success) else success
    target = redirect_to(result) if callable(redirect_to) else redirect_to
    return done(request, message, redirect_to=target)
