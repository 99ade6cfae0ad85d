"""WebSocket routes, collected from the apps that own consumers."""

from discussions.routing import websocket_urlpatterns as discussion_routes

websocket_urlpatterns = [*discussion_routes]
