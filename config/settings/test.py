"""Test settings: the suite runs in the mode the environment selects (embedded or scale-out)."""

import importlib.util
import os

from .base import *  # noqa: F403
from .base import VAR_DIR, WAGTAILSEARCH_BACKENDS

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail goes through the queue (outbox) as everywhere, delivered in the same call to
# Django's locmem backend, so a test reads django.core.mail.outbox right after a request
# (tests/conftest.py puts the queue back after Django's test setup swaps in locmem).
EMAIL_BACKEND = "outbox.backends.QueuedEmailBackend"
OUTBOX_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
OUTBOX_DELIVERY = "inline"
# Tests run the periodic jobs themselves (core.jobs.run_due), never in a thread.
PRAXIS_JOBS_IN_PROCESS = False
MEDIA_ROOT = VAR_DIR / "test-media"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Each test process gets its own index directory, so tests never touch the demo index.
if "PATH" in WAGTAILSEARCH_BACKENDS["default"]:
    WAGTAILSEARCH_BACKENDS["default"]["PATH"] = str(VAR_DIR / "test-index" / str(os.getpid()))
    _MEMORY = "/dev/shm"  # noqa: S108 - a private mkdtemp() directory inside it
    if WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] == "search.backends.tantivy" and os.access(
        _MEMORY, os.W_OK
    ):
        # In memory where possible: every Tantivy commit syncs to disk (70 ms against 9).
        import atexit
        import shutil
        import tempfile

        _path = tempfile.mkdtemp(prefix="praxis-test-index-", dir=_MEMORY)
        atexit.register(shutil.rmtree, _path, ignore_errors=True)
        WAGTAILSEARCH_BACKENDS["default"]["PATH"] = _path

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory, so the real-browser tests' ASGI server process shares it.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")
    }

# Index at commit, in the test's own thread, so a test sees its writes in search at once
# (tests/search/test_background_indexing.py exercises the background writer itself).
PRAXIS_SEARCH_INDEXING = "inline"

WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Parallel test workers (pytest-xdist) share Redis: each keeps its own channel groups and
# cache keys, since their databases hand out the same ids.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _WORKER:
    if "prefix" in CHANNEL_LAYERS["default"].get("CONFIG", {}):  # noqa: F405
        CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] += f"-{_WORKER}"  # noqa: F405
    if "KEY_PREFIX" in CACHES["default"]:  # noqa: F405
        CACHES["default"]["KEY_PREFIX"] += f"-{_WORKER}"  # noqa: F405

# allauth's SAML provider, when python3-saml is installed (pip install -e '.[saml]'), so
# tests/sso/test_saml.py can reach its URLs; production installs it only when SAML_* is set.
if importlib.util.find_spec("onelogin") is not None:
    INSTALLED_APPS.append("allauth.socialaccount.providers.saml")  # noqa: F405

# The API's throttle counts per client address, and every test client is 127.0.0.1: high
# enough that the suite never hits it (tests/api/test_throttling.py lowers it).
PRAXIS_API_ANON_RATE = "100000/minute"
