"""Benchmarks: production-like (DEBUG off, template caching) but served on 127.0.0.1 over HTTP."""

from .base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WHITENOISE_USE_FINDERS = True
