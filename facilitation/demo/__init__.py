"""The facilitation demo: illustrative charters (two saved versions for one community) and
two health checks months apart for two communities, from ``charters.toml``, written
through ``facilitation.services`` and marked illustrative on the pages.

Idempotent: a community that already has a charter, or health checks, is left alone."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from core.demo import SeedContext, load_toml, register

DATA = Path(__file__).parent / "charters.toml"


@register("facilitation", order=60)
def seed(context: SeedContext) -> None:
    from communities.demo import demo_community
    from communities.models import User
    from facilitation import services
    from facilitation.models import Charter, HealthCheck

    data = load_toml(DATA)
    communities = context.shared.get("communities") or {}

    def community_for(slug: str):
        return communities.get(slug) or demo_community(slug)

    for entry in data.get("charter", []):
        community = community_for(entry["community"])
        if community is None or Charter.objects.filter(community=community).exists():
            continue
        for version in entry["version"]:
            fields = {k: v for k, v in version.items() if k not in {"by", "days_ago"}}
            services.charter_save(
                actor=User.objects.get(username=version["by"]),
                community=community,
                at=context.now - timedelta(days=version["days_ago"]),
                illustrative=True,
                **fields,
            )
            context.created["charter versions"] += 1

    done = set()
    for entry in data.get("health_check", []):
        community = community_for(entry["community"])
        if community is None:
            continue
        if community.pk not in done and HealthCheck.objects.filter(community=community).exists():
            continue
        done.add(community.pk)
        services.health_check_record(
            actor=User.objects.get(username=entry["by"]),
            community=community,
            ratings=entry["ratings"],
            stage=entry["stage"],
            note=entry.get("note", ""),
            at=context.now - timedelta(days=entry["days_ago"]),
            illustrative=True,
        )
        context.created["health checks"] += 1
