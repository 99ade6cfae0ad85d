"""One migrated SQLite database per set of migrations, copied for every test process.

Running the migrations takes about a minute of CPU (Wagtail's and ours); parallel workers,
the browser-test run and later runs would each pay it. The first process to need it builds
``var/test-template-<hash>.sqlite3`` with ``manage.py migrate`` (under a file lock, so
workers wait for one build), and every test process starts from a copy of it. The hash
covers the migration files, the installed apps and the Django and Wagtail versions, so a
new migration builds a new template. PostgreSQL runs migrate as usual.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _fingerprint() -> str:
    import django
    import wagtail
    from django.conf import settings

    digest = hashlib.sha256()
    digest.update(f"{django.__version__} {wagtail.__version__}".encode())
    digest.update(" ".join(settings.INSTALLED_APPS).encode())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _build(template: Path) -> None:
    with tempfile.TemporaryDirectory(dir=template.parent) as scratch:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PRAXIS_VAR_DIR": scratch,
        }
        env.pop("DATABASE_URL", None)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        os.replace(Path(scratch) / "praxis.sqlite3", template)


def copy_migrated_database(target: Path) -> None:
    """Put a migrated database at ``target`` (built once per fingerprint)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    template = target.parent / f"test-template-{_fingerprint()}.sqlite3"
    with open(target.parent / "test-template.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not template.exists():
                for stale in target.parent.glob("test-template-*.sqlite3"):
                    stale.unlink()
                _build(template)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    shutil.copyfile(template, target)
