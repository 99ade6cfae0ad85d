"""E-mail settings from the environment, in every runtime mode.

A pure function, so the parsing is tested without reloading settings modules. With
``EMAIL_HOST`` set, mail is delivered over SMTP; otherwise it is printed on the console.
Either way Praxis's own ``EMAIL_BACKEND`` is the durable queue (``outbox``): the transport
chosen here is ``OUTBOX_DELIVERY_BACKEND``, which the queue's worker uses.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM = "Praxis <praxis@localhost>"

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(environ: Mapping[str, str], name: str, default: bool) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def _number(environ: Mapping[str, str], name: str, default: float, kind=int):
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from None
    if value <= 0:
        raise ImproperlyConfigured(f"{name} must be greater than zero, not {raw!r}.")
    return value


def email_settings_from_env(environ: Mapping[str, str]) -> dict:
    """The Django e-mail settings the environment asks for: ``OUTBOX_DELIVERY_BACKEND``
    (SMTP when ``EMAIL_HOST`` is set, else the console), the ``EMAIL_*`` SMTP settings and
    ``DEFAULT_FROM_EMAIL``. ``EMAIL_USE_TLS`` (STARTTLS, the default on port 587) and
    ``EMAIL_USE_SSL`` (implicit TLS, usually port 465) exclude each other."""
    result: dict = {
        "DEFAULT_FROM_EMAIL": environ.get("DEFAULT_FROM_EMAIL", "").strip() or DEFAULT_FROM,
        "EMAIL_TIMEOUT": _number(environ, "EMAIL_TIMEOUT", 10, kind=float),
    }
    host = environ.get("EMAIL_HOST", "").strip()
    if not host:
        result["OUTBOX_DELIVERY_BACKEND"] = CONSOLE_BACKEND
        return result
    use_ssl = _flag(environ, "EMAIL_USE_SSL", False)
    # STARTTLS is the default, unless implicit TLS was asked for instead.
    use_tls = _flag(environ, "EMAIL_USE_TLS", not use_ssl)
    if use_tls and use_ssl:
        raise ImproperlyConfigured(
            "EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other: set one of them to true "
            "(TLS: STARTTLS, usually port 587; SSL: implicit TLS, usually port 465)."
        )
    result.update(
        OUTBOX_DELIVERY_BACKEND=SMTP_BACKEND,
        EMAIL_HOST=host,
        EMAIL_PORT=_number(environ, "EMAIL_PORT", 587),
        EMAIL_HOST_USER=environ.get("EMAIL_HOST_USER", ""),
        EMAIL_HOST_PASSWORD=environ.get("EMAIL_HOST_PASSWORD", ""),
        EMAIL_USE_TLS=use_tls,
        EMAIL_USE_SSL=use_ssl,
    )
    return result
