"""The communities demo: organisations, people, the Wagtail tree, communities and their
memberships, as data (``organisations.toml``, ``people.toml``, ``communities.toml``).

The stable public names for other apps' demo content: ``DEMO_PASSWORD``,
``DEMO_LOGINS``, ``ORGANISATIONS``, ``PEOPLE``, ``COMMUNITIES``, ``HOME_PAGE``,
``COMMUNITY_INDEX_PAGE`` and ``paragraphs``; and the lookups by demo key that keep a
renamed or re-slugged demo object from being created twice: ``demo_community``,
``demo_organisation`` and ``demo_organisations``.
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
from core.demo import SeedContext, demo_object, recorded, register

__all__ = [
    "COMMUNITIES",
    "COMMUNITY_INDEX_PAGE",
    "DEMO_LOGINS",
    "DEMO_PASSWORD",
    "HOME_PAGE",
    "ORGANISATIONS",
    "PEOPLE",
    "demo_community",
    "demo_organisation",
    "demo_organisations",
    "paragraphs",
]


def demo_community(slug: str):
    """The community ``communities.toml`` calls ``slug``, whatever its slug is now; None
    if a demo user deleted it."""
    from communities.demo.seed import community_key
    from communities.models import CommunityPage

    return recorded(
        community_key(slug),
        CommunityPage,
        find=lambda: CommunityPage.objects.filter(slug=slug).first(),
    )


def demo_organisation(name: str, defaults: dict):
    """(organisation, created): the demo organisation the data calls ``name``, whatever
    it is called now, created with ``defaults`` when missing."""
    from communities.models import Organisation

    return demo_object(
        f"organisation:{name}",
        Organisation,
        find=lambda: Organisation.objects.filter(name=name).first(),
        create=lambda: Organisation.objects.create(name=name, **defaults),
        recreate=True,
    )


def demo_organisations() -> dict:
    """Every organisation by name, the demo's under the names the demo data gives them
    (which a demo user may have changed since)."""
    from django.contrib.contenttypes.models import ContentType

    from communities.models import Organisation
    from core.models import DemoRecord

    by_name = {organisation.name: organisation for organisation in Organisation.objects.all()}
    by_pk = {organisation.pk: organisation for organisation in by_name.values()}
    records = DemoRecord.objects.filter(
        key__startswith="organisation:",
        content_type=ContentType.objects.get_for_model(Organisation),
    )
    for record in records:
        if record.object_id in by_pk:
            by_name[record.key.removeprefix("organisation:")] = by_pk[record.object_id]
    return by_name


@register("communities", order=10)
def seed(context: SeedContext) -> None:
    from communities.demo.seed import seed as seed_communities

    seed_communities(context)
