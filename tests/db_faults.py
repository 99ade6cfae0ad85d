"""Ending a PostgreSQL backend from a second connection, as a restart or a failover does,
for the tests of what survives a lost database connection."""

from __future__ import annotations

import time


def terminate_backend(settings_dict: dict, pid: int) -> None:
    """Terminate backend ``pid`` of the database in ``settings_dict`` and wait until it is
    gone (at most 5 s)."""
    import psycopg

    with psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        password=settings_dict["PASSWORD"] or None,
        autocommit=True,
    ) as killer:
        killer.execute("SELECT pg_terminate_backend(%s)", [pid])
        deadline = time.monotonic() + 5
        while killer.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            if time.monotonic() > deadline:
                raise AssertionError("the backend was not terminated")
            time.sleep(0.02)
