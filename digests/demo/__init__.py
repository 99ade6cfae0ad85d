"""The demo's past is not news: its members' digests for the current period count as sent,
so a fresh `make run` does not print a digest for every demo account on the console. The
next period's digests go out as usual."""

from __future__ import annotations

from core.demo import SeedContext, register


@register("digests", order=99)
def seed(context: SeedContext) -> dict[str, int]:
    from digests.models import DigestDelivery
    from digests.services import people_with_digests, period_of

    done = 0
    for user in people_with_digests():
        period = period_of(user.digest_frequency, context.now) or "demo"
        _row, created = DigestDelivery.objects.get_or_create(
            user=user, period=period, defaults={"covers_from": context.now}
        )
        done += created
    return {"digest periods marked as sent": done}
