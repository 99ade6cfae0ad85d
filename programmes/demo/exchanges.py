"""Demo staff exchanges (``exchanges.toml``) and the study visit (``study_visits.toml``).

Round 5's totals are the programme's own figures and its statistics come out exactly as
reported; the individual pairings (who went where, when, for how long) are illustrative.
Participants are recorded by name, without accounts, except for a few demo users who also
wrote reports. Everything goes through the services, and seeding twice changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from communities.demo import demo_organisation
from communities.models import (
    CommunityPage,
    GovernmentLevel,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationType,
    User,
)
from core.demo import SEED_LIMITS
from core.errors import ServiceError
from discussions import events
from programmes.demo.loader import load
from programmes.exchanges import services
from programmes.models import (
    Exchange,
    ExchangeOffer,
    ExchangeStatus,
    ExperienceReport,
    ProgrammePage,
    ProgrammeRound,
    StudyVisit,
)

EXCHANGES = load("exchanges.toml")
VISIT = load("study_visits.toml")["visit"]
PUBLIC_BODIES = EXCHANGES["public_bodies"]
COMPANIES = EXCHANGES["companies"]
REPORTED = EXCHANGES["reported"]
assert len(PUBLIC_BODIES) == REPORTED["public_bodies"], "exchanges.toml: public bodies"
assert len(COMPANIES) == REPORTED["companies"], "exchanges.toml: companies"


def _organisation(name, *, short_name, type, level, country="SI", website="") -> Organisation:
    organisation, _created = demo_organisation(
        name,
        {
            "short_name": short_name,
            "country": country,
            "type": type,
            "level_of_government": level,
            "website": website,
        },
    )
    return organisation


def _user(people: dict, username: str) -> User | None:
    user = people.get(username)
    return user if user is not None and user.is_active else None


def _body(short_name: str) -> int:
    return next(i for i, body in enumerate(PUBLIC_BODIES) if body["short_name"] == short_name)


def _plan(year: int) -> list[dict]:
    """58 exchanges between 15 April and 30 September, 5 to 7 days each (a week on
    average): 37 civil servants to companies, 21 company employees to public bodies."""
    first_names, last_names = EXCHANGES["first_names"], EXCHANGES["last_names"]
    rows = []
    for index, body in enumerate(PUBLIC_BODIES):
        rows.extend(
            {"home": ("public", index), "topic_set": EXCHANGES["public_topics"]}
            for _ in range(body["sent"])
        )
    assert len(rows) == REPORTED["public_employees"]
    for position, row in enumerate(rows):
        row["host"] = ("company", position % len(COMPANIES))
    for position in range(REPORTED["company_employees"]):
        rows.append(
            {
                "home": ("company", position),
                "host": ("public", position % len(PUBLIC_BODIES)),
                "topic_set": EXCHANGES["company_topics"],
            }
        )
    first, last = date(year, 4, 15), date(year, 9, 30)
    span = (last - first).days - 7
    lengths = (5, 7, 6, 5, 7, 6, 7)
    for position, row in enumerate(rows):
        row["starts_on"] = first + timedelta(days=(position * 37) % span)
        row["ends_on"] = row["starts_on"] + timedelta(days=lengths[position % len(lengths)] - 1)
        row["name"] = (
            f"{first_names[position % len(first_names)]} "
            f"{last_names[(position * 7) % len(last_names)]}"
        )
        topics = row.pop("topic_set")
        row["topic"] = topics[position % len(topics)]
    return rows


def _communities_for(user: User) -> CommunityPage | None:
    membership = (
        Membership.objects.filter(user=user, status=MembershipStatus.ACTIVE, community__live=True)
        .select_related("community")
        .order_by("joined_at", "pk")
        .first()
    )
    return membership.community if membership else None


def seed_exchanges(
    *,
    programme_round: ProgrammeRound,
    coordinator: User,
    people: dict,
    open_round: ProgrammeRound | None = None,
) -> dict:
    """Round 5's exchanges (statistics exactly as the programme reported them), the demo
    users' reports, and a few open offers in ``open_round``. Returns what was created."""
    created = {"exchanges": 0, "reports": 0, "reports posted": 0, "offers": 0}
    with (
        transaction.atomic(),
        override_settings(PRAXIS_DISCUSSION_LIMITS=SEED_LIMITS),
        events.muted(),
    ):
        if not programme_round.exchanges.exists():
            _seed_round(programme_round, coordinator, people, created)
        if open_round is not None and not ExchangeOffer.objects.filter(round=open_round).exists():
            _seed_offers(open_round, people, created)
    return created


def _seed_round(programme_round, coordinator, people, created) -> None:
    year = (programme_round.showcase_on or programme_round.ends_on).year
    public = [
        _organisation(
            body["name"], short_name=body["short_name"], type=body["type"], level=body["level"]
        )
        for body in PUBLIC_BODIES
    ]
    companies = [
        _organisation(
            name,
            short_name="",
            type=OrganisationType.COMPANY,
            level=GovernmentLevel.NOT_APPLICABLE,
        )
        for name in COMPANIES
    ]
    organisations = {"public": public, "company": companies}
    rows = _plan(year)

    # Put the demo users into the first matching slots.
    reports = []
    for spec in EXCHANGES["participants"]:
        user, body = _user(people, spec["username"]), _body(spec["home"])
        if user is None or user.organisation_id != public[body].pk:
            continue
        row = next(r for r in rows if r["home"] == ("public", body) and "participant" not in r)
        row.update(
            participant=user, host=("company", COMPANIES.index(spec["host"])), topic=spec["topic"]
        )
        reports.append((row, user, spec))
    for spec in EXCHANGES["hosts"]:
        user, body = _user(people, spec["username"]), _body(spec["body"])
        if user is None or user.organisation_id != public[body].pk:
            continue
        row = next(
            (r for r in rows if r["host"] == ("public", body) and "host_contact" not in r), None
        )
        if row is not None:
            row["host_contact"] = user

    today = timezone.localdate()
    for row in rows:
        home_kind, home_index = row["home"]
        host_kind, host_index = row["host"]
        participant = row.get("participant")
        exchange = services.exchange_record(
            actor=coordinator,
            programme_round=programme_round,
            participant=participant,
            participant_name="" if participant else row["name"],
            home_organisation=organisations[home_kind][home_index],
            host_organisation=organisations[host_kind][host_index],
            host_contact=row.get("host_contact"),
            topic=row["topic"],
            starts_on=row["starts_on"],
            ends_on=row["ends_on"],
            # Exchanges still to come (a round seeded in the current year) count as agreed.
            status=ExchangeStatus.DONE if row["ends_on"] <= today else ExchangeStatus.AGREED,
        )
        Exchange.objects.filter(pk=exchange.pk).update(
            is_illustrative=EXCHANGES.get("illustrative", False)
        )
        row["exchange"] = exchange
        created["exchanges"] += 1

    for row, user, spec in reports:
        if row["exchange"].status != ExchangeStatus.DONE:
            continue
        report = services.report_write(
            actor=user,
            exchange=row["exchange"],
            learned=spec["learned"],
            will_change=spec["will_change"],
        )
        ExperienceReport.objects.filter(pk=report.pk).update(
            is_illustrative=EXCHANGES.get("illustrative", False)
        )
        created["reports"] += 1
        community = _communities_for(user)
        if community is not None and spec.get("post_to_community"):
            try:
                services.report_post_to_community(actor=user, report=report, community=community)
            except ServiceError:
                continue
            created["reports posted"] += 1


def _seed_offers(open_round, people, created) -> None:
    for spec in EXCHANGES["offers"]:
        contact = _user(people, spec["contact"])
        if contact is None or contact.organisation is None:
            continue
        services.offer_create(
            actor=contact,
            programme_round=open_round,
            topic=spec["topic"],
            description=spec["description"],
            host_department=spec["department"],
            duration_days=spec["duration_days"],
            places=spec["places"],
        )
        created["offers"] += 1


def seed_study_visit(*, programme: ProgrammePage, coordinator: User, people: dict) -> dict:
    """The visit of the Lithuanian project's partners to Oslo, 3-6 April 2017."""
    created = {"visits": 0, "visit items": 0, "visit participants": 0, "reports": 0}
    if StudyVisit.objects.filter(programme=programme, title=VISIT["title"]).exists():
        return created
    with transaction.atomic():
        hosts = {
            spec["name"]: _organisation(
                spec["name"],
                short_name=spec["short_name"],
                type=spec["type"],
                level=GovernmentLevel.NOT_APPLICABLE,
                country=spec["country"],
                website=spec["website"],
            )
            for spec in VISIT["hosts"]
        }
        visit = services.visit_create(
            actor=coordinator,
            programme=programme,
            title=VISIT["title"],
            purpose=VISIT["purpose"],
            destination=VISIT["destination"],
            starts_on=VISIT["starts_on"],
            ends_on=VISIT["ends_on"],
            host_organisations=list(hosts.values()),
        )
        created["visits"] += 1
        for item in VISIT["items"]:
            services.visit_item_add(
                actor=coordinator,
                visit=visit,
                day=item["day"],
                title=item["title"],
                description=item["description"],
                host_organisation=hosts[item["host"]] if "host" in item else None,
            )
            created["visit items"] += 1
        for username in VISIT["participants"]:
            user = _user(people, username)
            if user is not None:
                services.visit_participant_add(actor=coordinator, visit=visit, user=user)
                created["visit participants"] += 1
        report = VISIT["report"]
        author = _user(people, report["author"])
        if author is not None:
            written = services.report_write(
                actor=author,
                visit=visit,
                learned=report["learned"],
                will_change=report["will_change"],
            )
            ExperienceReport.objects.filter(pk=written.pk).update(
                is_illustrative=report.get("illustrative", False)
            )
            created["reports"] += 1
    return created
