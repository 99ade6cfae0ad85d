"""``make run``: the embedded default as a visitor meets it, with DEBUG off.

Static files are served by WhiteNoise straight from the app directories (no collectstatic
step), errors answer with the site's own pages, and the secret key is generated once into
``var/secret_key`` unless ``DJANGO_SECRET_KEY`` is set. ``make dev`` uses ``dev.py`` instead.
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = False
WHITENOISE_USE_FINDERS = True


def _local_secret_key() -> str:
    path = VAR_DIR / "secret_key"
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = ""
    if not key:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(key)
    return key


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or _local_secret_key()
