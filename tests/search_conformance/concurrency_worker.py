"""Child process for test_whoosh_concurrency (and test_tantivy's concurrency tests): saves
authors from several threads at once.

Usage: python concurrency_worker.py INDEX_PATH WORKER THREADS PER_THREAD BARRIER_DIR [BACKEND]

BACKEND: "whoosh" (the default) or "tantivy".

After setting Django up it creates BARRIER_DIR/ready-WORKER, waits for BARRIER_DIR/go, and
prints "<started> <finished>" (epoch seconds) of its writing.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback
from pathlib import Path


def main() -> int:
    path, worker, threads, per_thread, barrier = sys.argv[1:6]
    kind = sys.argv[6] if len(sys.argv) > 6 else "whoosh"
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.search_conformance.settings")
    import django

    django.setup()
    from modelsearch.test.testapp.models import Author

    if kind == "tantivy":
        from search.backends.tantivy import TantivySearchBackend as Backend
    else:
        from search.backends.whoosh import WhooshSearchBackend as Backend

    backend = Backend({"PATH": path, "LANGUAGE": "en"})
    errors: list[BaseException] = []

    def save(thread: int) -> None:
        try:
            for i in range(int(per_thread)):
                pk = 100_000 + int(worker) * 1000 + thread * 100 + i
                backend.add(Author(pk=pk, name=f"proc{worker} thread{thread} doc{i} k{pk}"))
        except BaseException as e:  # reported to the parent through the exit status
            errors.append(e)

    workers = [threading.Thread(target=save, args=(t,)) for t in range(int(threads))]
    (Path(barrier) / f"ready-{worker}").touch()
    deadline = time.monotonic() + 120
    while not (Path(barrier) / "go").exists():
        if time.monotonic() > deadline:
            print(f"worker {worker}: no go signal", file=sys.stderr)
            return 2
        time.sleep(0.005)
    started = time.time()
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    print(f"{started} {time.time()}")
    for error in errors:
        print(f"worker {worker}: {error!r}", file=sys.stderr)
        traceback.print_exception(error, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
