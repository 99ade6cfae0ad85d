"""The peer-learning demo: Synergia's session, task groups, Open Space and outputs, as
data (``session.toml``)."""

from __future__ import annotations

from core.demo import SeedContext, register


@register("peer_learning", order=35)
def seed(context: SeedContext) -> None:
    from peer_learning.demo.seed import seed as seed_peer_learning

    seed_peer_learning(context)
