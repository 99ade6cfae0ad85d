"""ASGI entry point: HTTP through Django, WebSockets through Channels.

WebSockets sit behind the origin check (the site's own scheme, host and port) and the
session auth middleware; the routes themselves are contributed by the apps that own the consumers.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from config.websockets import SiteOriginValidator, websocket_urlpatterns  # noqa: E402
from core import jobs  # noqa: E402

# The embedded default runs the periodic jobs (the mail queue, ...) in this process, so
# `make run` needs no cron; scale-out runs `manage.py run_jobs` in workers instead.
if settings.PRAXIS_JOBS_IN_PROCESS:
    jobs.start_in_process()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": SiteOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
