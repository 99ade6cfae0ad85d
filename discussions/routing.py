"""WebSocket routes for live threads (filled by the discussions issue)."""

websocket_urlpatterns: list = []
