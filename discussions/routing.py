"""WebSocket routes for live threads and the per-user socket."""

from django.urls import path

from discussions import consumers

websocket_urlpatterns = [
    path("ws/threads/<int:thread_id>/", consumers.ThreadConsumer.as_asgi()),
    path("ws/me/", consumers.UserConsumer.as_asgi()),
]
