"""Demo programmes for ``manage.py seed_demo``, read from the data files in this folder
(see README.md): Partnerforum with its partner institutions and yearly records,
Partnerstvo za spremembe with a finished and an open round (challenges, commission,
mentors, exchanges), and the Lithuanian social-clustering project's study visit to Norway.

Facts come from ``../shared/seeds/`` (000 Partnerforum, 002 Partnerstvo za spremembe,
004 social clustering). Where a document gives a number but no names (Partnerforum's
20 partners), the names are plausible public bodies and the records are illustrative.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page

from communities.demo import demo_community, demo_organisation
from communities.models import (
    CommunityPage,
    GovernmentLevel,
    HomePage,
    Organisation,
    OrganisationType,
    User,
)
from core.demo import DEMO_PASSWORD, SEED_LIMITS, SeedContext, register
from discussions import events
from programmes.demo.challenges import CHALLENGES, PERSONAS, seed_rounds
from programmes.demo.exchanges import seed_exchanges, seed_study_visit
from programmes.demo.loader import load, load_page
from programmes.models import (
    PartnerParticipation,
    PartnerStatus,
    ProgrammeIndexPage,
    ProgrammePage,
)

PROGRAMMES = load("programmes.toml")
PARTNERS = load("partners.toml")
CHALLENGE_ROLES = load("challenges.toml")
PROGRAMME_PEOPLE = PROGRAMMES["people"]
DEMO_LOGINS = [{"username": p["username"], "role": p["role"]} for p in PROGRAMME_PEOPLE]

__all__ = [
    "CHALLENGES",
    "DEMO_LOGINS",
    "PERSONAS",
    "PROGRAMME_PEOPLE",
    "seed",
    "seed_exchanges",
    "seed_programmes",
    "seed_rounds",
    "seed_study_visit",
]


def _organisation(name: str, short_name: str, kind: str, country: str) -> Organisation:
    level = {
        OrganisationType.MINISTRY: GovernmentLevel.CENTRAL,
        OrganisationType.CENTRAL_AGENCY: GovernmentLevel.CENTRAL,
        OrganisationType.MUNICIPALITY: GovernmentLevel.LOCAL,
        OrganisationType.REGIONAL_OFFICE: GovernmentLevel.REGIONAL,
    }.get(kind, GovernmentLevel.NOT_APPLICABLE)
    organisation, _created = demo_organisation(
        name,
        {
            "short_name": short_name,
            "type": kind,
            "country": country,
            "level_of_government": level,
        },
    )
    return organisation


def _people(password_hash: str) -> dict[str, User]:
    from allauth.account.models import EmailAddress

    for spec in PROGRAMMES["organisations"]:
        _organisation(spec["name"], spec["short_name"], spec["type"], spec["country"])
    people = {}
    for data in PROGRAMME_PEOPLE:
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            user = User.objects.create(
                username=data["username"],
                email=f"{data['username']}@example.org",
                password=password_hash,
                first_name=data["first_name"],
                last_name=data["last_name"],
                display_name=f"{data['first_name']} {data['last_name']}",
                organisation=Organisation.objects.get(name=data["organisation"]),
                department=data["department"],
                job_title=data["job_title"],
                country=data["country"],
                languages=list(data["languages"]),
                is_illustrative=data.get("illustrative", False),
            )
            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )
        people[user.username] = user
    return people


def _publish(parent: Page, page: Page, author: User) -> Page:
    parent.add_child(instance=page)
    page.save_revision(user=author).publish(user=author)
    return page


def _community(slug: str) -> CommunityPage | None:
    return demo_community(slug)


def _known(people: dict[str, User], usernames: list[str]) -> list[User]:
    return [people[name] for name in usernames if name in people]


def _programme(index: ProgrammeIndexPage, author: User, people: dict, meta: dict, body: str):
    fields = ("title", "slug", "summary", "country", "run_by", "annual_fee", "fee_currency")
    programme = ProgrammePage(body=body, **{key: meta[key] for key in fields if key in meta})
    programme.coordinators.set(_known(people, meta.get("coordinators", [])))
    communities = map(_community, meta.get("communities", []))
    programme.communities.set([c for c in communities if c is not None])
    workspace = meta.get("workspace", "")
    programme.workspace_community = _community(workspace) if workspace else None
    _publish(index, programme, author)
    return ProgrammePage.objects.get(pk=programme.pk)


def _partner_records(
    programme: ProgrammePage,
    partners: list[dict],
    country: str,
    *,
    fee: int | None,
    currency: str,
    year: int,
) -> int:
    """Last year: every partner active; this year: all but one renewed, one lapsed, and a
    newcomer invited (the last entry of ``partners``)."""
    notes = PARTNERS["notes"]
    records = []
    *established, newcomer = partners
    lapsed_name = established[-1]["name"] if fee else None
    for spec in established:
        organisation = _organisation(spec["name"], spec["short_name"], spec["type"], country)
        for period_year in (year - 1, year):
            status = PartnerStatus.ACTIVE
            if period_year == year and spec["name"] == lapsed_name:
                status = PartnerStatus.LAPSED
            records.append(
                PartnerParticipation(
                    programme=programme,
                    organisation=organisation,
                    period_start=date(period_year, 1, 1),
                    period_end=date(period_year, 12, 31),
                    fee_amount=fee if status == PartnerStatus.ACTIVE else None,
                    currency=currency if fee and status == PartnerStatus.ACTIVE else "",
                    status=status,
                    note=notes["lapsed"] if status == PartnerStatus.LAPSED else "",
                )
            )
    organisation = _organisation(
        newcomer["name"], newcomer["short_name"], newcomer["type"], country
    )
    records.append(
        PartnerParticipation(
            programme=programme,
            organisation=organisation,
            period_start=date(year - 1, 1, 1),
            period_end=date(year - 1, 12, 31),
            fee_amount=fee,
            currency=currency if fee else "",
            status=PartnerStatus.ACTIVE,
        )
    )
    records.append(
        PartnerParticipation(
            programme=programme,
            organisation=organisation,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            status=PartnerStatus.INVITED if fee else PartnerStatus.ACTIVE,
            note=notes["invited"] if fee else "",
        )
    )
    for record in records:
        record.is_illustrative = PARTNERS.get("illustrative", False)
    PartnerParticipation.objects.bulk_create(records)
    return len(records)


@register("programmes", order=50)
def seed(context: SeedContext) -> dict:
    """Create the programmes if there are none yet (idempotent); returns counts."""
    context.logins.extend({**login, "password": DEMO_PASSWORD} for login in DEMO_LOGINS)
    if ProgrammeIndexPage.objects.exists():
        return {}
    home = HomePage.objects.first()
    editor = User.objects.filter(username="editor").first()
    if home is None or editor is None:
        return {}
    with (
        transaction.atomic(),
        override_settings(PRAXIS_DISCUSSION_LIMITS=SEED_LIMITS),
        events.muted(),
    ):
        created = _seed(home, editor, context.password_hash, timezone.localdate(context.now))
    return created


def seed_programmes(*, password_hash: str, stdout=None) -> dict:
    """The seeder under its old name, for callers that do not use the registry."""
    created = seed(SeedContext(now=timezone.now(), password_hash=password_hash))
    if created and stdout is not None:
        stdout.write("Programmes:")
        for label, n in created.items():
            stdout.write(f"  {label}: {n}")
    return created


def _seed(home: HomePage, editor: User, password_hash: str, today: date) -> dict:
    people = {u.username: u for u in User.objects.filter(is_active=True)}
    people.update(_people(password_hash))
    year = today.year
    index = ProgrammeIndexPage(**PROGRAMMES["index"])
    _publish(home, index, editor)
    created = {"programmes": 0, "partner records": 0}
    for name in PROGRAMMES["pages"]:
        meta, body = load_page(name)
        programme = _programme(index, editor, people, meta, body)
        created["programmes"] += 1
        if meta.get("challenge_rounds"):
            coordinator = people[CHALLENGE_ROLES["coordinator"]]
            round_info = seed_rounds(
                partnerstvo=programme,
                coordinator=coordinator,
                commissioners=_known(people, CHALLENGE_ROLES["commissioners"]),
                people=people,
                password_hash=password_hash,
            )
            created["rounds"] = 2
            created["challenges"] = len(round_info["challenges"])
            exchange_info = seed_exchanges(
                programme_round=round_info["round_5"],
                open_round=round_info["round_6"],
                coordinator=coordinator,
                people=people,
            )
            created.update({f"exchanges: {k}": v for k, v in exchange_info.items()})
        if "partners" in meta:
            created["partner records"] += _partner_records(
                programme,
                PARTNERS[meta["partners"]],
                meta["country"],
                fee=meta.get("annual_fee"),
                currency=meta.get("fee_currency", ""),
                year=year,
            )
        if meta.get("study_visit"):
            coordinator = programme.coordinators.first() or editor
            visit_info = seed_study_visit(
                programme=programme, coordinator=coordinator, people=people
            )
            created.update({f"visits: {k}": v for k, v in visit_info.items()})
    return created
