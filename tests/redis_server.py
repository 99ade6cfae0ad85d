"""A private redis-server on a spare port, for the tests and benchmarks that kill it.

The caller owns the process: it kills it by this ``Popen``'s id, never another Redis.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port: int, directory) -> subprocess.Popen:
    """Start redis-server on 127.0.0.1:``port`` (no persistence); return once it listens."""
    process = subprocess.Popen(  # noqa: S603
        [shutil.which("redis-server"), "--port", str(port), "--bind", "127.0.0.1"]
        + ["--save", "", "--appendonly", "no", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    process.wait(timeout=10)
    raise RuntimeError("the private redis-server did not start")
