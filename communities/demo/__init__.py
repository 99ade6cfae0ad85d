"""The communities demo: organisations, people, the Wagtail tree, communities and their
memberships, as data (``organisations.toml``, ``people.toml``, ``communities.toml``).

The stable public names for other apps' demo content: ``DEMO_PASSWORD``,
``DEMO_LOGINS``, ``ORGANISATIONS``, ``PEOPLE``, ``COMMUNITIES``, ``HOME_PAGE``,
``COMMUNITY_INDEX_PAGE`` and ``paragraphs``.
"""

from __future__ import annotations

from communities.demo.content import (
    COMMUNITIES,
    COMMUNITY_INDEX_PAGE,
    DEMO_LOGINS,
    DEMO_PASSWORD,
    HOME_PAGE,
    ORGANISATIONS,
    PEOPLE,
    paragraphs,
)
from core.demo import SeedContext, register

__all__ = [
    "COMMUNITIES",
    "COMMUNITY_INDEX_PAGE",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "HOME_PAGE",
    "ORGANISATIONS",
    "PEOPLE",
    "paragraphs",
]


@register("communities", order=10)
def seed(context: SeedContext) -> None:
    from communities.demo.seed import seed as seed_communities

    seed_communities(context)
