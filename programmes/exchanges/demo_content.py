"""Demo staff exchanges and a study visit for ``seed_demo``.

Partnerstvo za spremembe (Slovenia), round 5: "the exchanges began on 15 April and end by
the end of September; on average one exchange lasts a week; 15 public bodies with 37
employees and 32 companies with 21 employees took part; 58 people were exchanged in all"
(source document 002). The TOTALS below are the programme's own figures and the round's
statistics come out exactly as reported. The INDIVIDUAL PAIRINGS (who went where, when,
for how long) are illustrative: the source gives no list. The public bodies are real
Slovenian institutions; the companies are invented names (no real company is claimed to
have taken part); the participants are invented and recorded by name, without accounts,
except for a few demo users who also wrote reports.

The Lithuanian social-clustering project's second visit to Oslo, 3-6 April 2017 (source
document 004): its purpose, hosts and meetings come from the document; the order of the
meetings over the four days is illustrative.

Everything goes through the services, and seeding twice changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from communities.models import (
    CommunityPage,
    GovernmentLevel,
    Membership,
    MembershipStatus,
    Organisation,
    OrganisationType,
    User,
)
from core.errors import ServiceError
from discussions import events
from programmes.exchanges import services
from programmes.models import (
    ExchangeOffer,
    ExchangeStatus,
    ProgrammePage,
    ProgrammeRound,
    StudyVisit,
)

SEED_LIMITS = {
    "POST_INTERVAL_SECONDS": 0,
    "NEW_ACCOUNT_MAX_POSTS": 10**6,
    "DUPLICATE_WINDOW_SECONDS": 0,
}

# Round 5 as reported: 15 public bodies / 37 employees, 32 companies / 21 employees.
PUBLIC_BODIES_REPORTED = 15
PUBLIC_EMPLOYEES_REPORTED = 37
COMPANIES_REPORTED = 32
COMPANY_EMPLOYEES_REPORTED = 21

# Real Slovenian public bodies: (name, short name, type, level, employees sent).
# The first three have the same names as in communities.demo_content, so the demo users'
# organisations are reused. Employees sent add up to 37.
PUBLIC_BODIES = [
    (
        "Ministry of Public Administration of the Republic of Slovenia",
        "MJU",
        OrganisationType.MINISTRY,
        GovernmentLevel.CENTRAL,
        5,
    ),
    (
        "Agency of the Republic of Slovenia for Public Legal Records and Related Services",
        "AJPES",
        OrganisationType.CENTRAL_AGENCY,
        GovernmentLevel.CENTRAL,
        4,
    ),
    (
        "Šmarje pri Jelšah Administrative Unit",
        "UE Šmarje pri Jelšah",
        OrganisationType.REGIONAL_OFFICE,
        GovernmentLevel.REGIONAL,
        2,
    ),
    (
        "Financial Administration of the Republic of Slovenia",
        "FURS",
        OrganisationType.CENTRAL_AGENCY,
        GovernmentLevel.CENTRAL,
        4,
    ),
    (
        "Ministry of Finance of the Republic of Slovenia",
        "MF",
        OrganisationType.MINISTRY,
        GovernmentLevel.CENTRAL,
        3,
    ),
    (
        "Ministry of Economic Development and Technology of the Republic of Slovenia",
        "MGRT",
        OrganisationType.MINISTRY,
        GovernmentLevel.CENTRAL,
        2,
    ),
    (
        "Ministry of the Environment and Spatial Planning of the Republic of Slovenia",
        "MOP",
        OrganisationType.MINISTRY,
        GovernmentLevel.CENTRAL,
        2,
    ),
    (
        "Ministry of Education, Science and Sport of the Republic of Slovenia",
        "MIZŠ",
        OrganisationType.MINISTRY,
        GovernmentLevel.CENTRAL,
        2,
    ),
    (
        "Ministry of Labour, Family, Social Affairs and Equal Opportunities of the Republic "
        "of Slovenia",
        "MDDSZ",
        OrganisationType.MINISTRY,
        GovernmentLevel.CENTRAL,
        2,
    ),
    (
        "Statistical Office of the Republic of Slovenia",
        "SURS",
        OrganisationType.CENTRAL_AGENCY,
        GovernmentLevel.CENTRAL,
        2,
    ),
    (
        "Employment Service of Slovenia",
        "ZRSZ",
        OrganisationType.CENTRAL_AGENCY,
        GovernmentLevel.CENTRAL,
        2,
    ),
    (
        "Ljubljana Administrative Unit",
        "UE Ljubljana",
        OrganisationType.REGIONAL_OFFICE,
        GovernmentLevel.REGIONAL,
        3,
    ),
    (
        "Maribor Administrative Unit",
        "UE Maribor",
        OrganisationType.REGIONAL_OFFICE,
        GovernmentLevel.REGIONAL,
        2,
    ),
    (
        "Kranj Administrative Unit",
        "UE Kranj",
        OrganisationType.REGIONAL_OFFICE,
        GovernmentLevel.REGIONAL,
        1,
    ),
    (
        "Celje Administrative Unit",
        "UE Celje",
        OrganisationType.REGIONAL_OFFICE,
        GovernmentLevel.REGIONAL,
        1,
    ),
]

# Invented companies (fictional names; any likeness to a real firm is unintended). The first
# 21 each send one employee; all 32 host civil servants.
COMPANIES = [
    "Lipovec Programska Oprema d.o.o.",
    "Brinje Logistika d.o.o.",
    "Kozolec Oblikovanje d.o.o.",
    "Modri Breg Svetovanje d.o.o.",
    "Triglavka Zavarovanja d.d.",
    "Soča Energetika d.o.o.",
    "Zlata Lisica Trgovina d.o.o.",
    "Planika Farmacija d.o.o.",
    "Kras Podatkovni Center d.o.o.",
    "Velika Planina Turizem d.o.o.",
    "Jelša Arhitekti d.o.o.",
    "Pohorje Les d.o.o.",
    "Drava Strojegradnja d.o.o.",
    "Kolpa Prehrana d.o.o.",
    "Savinja Telekom d.o.o.",
    "Bohinj Digitalne Storitve d.o.o.",
    "Lovrenc Računovodstvo d.o.o.",
    "Sinji Vrh Mediji d.o.o.",
    "Krka Dolina Avtomatika d.o.o.",
    "Ribnica Kadrovske Rešitve d.o.o.",
    "Mura Agro d.o.o.",
    "Snežnik Gradnje d.o.o.",
    "Bled Pametna Mesta d.o.o.",
    "Idrija Čipka Tekstil d.o.o.",
    "Piran Pomorske Storitve d.o.o.",
    "Vipava Vinarstvo d.o.o.",
    "Kamnik Elektronika d.o.o.",
    "Ptuj Kulturne Industrije d.o.o.",
    "Postojna Varnostni Sistemi d.o.o.",
    "Radovljica Izobraževanje d.o.o.",
    "Tolmin Obnovljivi Viri d.o.o.",
    "Ormož Mobilnost d.o.o.",
]

# Invented participants, recorded by name (no accounts).
FIRST_NAMES = [
    "Ana", "Matej", "Katja", "Gregor", "Urška", "Jure", "Tjaša", "Rok", "Maja", "Blaž",
    "Nika", "Aleš", "Špela", "Miha", "Eva", "Primož", "Sara", "Boštjan", "Lea", "Uroš",
]  # fmt: skip
LAST_NAMES = [
    "Kos", "Zupan", "Potočnik", "Hribar", "Kavčič", "Rozman", "Žagar", "Koren", "Bizjak",
    "Turk", "Medved", "Kastelic", "Oblak", "Petek", "Vovk", "Jerman", "Leban", "Pirc",
    "Zorko", "Kralj", "Erjavec", "Bergant", "Hočevar",
]  # fmt: skip

PUBLIC_TOPICS = [
    "Customer research and service design",
    "Agile project management",
    "Data-driven decisions",
    "Onboarding new employees",
    "Digital signatures and e-invoicing",
    "Handling complaints",
    "Internal communication",
    "Process automation",
]
COMPANY_TOPICS = [
    "How a public body prepares a regulation",
    "Public procurement from the inside",
    "Front-office work with citizens",
    "How permits are decided",
    "Official statistics and open data",
]

# Demo users who took part, with what they wrote afterwards: (username, home body index,
# company index they went to, topic, learned, will change). Used only when the user exists
# and works at that public body; otherwise the slot is recorded by name like the others.
DEMO_PARTICIPANTS = [
    (
        "andrej.golob",
        1,
        0,
        "How a software company runs its product backlog",
        "The team shipped small changes every week and asked three customers about each one "
        "before building it. Our e-services portal changes twice a year, in big releases "
        "nobody outside IT sees before launch.",
        "I will show the filing form to five companies before the next release, and split "
        "the release into smaller ones so we can see what helps uptake.",
    ),
    (
        "nina.zupancic",
        0,
        1,
        "How a logistics company buys and runs its vehicle fleet",
        "They compare vehicles by cost over the whole life, fuel and servicing included, "
        "not by the purchase price; the environmental criteria then win on their own.",
        "I will add a life-cycle cost criterion to our next central purchase of vehicles and "
        "ask two suppliers to comment on the draft before we publish it.",
    ),
    (
        "simon.vidmar",
        2,
        10,
        "How architects prepare building-permit applications",
        "The designers lose most time guessing what the administrative unit will ask for; "
        "their checklists are better than our guidance for applicants.",
        "We will write our applicant guidance together with two design offices and publish "
        "the list of the most common gaps in applications.",
    ),
]
# Demo users who hosted a company employee as their body's contact person.
DEMO_HOSTS = [("petra.horvat", 1), ("mateja.krajnc", 2)]

OPEN_OFFERS = [
    (
        "petra.horvat",
        "Communication and Customer Relations",
        "How we raise the uptake of e-services",
        "A week with the team that answers companies' questions about annual reports and "
        "e-services: the helpdesk, the campaign calendar, and the figures we track.",
        2,
    ),
    (
        "mateja.krajnc",
        "Main Office",
        "A week at an administrative unit's front office",
        "See how citizens file applications at the counter and online, sit in on "
        "building-permit consultations, and tell us what a company would do differently.",
        2,
    ),
    (
        "luka.kranjc",
        "Human Resources Service",
        "Competence models and training in the civil service",
        "How the ministry plans training for 30,000 civil servants, runs competence "
        "assessments and matches people for exchanges.",
        1,
    ),
]


def _organisation(name, *, short_name, type, level, country="SI", website="") -> Organisation:
    organisation, _created = Organisation.objects.get_or_create(
        name=name,
        defaults={
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


def _plan(year: int) -> list[dict]:
    """58 exchanges between 15 April and 30 September, 5 to 7 days each (a week on
    average): 37 civil servants to companies, 21 company employees to public bodies."""
    rows = []
    for index, (_name, _short, _type, _level, sent) in enumerate(PUBLIC_BODIES):
        rows.extend({"home": ("public", index), "topic_set": PUBLIC_TOPICS} for _ in range(sent))
    assert len(rows) == PUBLIC_EMPLOYEES_REPORTED
    for position, row in enumerate(rows):
        row["host"] = ("company", position % len(COMPANIES))
    for position in range(COMPANY_EMPLOYEES_REPORTED):
        rows.append(
            {
                "home": ("company", position),
                "host": ("public", position % len(PUBLIC_BODIES)),
                "topic_set": COMPANY_TOPICS,
            }
        )
    first, last = date(year, 4, 15), date(year, 9, 30)
    span = (last - first).days - 7
    lengths = (5, 7, 6, 5, 7, 6, 7)
    for position, row in enumerate(rows):
        row["starts_on"] = first + timedelta(days=(position * 37) % span)
        row["ends_on"] = row["starts_on"] + timedelta(days=lengths[position % len(lengths)] - 1)
        row["name"] = (
            f"{FIRST_NAMES[position % len(FIRST_NAMES)]} "
            f"{LAST_NAMES[(position * 7) % len(LAST_NAMES)]}"
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
        _organisation(name, short_name=short, type=kind, level=level)
        for name, short, kind, level, _sent in PUBLIC_BODIES
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
    for username, body, company, topic, learned, will_change in DEMO_PARTICIPANTS:
        user = _user(people, username)
        if user is None or user.organisation_id != public[body].pk:
            continue
        row = next(r for r in rows if r["home"] == ("public", body) and "participant" not in r)
        row.update(participant=user, host=("company", company), topic=topic)
        reports.append((row, user, learned, will_change))
    for username, body in DEMO_HOSTS:
        user = _user(people, username)
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
        row["exchange"] = exchange
        created["exchanges"] += 1

    for row, user, learned, will_change in reports:
        if row["exchange"].status != ExchangeStatus.DONE:
            continue
        report = services.report_write(
            actor=user, exchange=row["exchange"], learned=learned, will_change=will_change
        )
        created["reports"] += 1
        community = _communities_for(user)
        if community is not None and user.username == DEMO_PARTICIPANTS[0][0]:
            try:
                services.report_post_to_community(actor=user, report=report, community=community)
            except ServiceError:
                continue
            created["reports posted"] += 1


def _seed_offers(open_round, people, created) -> None:
    for username, department, topic, description, places in OPEN_OFFERS:
        contact = _user(people, username)
        if contact is None or contact.organisation is None:
            continue
        services.offer_create(
            actor=contact,
            programme_round=open_round,
            topic=topic,
            description=description,
            host_department=department,
            duration_days=5,
            places=places,
        )
        created["offers"] += 1


# The Lithuanian study visit to Norway ---------------------------------------------------------

VISIT_TITLE = "Partners' second visit to Oslo: the social-clustering competence model"
VISIT_PURPOSE = (
    "To present the social-clustering competence model, the result of the project's activity "
    "indicator 1.1.1, to the Norwegian partner and to organisations working in Norway's "
    "public sector; to share experience of ways to raise staff qualifications and of "
    "teaching and learning methods; and to learn from Norwegian NGOs' good practice in "
    "cooperation and in developing social clustering in municipalities and regions: "
    "learning to cooperate by building networks with different structures."
)
VISIT_HOSTS = [
    # (name, short name, type, country, website)
    (
        "Flexible Education Norway",
        "Fleksibel utdanning Norge",
        OrganisationType.NGO,
        "NO",
        "http://fleksibelutdanning.no/",
    ),
    ("Association of NGOs in Norway", "Frivillighet Norge", OrganisationType.NGO, "NO", ""),
    ("e-Faktor", "", OrganisationType.NGO, "NO", "http://www.efaktor.no/"),
    (
        "Norwegian Association of Local and Regional Authorities",
        "KS",
        OrganisationType.NGO,
        "NO",
        "",
    ),
]
# (day offset, host index or None, title, description)
VISIT_ITEMS = [
    (
        0,
        0,
        "The social-clustering competence model",
        "The project partners present the competence model and the results achieved so far "
        "to Flexible Education Norway, the project's Norwegian partner.",
    ),
    (
        1,
        1,
        "Meeting Stian Slotterøy Johnsen, Secretary General of the Association of NGOs in Norway",
        "Why social clustering matters to organisations; the innovative anti-corruption "
        "measures being developed and introduced; the training methods used and ways of "
        "raising qualifications.",
    ),
    (
        1,
        2,
        "Meeting Jonna Vienola, head of e-Faktor",
        "e-Faktor organises virtual training for municipalities in Norway and Denmark: good "
        "practice, current challenges and new possibilities of distance learning in "
        "municipalities.",
    ),
    (
        2,
        3,
        "Haakon Meland Eriksen, Special Adviser, Norwegian Association of Local and "
        "Regional Authorities",
        "How social clustering and administrative capacity are being strengthened in all "
        "430 Norwegian municipalities: the problems and challenges most often met, and "
        "what has been achieved.",
    ),
    (
        3,
        None,
        "Practical meetings in municipalities and public-sector organisations",
        "Learning to cooperate by building networks with different structures: more "
        "examples of public-sector organisations succeeding through cooperation and "
        "social clustering.",
    ),
]
VISIT_PARTICIPANTS = [
    "jonas",
    "rasa.kazlauskiene",
    "vaida.zukauskaite",
    "audrone.jankauskiene",
    "tomas.stankevicius",
    "dalia.vaitkiene",
    "mantas.paulauskas",
]
VISIT_REPORT = (
    "jonas",
    "Norwegian NGOs and municipalities do not wait for a programme to cooperate: KS and the "
    "Association of NGOs bring them to one table on a regular basis, and e-Faktor trains "
    "municipal staff online, in short sessions, across two countries.",
    "In Biržai I will propose a quarterly meeting of our social-support division with the "
    "local NGOs, and try one of our trainings as a short online session first.",
)


def seed_study_visit(*, programme: ProgrammePage, coordinator: User, people: dict) -> dict:
    """The visit of the Lithuanian project's partners to Oslo, 3-6 April 2017."""
    created = {"visits": 0, "visit items": 0, "visit participants": 0, "reports": 0}
    if StudyVisit.objects.filter(programme=programme, title=VISIT_TITLE).exists():
        return created
    with transaction.atomic():
        hosts = [
            _organisation(
                name,
                short_name=short,
                type=kind,
                level=GovernmentLevel.NOT_APPLICABLE,
                country=country,
                website=website,
            )
            for name, short, kind, country, website in VISIT_HOSTS
        ]
        starts_on = date(2017, 4, 3)
        visit = services.visit_create(
            actor=coordinator,
            programme=programme,
            title=VISIT_TITLE,
            purpose=VISIT_PURPOSE,
            destination="Oslo, Norway",
            starts_on=starts_on,
            ends_on=date(2017, 4, 6),
            host_organisations=hosts,
        )
        created["visits"] += 1
        for offset, host, title, description in VISIT_ITEMS:
            services.visit_item_add(
                actor=coordinator,
                visit=visit,
                day=starts_on + timedelta(days=offset),
                title=title,
                description=description,
                host_organisation=hosts[host] if host is not None else None,
            )
            created["visit items"] += 1
        for username in VISIT_PARTICIPANTS:
            user = _user(people, username)
            if user is not None:
                services.visit_participant_add(actor=coordinator, visit=visit, user=user)
                created["visit participants"] += 1
        author = _user(people, VISIT_REPORT[0])
        if author is not None:
            services.report_write(
                actor=author, visit=visit, learned=VISIT_REPORT[1], will_change=VISIT_REPORT[2]
            )
            created["reports"] += 1
    return created


__all__ = ["seed_exchanges", "seed_study_visit"]
