"""The restore after a transactional test's flush replays every data migration of ours.

A data migration missing from ``tests.db_state.DATA_MIGRATIONS`` leaves its rows out for
every test that runs after a flush in the same worker: which tests those are depends on
how xdist shares the files out, so the failure shows only on some runs.
"""

from pathlib import Path

from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from tests.db_state import DATA_MIGRATIONS


def _our_data_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    base = Path(settings.BASE_DIR).resolve()
    found = set()
    for migration in loader.disk_migrations.values():
        module = __import__(migration.__module__, fromlist=["_"])
        path = Path(module.__file__).resolve()
        if base not in path.parents or ".venv" in path.parts:
            continue
        for operation in migration.operations:
            # core.migration_ops moves content types between apps (the split into one app
            # per domain): on a fresh database there is nothing to move, nothing to restore.
            if isinstance(operation, RunPython) and operation.code.__module__ == module.__name__:
                found.add((migration.__module__, operation.code.__name__))
    return found


def test_every_data_migration_of_ours_is_restored_after_a_flush():
    assert _our_data_migrations() == set(DATA_MIGRATIONS)
