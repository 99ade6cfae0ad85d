"""The dashboards' demo: dated, illustrative activity across the demo communities (data in
``activity.toml``), written through the discussions services, then the aggregates rebuilt.

Each community is marked ``IllustrativeActivity`` and its dashboard says so. Runs after
every seeder that writes posts, memberships or meetings."""

from __future__ import annotations

import random
from pathlib import Path

from core.demo import SEED_LIMITS, SeedContext, load_toml, register

DATA = Path(__file__).parent / "activity.toml"


@register("dashboards", order=90)
def seed(context: SeedContext) -> None:
    from django.db import transaction
    from django.test.utils import override_settings

    from communities.models import Membership, MembershipRole, MembershipStatus
    from core.errors import ServiceError
    from dashboards import aggregates
    from dashboards.models import IllustrativeActivity
    from discussions import events
    from discussions.demo.seed import create_thread

    data = load_toml(DATA)
    people = context.shared.get("people", {})
    communities = context.shared.get("communities", {})
    with override_settings(PRAXIS_DISCUSSION_LIMITS=SEED_LIMITS), events.muted():
        for slug, community in communities.items():
            if IllustrativeActivity.objects.filter(community=community).exists():
                continue
            memberships = list(
                Membership.objects.filter(community=community, status=MembershipStatus.ACTIVE)
                .select_related("user")
                .order_by("pk")
            )
            by_name = {m.user.username: m.user for m in memberships}
            facilitators = [
                m.user.username for m in memberships if m.role == MembershipRole.FACILITATOR
            ]
            if len(by_name) < 3 or not facilitators:
                continue
            home = by_name[facilitators[0]].organisation_id
            home_people = [u for u, user in by_name.items() if user.organisation_id == home]
            away_people = [u for u in by_name if u not in home_people] or home_people
            rng = random.Random(f"dashboards:{slug}")
            with transaction.atomic():
                for i, title in enumerate(data["threads"]):
                    share = data["home_share"][i]

                    def pick(rng=rng, share=share, home=home_people, away=away_people):
                        pool = home if rng.random() < share else away
                        return rng.choice(pool)

                    posts = [
                        {
                            "by": pick(),
                            "text": data["openings"][i],
                            "at": 0,
                            "reply_to": None,
                            "helpful": [],
                            "thanks": [],
                        }
                    ]
                    for hour in data["reply_hours"]:
                        posts.append(
                            {
                                "by": pick(),
                                "text": rng.choice(data["replies"]),
                                "at": hour,
                                "reply_to": rng.choice([None, 0]),
                                "helpful": [],
                                "thanks": [],
                            }
                        )
                    thread = {
                        "title": title,
                        "days_ago": data["days_ago"][i] + rng.randint(0, 6),
                        "posts": posts,
                        "answer": 2 if i % 2 else None,
                    }
                    try:
                        with transaction.atomic():
                            create_thread(
                                context, community, thread, {**people, **by_name}, facilitators
                            )
                    except ServiceError as error:
                        context.warn(f"Skipped the dashboard thread {title!r}: {error.message}")
                IllustrativeActivity.objects.create(community=community)
                context.created["illustrative communities"] += 1
    counts = aggregates.rebuild()
    context.say(f"Dashboards: {counts['person_days']} person-days aggregated.")
