"""The discussions demo: threads, posts and reactions in the demo communities, as
Markdown files under ``threads/`` (see ``threads/README.md``)."""

from __future__ import annotations

from core.demo import SeedContext, register


@register("discussions", order=20)
def seed(context: SeedContext) -> None:
    from discussions.demo.seed import seed as seed_discussions

    seed_discussions(context)
