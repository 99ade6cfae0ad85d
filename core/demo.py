"""The seeding registry: each app's demo content, loaded in a declared order.

Demo content is data (TOML and Markdown under ``<app>/demo/``); each app's ``demo``
package reads it and writes through the app's own services. It registers one seeder::

    from core.demo import register

    @register("guidebook", order=40)
    def seed(context: SeedContext) -> dict[str, int]:
        ...

``manage.py seed_demo`` imports every installed app's ``demo`` module (Django's
``autodiscover_modules``), so core imports no app, and runs the seeders by ``order``
(lower first; ties by name) inside one transaction. Seeders are idempotent: they look
things up by natural key and create only what is missing.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

# Seeding writes dozens of posts a second, as the same people: lift the limits meant for
# humans (the services still validate everything else).
SEED_LIMITS = {
    "POST_INTERVAL_SECONDS": 0,
    "NEW_ACCOUNT_MAX_POSTS": 10**6,
    "DUPLICATE_WINDOW_SECONDS": 0,
}

# Every demo account signs in with it; ``seed_demo`` hashes it once (``password_hash``).
DEMO_PASSWORD = "praxis-demo"  # noqa: S105 - documented demo password, demo data only


@dataclass
class SeedContext:
    """What seeders share: the clock, the demo password's hash, counts for the report.

    ``created`` counts what was written ("people": 3), listed in the order first counted;
    ``summaries`` are called once everything is written, for the lines that describe the
    whole database; ``logins`` are the demo accounts the report lists (username,
    password, role); ``shared`` passes objects from one seeder to the next.
    """

    now: datetime
    password_hash: str
    stdout: Any = None
    stderr: Any = None
    created: Counter = field(default_factory=Counter)
    shared: dict[str, Any] = field(default_factory=dict)
    summaries: list[Callable[[], str]] = field(default_factory=list)
    logins: list[dict[str, str]] = field(default_factory=list)

    def say(self, text: str) -> None:
        if self.stdout is not None:
            self.stdout.write(text)

    def warn(self, text: str) -> None:
        if self.stderr is not None:
            self.stderr.write(text)


@dataclass(frozen=True)
class Seeder:
    name: str
    order: int
    seed: Callable[[SeedContext], Any]


_seeders: dict[str, Seeder] = {}


def register(name: str, *, order: int) -> Callable:
    def decorator(function: Callable[[SeedContext], Any]) -> Callable[[SeedContext], Any]:
        _seeders[name] = Seeder(name=name, order=order, seed=function)
        return function

    return decorator


def seeders() -> list[Seeder]:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("demo")
    return sorted(_seeders.values(), key=lambda seeder: (seeder.order, seeder.name))


def load_toml(path: Path) -> dict[str, Any]:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """A Markdown file with TOML front matter between ``+++`` lines: (metadata, body)."""
    if not text.startswith("+++\n"):
        return {}, text
    end = text.index("\n+++\n", 4)
    return tomllib.loads(text[4:end]), text[end + 5 :].lstrip("\n")
