"""``make dev``: the embedded default with DEBUG on and autoreload, for working on Praxis."""

from .base import *  # noqa: F403

DEBUG = True

# Serve static files straight from the app directories (no collectstatic needed locally).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
