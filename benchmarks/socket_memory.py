"""Memory per idle WebSocket: a Daphne worker serving Praxis against a bare ``websockets``
server, with the same client harness, in one run.

Run from the repository root:

    .venv/bin/python benchmarks/socket_memory.py [--sockets 1000] [--rounds 2]

Praxis: one Daphne process (``config.settings.bench``, the embedded mode: SQLite, the
in-memory channel layer) on a fresh demo database in a temporary directory; each socket
is an anonymous reader of one public thread that said hello and finished its catch-up, as
the thread page does. Baseline: a bare ``websockets`` server in its own process that
accepts, reads one frame and answers one. For each server the script reads the process's
resident memory (``/proc/<pid>/status`` VmRSS) before opening the sockets, with all of them
open and idle, and after closing them, and prints the memory per socket and the ratio.
The rounds interleave the two servers (ABAB). Bounded: it only talks to 127.0.0.1, every
wait has a timeout, it stops by itself and kills only the processes it started.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fanout import PREPARE, Subscriber, run_manage  # noqa: E402
from pages import PYTHON, ROOT, free_port, wait_for  # noqa: E402

BARE_SERVER = textwrap.dedent(
    """
    import asyncio, sys
    from websockets.asyncio.server import serve

    async def handler(socket):
        await socket.recv()
        await socket.send('{"type": "catchup.done"}')
        await socket.wait_closed()

    async def main():
        async with serve(handler, "127.0.0.1", int(sys.argv[1]), ping_interval=None,
                         compression=None, max_size=2**20):
            await asyncio.Future()

    asyncio.run(main())
    """
)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def wait_port(port: int, timeout: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing listens on {port}")


async def open_sockets(url: str, origin: str, count: int, last_post: int) -> list[Subscriber]:
    """``count`` sockets that said hello and finished their catch-up, 50 handshakes at a time."""
    sockets = [Subscriber({}) for _ in range(count)]
    for start in range(0, count, 50):
        batch = sockets[start : start + 50]
        await asyncio.gather(*(s.open(url, origin, None, last_post) for s in batch))
    return sockets


async def measure(pid: int, url: str, origin: str, count: int, last_post: int) -> dict:
    await asyncio.sleep(1)
    before = rss_kb(pid)
    sockets = await open_sockets(url, origin, count, last_post)
    await asyncio.sleep(2)  # idle
    open_kb = rss_kb(pid)
    await asyncio.gather(*(socket.close() for socket in sockets))  # Subscriber.close
    await asyncio.sleep(3)
    after = rss_kb(pid)
    return {"per_socket": (open_kb - before) / count, "kept": (after - before) / count}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sockets", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="praxis-sockmem-") as var_dir:
        env = {
            **os.environ,
            "PRAXIS_VAR_DIR": var_dir,
            "DJANGO_SETTINGS_MODULE": "config.settings.bench",
            "PYTHONPATH": str(ROOT),
        }
        for name in ("REDIS_URL", "DATABASE_URL"):
            env.pop(name, None)
        print("Preparing a demo database ...", file=sys.stderr, flush=True)
        run_manage(env, "migrate", "--noinput", "-v0")
        run_manage(env, "seed_demo")
        out = run_manage(env, "shell", "-c", PREPARE.format(scenarios=1, posts=1, subscribers=0))
        scene = json.loads(next(x for x in out.splitlines() if x.startswith("JSON"))[4:])[0]
        rows: dict[str, list[dict]] = {"praxis": [], "bare": []}
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(
            f"Idle sockets: {options.sockets} per server, {options.rounds} rounds (ABAB), "
            f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}"
        )
        for _round in range(options.rounds):
            for kind in ("praxis", "bare"):
                port = free_port()
                if kind == "praxis":
                    command = [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)]
                    command.append("config.asgi:application")
                else:
                    command = [PYTHON, "-c", BARE_SERVER, str(port)]
                process = subprocess.Popen(  # noqa: S603
                    command,
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                try:
                    if kind == "praxis":
                        wait_for(port)
                        path = f"/ws/threads/{scene['thread']}/"
                    else:
                        wait_port(port)
                        path = "/"
                    result = asyncio.run(
                        measure(
                            process.pid,
                            f"ws://127.0.0.1:{port}{path}",
                            f"http://127.0.0.1:{port}",
                            options.sockets,
                            scene["last_post"],
                        )
                    )
                finally:
                    process.terminate()
                    try:
                        process.wait(timeout=10)
                    except subprocess.TimeoutExpired:
                        process.kill()
                rows[kind].append(result)
                print(
                    f"  {kind:6} per idle socket {result['per_socket']:.1f} KB, "
                    f"kept after closing {result['kept']:.1f} KB per socket",
                    flush=True,
                )
        praxis = statistics.median(r["per_socket"] for r in rows["praxis"])
        bare = statistics.median(r["per_socket"] for r in rows["bare"])
        print(
            f"median per idle socket: Praxis {praxis:.1f} KB, bare websockets {bare:.1f} KB, "
            f"ratio {praxis / bare:.2f} (target at most 2)"
        )


if __name__ == "__main__":
    main()
