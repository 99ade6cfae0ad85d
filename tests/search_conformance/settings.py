"""Settings for the search-backend conformance suite (not the project's settings).

Only what modelsearch's own test app needs, mirroring ``modelsearch/test/settings.py``,
plus three backends on the same harness: Whoosh (``default``), modelsearch's SQLite
full-text backend (``sqlite``) and Tantivy (``tantivy``; the default with
``SEARCH_CONFORMANCE_BACKEND=tantivy``).
"""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve()


def _shared_fixtures() -> Path:
    """modelsearch's fixture lives in the workplace's shared folder, beside the checkout.

    Looked up in order: $PRAXIS_SHARED_DIR, ../shared next to this checkout, /work/shared
    (where the shared folder sits on the CI machine, wherever the clone is made).
    """
    candidates = [Path(p) for p in [os.environ.get("PRAXIS_SHARED_DIR", "")] if p] + [
        HERE.parents[3] / "shared",
        Path("/work/shared"),
    ]
    for base in candidates:
        if (base / "fixtures" / "modelsearch" / "search.json").exists():
            return base / "fixtures" / "modelsearch"
    return candidates[0] / "fixtures" / "modelsearch"


SHARED_FIXTURES = _shared_fixtures()

SECRET_KEY = "search-conformance-suite-only"  # noqa: S105 - test-only settings
DEBUG = False
ALLOWED_HOSTS = ["testserver"]

INSTALLED_APPS = [
    "modelsearch.test.testapp",
    "modelsearch",
    "taggit",
    "django.contrib.contenttypes",
    "django.contrib.auth",
]
MIDDLEWARE: list[str] = []
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
FIXTURE_DIRS = [str(SHARED_FIXTURES)]


def _index_path() -> str:
    """A private index directory per process (child processes may be handed one)."""
    path = os.environ.get("SEARCH_CONFORMANCE_WHOOSH_PATH")
    if path:
        return path
    path = tempfile.mkdtemp(prefix="praxis-search-conformance-")
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


WHOOSH_PATH = _index_path()


def _tantivy_path() -> str:
    """Tantivy's index directory: in memory (/dev/shm) where there is one, since each
    Tantivy commit syncs to disk (70 ms here against 9 ms in memory) and the suite
    rebuilds every index before each test."""
    path = os.environ.get("SEARCH_CONFORMANCE_TANTIVY_PATH")
    if path:
        return path
    memory = "/dev/shm"  # noqa: S108 - a private mkdtemp() directory inside it
    if not (os.path.isdir(memory) and os.access(memory, os.W_OK)):
        return os.path.join(WHOOSH_PATH, "tantivy")
    path = tempfile.mkdtemp(prefix="praxis-search-conformance-tantivy-", dir=memory)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


TANTIVY_PATH = _tantivy_path()

MODELSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "search.backends.whoosh",
        "PATH": WHOOSH_PATH,
        "LANGUAGE": "en",
    },
    "sqlite": {
        "BACKEND": "modelsearch.backends.database.sqlite.sqlite",
    },
    "tantivy": {
        "BACKEND": "search.backends.tantivy",
        "PATH": TANTIVY_PATH,
        "LANGUAGE": "en",
    },
}
# SEARCH_CONFORMANCE_BACKEND=tantivy makes Tantivy the default backend (what signals and
# the shared fixture's indexing write to).
if os.environ.get("SEARCH_CONFORMANCE_BACKEND") == "tantivy":
    MODELSEARCH_BACKENDS["whoosh"] = MODELSEARCH_BACKENDS["default"]
    MODELSEARCH_BACKENDS["default"] = MODELSEARCH_BACKENDS["tantivy"]
