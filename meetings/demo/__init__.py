"""The meetings demo: past and upcoming meetings, RSVPs and topic rounds, as data
(``meetings.toml``)."""

from __future__ import annotations

from core.demo import SeedContext, register


@register("meetings", order=30)
def seed(context: SeedContext) -> None:
    from meetings.demo.seed import seed as seed_meetings

    seed_meetings(context)
