"""The seeding registry: each app's demo content, loaded in a declared order.

Demo content is data (TOML and Markdown under ``<app>/demo/``); each app's ``demo``
package reads it and writes through the app's own services. It registers one seeder::

    from core.demo import register

    @register("guidebook", order=40)
    def seed(context: SeedContext) -> dict[str, int]:
        ...

``manage.py seed_demo`` imports every installed app's ``demo`` module (Django's
``autodiscover_modules``), so core imports no app, and runs the seeders by ``order``
(lower first; ties by name) inside one transaction. Seeders are idempotent: they find
what they created by its demo key (``demo_object``, recorded in ``core.models.DemoRecord``),
so a renamed, re-slugged or moved object is not created twice, and create only what is
missing.
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


def demo_object(
    key: str,
    model: type,
    *,
    find: Callable[[], Any],
    create: Callable[[], Any],
    recreate: bool = False,
) -> tuple[Any, bool]:
    """The object created for the demo data's entry ``key``, and whether it is new.

    Looked up first by the key recorded when it was created, wherever it has moved and
    whatever it is called now; for a database seeded before keys were recorded, ``find``
    (the natural-key lookup) adopts an existing object and records it. Otherwise
    ``create`` makes it. An object recorded under the key but since deleted stays deleted
    (a demo user removed it) and ``(None, False)`` is returned, unless ``recreate`` (for
    reference data, such as organisations, that other demo records need).
    """
    from django.contrib.contenttypes.models import ContentType

    from core.models import DemoRecord

    record = DemoRecord.objects.filter(key=key).first()
    if record is not None:
        found = model._default_manager.filter(pk=record.object_id).first()
        if found is not None or not recreate:
            return found, False
    obj, created = find(), False
    if obj is None:
        obj, created = create(), True
    DemoRecord.objects.update_or_create(
        key=key,
        defaults={"content_type": ContentType.objects.get_for_model(obj), "object_id": obj.pk},
    )
    return obj, created


def recorded(key: str, model: type, *, find: Callable[[], Any] | None = None) -> Any:
    """The object recorded under the demo key ``key``, None if it was deleted since; with
    no record yet (a seeder run on its own), what ``find`` finds."""
    from core.models import DemoRecord

    record = DemoRecord.objects.filter(key=key).first()
    if record is None:
        return find() if find is not None else None
    return model._default_manager.filter(pk=record.object_id).first()
