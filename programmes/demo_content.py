"""Demo programmes for ``manage.py seed_demo``: Partnerforum with its partner institutions
and yearly records, Partnerstvo za spremembe with a finished and an open round (challenges,
commission, mentors, exchanges), and the Lithuanian social-clustering project's study
visit to Norway.

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

from communities.models import (
    CommunityPage,
    GovernmentLevel,
    HomePage,
    Organisation,
    OrganisationType,
    User,
)
from discussions import events
from programmes.models import (
    PartnerParticipation,
    PartnerStatus,
    ProgrammeIndexPage,
    ProgrammePage,
)

# Generous limits: the seed writes many posts as the same people within seconds.
SEED_LIMITS = {
    "POST_INTERVAL_SECONDS": 0,
    "NEW_ACCOUNT_POSTS_PER_DAY": 10_000,
    "DUPLICATE_WINDOW_SECONDS": 0,
}

# Partnerforum (Oslo): run by the University of Oslo and BI Norwegian Business School;
# 20 partners from public administration and academia, 95,000 NOK a year each.
PARTNERFORUM_PARTNERS = [
    ("Norwegian Digitalisation Agency", "Digdir", OrganisationType.CENTRAL_AGENCY),
    ("Norwegian Environment Agency", "Miljødirektoratet", OrganisationType.CENTRAL_AGENCY),
    ("Ministry of Local Government and Regional Development", "KDD", OrganisationType.MINISTRY),
    ("Ministry of Finance (Norway)", "FIN", OrganisationType.MINISTRY),
    ("Ministry of Climate and Environment (Norway)", "KLD", OrganisationType.MINISTRY),
    ("Ministry of Justice and Public Security (Norway)", "JD", OrganisationType.MINISTRY),
    ("Ministry of Health and Care Services (Norway)", "HOD", OrganisationType.MINISTRY),
    ("Ministry of Education and Research (Norway)", "KD", OrganisationType.MINISTRY),
    ("Ministry of Foreign Affairs (Norway)", "UD", OrganisationType.MINISTRY),
    ("Norwegian Tax Administration", "Skatteetaten", OrganisationType.CENTRAL_AGENCY),
    ("Norwegian Labour and Welfare Administration", "NAV", OrganisationType.CENTRAL_AGENCY),
    ("Statistics Norway", "SSB", OrganisationType.CENTRAL_AGENCY),
    ("Norwegian Directorate of Health", "Helsedirektoratet", OrganisationType.CENTRAL_AGENCY),
    (
        "Norwegian Agency for Public and Financial Management",
        "DFØ",
        OrganisationType.CENTRAL_AGENCY,
    ),
    ("Norwegian Directorate for Higher Education and Skills", "HK-dir", "central_agency"),
    ("Norwegian Competition Authority", "Konkurransetilsynet", OrganisationType.CENTRAL_AGENCY),
    ("The Office of the Auditor General of Norway", "Riksrevisjonen", "central_agency"),
    ("Oslo Municipality", "Oslo kommune", OrganisationType.MUNICIPALITY),
    ("Norwegian University of Science and Technology", "NTNU", OrganisationType.UNIVERSITY),
    ("OsloMet - Oslo Metropolitan University", "OsloMet", OrganisationType.UNIVERSITY),
]
PARTNERFORUM_FEE = 95000

# Social clustering (Lithuania): the project's implementer and partners (seed 004).
SOCIAL_CLUSTERING_PARTNERS = [
    ("Lithuanian University of Educational Sciences", "LEU", OrganisationType.UNIVERSITY),
    ("Flexible Education Norway", "Fleksibel utdanning Norge", OrganisationType.NGO),
    ("Biržai District Municipality", "Biržai", OrganisationType.MUNICIPALITY),
    ("Prienai District Municipality", "Prienai", OrganisationType.MUNICIPALITY),
    ("Druskininkai Municipality", "Druskininkai", OrganisationType.MUNICIPALITY),
    ("Utena District Municipality Administration", "Utena", OrganisationType.MUNICIPALITY),
    ("Vilnius College of Design", "VDK", OrganisationType.UNIVERSITY),
    ("Gintarinė akademija", "Amber Academy", OrganisationType.NGO),
    ("Lithuanian College of Democracy", "LDUK", OrganisationType.UNIVERSITY),
]

PROGRAMME_PEOPLE = [
    {
        "username": "coordinator",
        "first_name": "Irena",
        "last_name": "Zorko",
        "organisation": "Ministry of Public Administration of the Republic of Slovenia",
        "department": "Directorate for Public Sector Development",
        "job_title": "Programme coordinator, Partnerstvo za spremembe",
        "country": "SI",
    },
    {
        "username": "commissioner",
        "first_name": "Gregor",
        "last_name": "Bizjak",
        "organisation": "AmCham Slovenia",
        "department": "Partnerships",
        "job_title": "Member of the selection commission",
        "country": "SI",
    },
]

DEMO_LOGINS = [
    {
        "username": "coordinator",
        "role": "Irena Zorko (Ministry of Public Administration, Slovenia): coordinates "
        "Partnerstvo za spremembe (rounds, selection, mentors, exchanges, partner records) "
        "with Maja Novak.",
    },
    {
        "username": "commissioner",
        "role": "Gregor Bizjak (AmCham Slovenia): scores challenges on round 6's selection "
        "commission (with luka.kranjc).",
    },
]


def _organisation(name: str, short_name: str, kind: str, country: str) -> Organisation:
    level = {
        OrganisationType.MINISTRY: GovernmentLevel.CENTRAL,
        OrganisationType.CENTRAL_AGENCY: GovernmentLevel.CENTRAL,
        OrganisationType.MUNICIPALITY: GovernmentLevel.LOCAL,
        OrganisationType.REGIONAL_OFFICE: GovernmentLevel.REGIONAL,
    }.get(kind, GovernmentLevel.NOT_APPLICABLE)
    organisation, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "short_name": short_name,
            "type": kind,
            "country": country,
            "level_of_government": level,
        },
    )
    return organisation


def _people(password_hash: str) -> dict[str, User]:
    from allauth.account.models import EmailAddress

    _organisation("AmCham Slovenia", "AmCham", OrganisationType.NGO, "SI")
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
                languages=["sl", "en"],
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
    return CommunityPage.objects.filter(slug=slug).first()


def _programme(
    *,
    index: ProgrammeIndexPage,
    author: User,
    coordinators: list[User],
    communities: list[str],
    workspace: str = "",
    **fields,
) -> ProgrammePage:
    programme = ProgrammePage(**fields)
    programme.coordinators.set(coordinators)
    programme.communities.set([c for c in map(_community, communities) if c is not None])
    programme.workspace_community = _community(workspace) if workspace else None
    _publish(index, programme, author)
    return ProgrammePage.objects.get(pk=programme.pk)


def _partner_records(
    programme: ProgrammePage,
    partners: list[tuple],
    country: str,
    *,
    fee: int | None,
    currency: str,
    year: int,
) -> int:
    """Last year: every partner active; this year: all but one renewed, one lapsed, and a
    newcomer invited (the last entry of ``partners``)."""
    records = []
    *established, newcomer = partners
    lapsed_name = established[-1][0] if fee else None
    for name, short_name, kind in established:
        organisation = _organisation(name, short_name, kind, country)
        for period_year in (year - 1, year):
            status = PartnerStatus.ACTIVE
            if period_year == year and name == lapsed_name:
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
                    note="Did not renew for this year." if status == PartnerStatus.LAPSED else "",
                )
            )
    name, short_name, kind = newcomer
    organisation = _organisation(name, short_name, kind, country)
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
            note="Invitation to renew sent in January." if fee else "",
        )
    )
    PartnerParticipation.objects.bulk_create(records)
    return len(records)


def seed_programmes(*, password_hash: str, stdout=None) -> dict:
    """Create the programmes if there are none yet (idempotent); returns counts."""
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
        created = _seed(home, editor, password_hash)
    if stdout is not None:
        stdout.write("Programmes:")
        for label, n in created.items():
            stdout.write(f"  {label}: {n}")
    return created


def _seed(home: HomePage, editor: User, password_hash: str) -> dict:
    from programmes.challenges.demo_content import seed_rounds
    from programmes.exchanges.demo_content import seed_exchanges, seed_study_visit

    people = {u.username: u for u in User.objects.filter(is_active=True)}
    people.update(_people(password_hash))
    year = timezone.localdate().year
    index = ProgrammeIndexPage(
        title="Programmes",
        slug="programmes",
        intro="Programmes that connect whole institutions: partner networks, challenge "
        "rounds with mentors, staff exchanges and study visits.",
    )
    _publish(home, index, editor)
    created = {"programmes": 0, "partner records": 0}

    partnerforum = _programme(
        index=index,
        author=editor,
        coordinators=[p for p in (people.get("kari.nordby"), people.get("erik.lunde")) if p],
        communities=["partnerforum-programme-group", "climate-policy-in-practice"],
        title="Partnerforum",
        slug="partnerforum",
        summary="A meeting place for officials from Norwegian ministries, agencies and "
        "directorates, run by the University of Oslo and BI Norwegian Business School.",
        body="<p>Partnerforum spreads knowledge and experience and brings together "
        "officials from different ministries, government agencies and departments. 20 "
        "partners from public administration and academia take part.</p><p>Meetings follow "
        "a planned structure: breakfast meetings (09:00-11:00), full-day conferences and "
        "seminars. The officials choose the topics themselves, in thematic blocks such as "
        "democracy, efficiency, ethics, HR and competence development, innovation, climate "
        "policy, communication, and state and local government. The academics who lead the "
        "meetings keep to practical questions and a workshop model.</p><p>Taking part costs "
        "95,000 NOK a year per partner: according to the organisers, paying makes the "
        "institutions take the programme seriously rather than as one more obligation.</p>",
        country="NO",
        run_by="University of Oslo and BI Norwegian Business School",
        annual_fee=PARTNERFORUM_FEE,
        fee_currency="NOK",
    )
    created["programmes"] += 1
    created["partner records"] += _partner_records(
        partnerforum, PARTNERFORUM_PARTNERS, "NO", fee=PARTNERFORUM_FEE, currency="NOK", year=year
    )

    coordinator = people["coordinator"]
    partnerstvo = _programme(
        index=index,
        author=editor,
        coordinators=[coordinator, *[p for p in (people.get("maja.novak"),) if p]],
        communities=["innovation-in-public-services", "staff-exchanges", "e-services-uptake"],
        workspace="innovation-in-public-services",
        title="Partnerstvo za spremembe (Partnership for Change)",
        slug="partnerstvo-za-spremembe",
        summary="Slovenia's national platform where employees of the public administration "
        "and companies solve challenges together and swap places for a week.",
        body="<p>A programme of innovative cooperation between employees of the Slovenian "
        "public and private sectors, to transfer and use good ideas, practices and "
        "solutions. The Ministry of Public Administration coordinates it for the public "
        "administration and AmCham Slovenia for business.</p><p>In each round, "
        "organisations submit challenges; the commission selects at most five whose "
        "solution would most improve quality of life and the business environment; each "
        "selected challenge gets a mentor. What counts is the scale of co-creation: how "
        "many people join in solving a challenge and how many it affects. Staff exchanges "
        "between public bodies and companies, about a week each, have been part of the "
        "programme from the start.</p><p>In 2016 the programme received the Creative "
        "Network Award of AmChams in Europe for best practice, and it was shortlisted "
        "among more than 150 entries to the OECD's call for public-sector innovation.</p>",
        country="SI",
        run_by="Ministry of Public Administration and AmCham Slovenia",
    )
    created["programmes"] += 1
    round_info = seed_rounds(
        partnerstvo=partnerstvo,
        coordinator=coordinator,
        commissioners=[people["commissioner"], *[p for p in (people.get("luka.kranjc"),) if p]],
        people=people,
        password_hash=password_hash,
    )
    created["rounds"] = 2
    created["challenges"] = (
        round_info["challenges"]
        if isinstance(round_info["challenges"], int)
        else len(round_info["challenges"])
    )
    exchange_info = seed_exchanges(
        programme_round=round_info["round_5"],
        open_round=round_info["round_6"],
        coordinator=coordinator,
        people=people,
    )
    created.update({f"exchanges: {k}": v for k, v in exchange_info.items() if isinstance(v, int)})

    clustering = _programme(
        index=index,
        author=editor,
        coordinators=[p for p in (people.get("dalia.vaitkiene"),) if p],
        communities=["social-clustering-municipalities"],
        title="Social clustering for sustainable development (Lithuania)",
        slug="social-clustering",
        summary="Municipalities, NGOs and colleges in Lithuania with a Norwegian partner "
        "strengthen the public sector's social clustering: a competence model, remote "
        "training for municipalities and study visits.",
        body='<p>Project NOR-LT10-VRM-01-K-02-006, "Promoting sustainable development by '
        "strengthening the public sector's social clustering\", carried out by the "
        "Lithuanian University of Educational Sciences with Fleksibel utdanning Norge and "
        "Lithuanian municipalities, public institutions, colleges and NGOs.</p><p>Partners "
        "share ways of raising staff qualifications and training methods, and learn from "
        "Norwegian NGOs' examples of cooperation and social clustering in municipalities "
        "and regions.</p>",
        country="LT",
        run_by="Lithuanian University of Educational Sciences",
    )
    created["programmes"] += 1
    created["partner records"] += _partner_records(
        clustering, SOCIAL_CLUSTERING_PARTNERS, "LT", fee=None, currency="", year=year
    )
    visit_info = seed_study_visit(
        programme=clustering, coordinator=clustering.coordinators.first() or editor, people=people
    )
    created.update({f"visits: {k}": v for k, v in visit_info.items() if isinstance(v, int)})
    return created
