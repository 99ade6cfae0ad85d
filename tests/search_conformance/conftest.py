"""Keep this directory out of runs that use other settings (e.g. the main suite)."""

import os
import warnings

SETTINGS = "tests.search_conformance.settings"

if os.environ.get("DJANGO_SETTINGS_MODULE") != SETTINGS:
    # Its tests need modelsearch's test app, which only SETTINGS installs.
    collect_ignore_glob = ["*.py"]
    warnings.warn(
        f"tests/search_conformance skipped: run it as its own invocation with --ds={SETTINGS}",
        stacklevel=1,
    )
