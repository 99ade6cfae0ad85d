"""WebSocket routes, collected from the apps that own consumers, and the origin check."""

from __future__ import annotations

from channels.security.websocket import OriginValidator
from django.conf import settings

from discussions.routing import websocket_urlpatterns as discussion_routes

websocket_urlpatterns = [*discussion_routes]


def site_origins(scope) -> list[str]:
    """The origins a browser page of this site sends: scheme, host and port.

    Production (``PRAXIS_WS_LOCAL_ORIGINS`` off): ``CSRF_TRUSTED_ORIGINS`` only. Elsewhere
    (``make run``, tests, benchmarks, served straight by Daphne on some port):
    ``PRAXIS_BASE_URL`` plus each allowed host with the scheme and port this server runs on (the
    browser tests' server listens on a random one); with no port known, the default ports.
    """
    origins = list(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    if not getattr(settings, "PRAXIS_WS_LOCAL_ORIGINS", False):
        return origins
    origins.append(settings.PRAXIS_BASE_URL)
    server = scope.get("server") or (None, None)
    port = server[1] if len(server) > 1 else None
    scheme = "https" if scope.get("scheme") in ("wss", "https") else "http"  # as reached
    for host in settings.ALLOWED_HOSTS:
        if host == "*" or host.startswith("."):
            continue  # never a wildcard: an origin names one host
        name = f"[{host}]" if ":" in host and not host.startswith("[") else host
        origins.append(f"{scheme}://{name}:{port}" if port else f"{scheme}://{name}")
    return origins


class SiteOriginValidator:
    """Channels' ``OriginValidator`` (exact scheme, host and port; no ``Origin`` header:
    refused, as Channels does) against this site's own origins, worked out per connection
    (the settings and the port may differ between processes and tests)."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        validator = OriginValidator(self.application, site_origins(scope))
        return await validator(scope, receive, send)
