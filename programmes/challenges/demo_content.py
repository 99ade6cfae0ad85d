"""Demo challenge rounds of Partnerstvo za spremembe (Partnership for Change), Slovenia,
for ``seed_demo``. Facts from the seed document (``../shared/seeds/002_*``):

- Round 5, "Povezani za akcijo" (Connected for action): three challenges, worked on for
  eight months and presented at the final event at the end of May:
  "Učitelj sem/Učiteljica sem" (primary-school teachers' good practices), initiated by
  Deana Jezeršek of LanguageSitter, with more than 80 teachers; building-permit
  applications prepared by designers, submitted by the Šmarje pri Jelšah Administrative
  Unit and presented by its head Jasna Junkar and the head of its main office Andreja
  Krumpak (outcome: the law changed so that designers fill in the application, through
  STOPbirokraciji.si); raising the reach and use of e-services, submitted by AJPES and
  presented by its director Mojca Kunšek (outcome: raised awareness, more use).
- The "inspiration" commission selects at most five challenges; each gets a mentor; what
  counts is the scope of co-creation: how many people joined in solving a challenge and
  how many it affected. The values: bold responsibility, playful innovation, partnership.
- Round 6 opens a new call.

Accounts are the demo's personas (their names are invented; the real people above
appear only in the challenges' texts). Mentors are not named in the document: three
invented mentors from AmCham Slovenia are created if missing. Counts of people affected
other than the 80 teachers are illustrative. Everything is written through the services;
dates are then moved back so that round 5 is finished (relative to today).

Idempotent: a round number that already exists for the programme is left alone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.test.utils import override_settings
from django.utils import timezone

from communities.models import CommunityPage, Organisation, User
from discussions import events
from discussions import services as discussion_services
from discussions.models import Post, Thread
from programmes.challenges import services
from programmes.models import (
    Challenge,
    ChallengeScore,
    ChallengeTeamMember,
    ProgrammePage,
    ProgrammeRound,
    SelectionCriterion,
)

SEED_LIMITS = {
    "POST_INTERVAL_SECONDS": 0,
    "NEW_ACCOUNT_MAX_POSTS": 10**6,
    "DUPLICATE_WINDOW_SECONDS": 0,
}

# Personas this seed uses (created by seed_demo from communities/demo_content.py).
PERSONAS = (
    "tina.mlakar",  # LanguageSitter: submits the teachers' challenge
    "mateja.krajnc",  # UE Šmarje pri Jelšah: submits the building-permit challenge
    "simon.vidmar",  # UE Šmarje pri Jelšah
    "petra.horvat",  # AJPES: submits the e-services challenge
    "andrej.golob",  # AJPES
    "luka.kranjc",  # MJU
    "nina.zupancic",  # MJU
    "tadej.kovac",  # MJU
)

AMCHAM = {
    "name": "AmCham Slovenia",
    "short_name": "AmCham",
    "country": "SI",
    "type": "ngo",
    "level_of_government": "n/a",
    "website": "https://www.amcham.si",
}

MENTORS = [
    ("ana.kos", "Ana", "Kos", "Programme manager, Partnership for Change"),
    ("marko.zajc", "Marko", "Zajc", "Member relations"),
    ("eva.kralj", "Eva", "Kralj", "Business environment and policy"),
]

CRITERIA = [
    (
        "Quality of life and the business environment",
        "How much solving it would improve the quality of life and the business "
        "environment in Slovenia.",
        3,
        5,
    ),
    (
        "Scope of co-creation",
        "How many people would join in solving it, and how many it would affect.",
        2,
        5,
    ),
    (
        "Bold responsibility, playful innovation, partnership",
        "The programme's values: does the challenge call for them?",
        1,
        5,
    ),
]

ROUND_5_DESCRIPTION = (
    "Povezani za akcijo (Connected for action): organisations from the public and private "
    "sectors submitted challenges; the selection commission (the commission of "
    "“inspiration”) chose at most five whose solution would improve the quality of life "
    "and the business environment in Slovenia. Each selected challenge had a mentor and "
    "a team from public bodies and companies, and worked for eight months. Staff "
    "exchanges between public bodies and companies ran alongside."
)
ROUND_5_SHOWCASE = (
    "At the final event at the end of May, organised by the Ministry of Public "
    "Administration and AmCham Slovenia, all three challenges were presented. "
    "Participants agreed that working together had brought important improvements."
)
ROUND_6_DESCRIPTION = (
    "The sixth round opens a new call for challenges, Povezani za akcijo (Connected for "
    "action). Organisations that believe in bold responsibility, playful innovation and "
    "partnership (business associations, municipalities, NGOs, public institutes, public "
    "bodies, educational and research institutions) submit their challenges; the "
    "commission selects at most five, and each gets a mentor. What counts is the scope "
    "of co-creation: how many people join in solving a challenge and how many it affects."
)

CHALLENGES = [
    {
        "submitter": "tina.mlakar",
        "organisation": "LanguageSitter",
        "title": "Učitelj sem/Učiteljica sem: good practices of primary-school teachers",
        "problem": "Teaching has lost some of its reputation. Many primary-school teachers "
        "see their work as a mission and do “that something extra” for their pupils, but "
        "their good practices stay within their classrooms.",
        "change_sought": "Collect and show good practices of primary-school teachers, so "
        "that the teaching profession regains its reputation and teachers learn from one "
        "another.",
        "affected": "Primary-school teachers, their pupils and the pupils' parents.",
        "affected_count": 80,
        "help_wanted": "Partners from public administration and companies to reach "
        "schools, and help with communication.",
        "mentor": "ana.kos",
        "team": ["luka.kranjc", "nina.zupancic"],
        "scores": [(5, 4, 5), (4, 5, 4)],
        "outcome": "The project gathers teachers who see their profession as a mission and "
        "do that something extra for their pupils: more than 80 teachers have joined it, "
        "and it gives the teaching profession back its reputation. Deana Jezeršek of "
        "LanguageSitter, who initiated it, presented it at the final event.",
        "people_reached": 80,
        "update": "More than 80 teachers have joined. We are preparing the presentation for "
        "the final event.",
    },
    {
        "submitter": "mateja.krajnc",
        "organisation": "Šmarje pri Jelšah Administrative Unit",
        "title": "Building-permit applications prepared by designers: a simple task anyone can do",
        "problem": "Citizens had to fill in the application for a building permit "
        "themselves, although the designers who prepare the project documentation already "
        "hold all the data. Applications came in incomplete and had to be corrected.",
        "change_sought": "Designers fill in the building-permit application as part of "
        "their work, so that citizens file complete applications without extra effort.",
        "affected": "Everyone who applies for a building permit, the designers who "
        "prepare their projects, and the administrative units that decide.",
        "affected_count": 1500,
        "help_wanted": "Designers' and companies' experience, and a way to propose the "
        "change of the law.",
        "mentor": "marko.zajc",
        "team": ["simon.vidmar", "tadej.kovac", "tina.mlakar"],
        "scores": [(5, 5, 4), (5, 4, 4)],
        "outcome": "Together with public administration (through the STOPbirokraciji.si "
        "project) and businesses, the legislation on building permits was changed: "
        "designers now fill in the building-permit application, among other things. "
        "Presented at the final event by Jasna Junkar, head of the administrative unit, "
        "and Andreja Krumpak, head of its main office.",
        "people_reached": None,
        "update": "The proposal went to STOPbirokraciji.si; the ministry has included it "
        "in the draft amendments to the building act.",
    },
    {
        "submitter": "petra.horvat",
        "organisation": "Agency of the Republic of Slovenia for Public Legal Records and "
        "Related Services",
        "title": "Raising the reach and use of public administration e-services",
        "problem": "AJPES offers e-services that save businesses and citizens time, but "
        "too few people know them and use them.",
        "change_sought": "More people and businesses know AJPES's e-services and use them.",
        "affected": "Businesses and citizens who deal with AJPES.",
        "affected_count": 5000,
        "help_wanted": "Companies' know-how in marketing and in reaching users, and "
        "contacts with other stakeholders.",
        "mentor": "eva.kralj",
        "team": ["andrej.golob", "luka.kranjc", "tina.mlakar"],
        "scores": [(4, 4, 3), (4, 3, 4)],
        "outcome": "During the project AJPES raised public awareness of its services in "
        "several ways and connected with different stakeholders, and so increased the use "
        "of its e-services; the work continues. Presented at the final event by Mojca "
        "Kunšek, director of AJPES.",
        "people_reached": None,
        "update": "This month's uptake figures are in: online filings are up again after "
        "the awareness campaign.",
    },
]


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _round_5_dates(today: date) -> dict:
    """Round 5 runs from September to the end of the next September (the exchanges end
    then), with the final event on 31 May; the latest such round that is over."""
    year = today.year if today > date(today.year, 9, 30) else today.year - 1
    return {
        "starts_on": date(year - 1, 9, 1),
        "ends_on": date(year, 9, 30),
        "call_deadline": _aware(date(year - 1, 9, 20), 23),
        "announced": _aware(date(year - 1, 9, 30)),
        "showcase_on": date(year, 5, 31),
    }


def _mentors(organisation: Organisation, password_hash: str) -> dict[str, User]:
    mentors = {}
    for username, first, last, job in MENTORS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "organisation": organisation,
                "job_title": job,
                "country": "SI",
                "languages": ["sl", "en"],
                "bio": "Mentors challenges in Partnership for Change for AmCham Slovenia.",
            },
        )
        if created:
            if password_hash:
                user.password = password_hash
            else:
                user.set_unusable_password()
            user.save(update_fields=["password"])
        mentors[username] = user
    return mentors


def _workspace(programme: ProgrammePage) -> CommunityPage:
    if programme.workspace_community_id:
        return programme.workspace_community
    community = CommunityPage.objects.filter(slug="innovation-in-public-services").first()
    if community is None:
        raise RuntimeError(
            "seed_rounds needs a workspace community: set Partnerstvo's workspace_community "
            "or seed the 'innovation-in-public-services' community first."
        )
    programme.workspace_community = community
    programme.save(update_fields=["workspace_community"])
    return community


def _criteria(programme_round: ProgrammeRound) -> list[SelectionCriterion]:
    return [
        SelectionCriterion.objects.create(
            round=programme_round,
            name=name,
            description=description,
            weight=weight,
            max_score=max_score,
            position=position,
        )
        for position, (name, description, weight, max_score) in enumerate(CRITERIA)
    ]


def seed_rounds(
    *,
    partnerstvo: ProgrammePage,
    coordinator: User,
    commissioners: list,
    people: dict,
    password_hash: str = "",
) -> dict:
    """Round 5 (finished, with its showcase) and round 6 (open) of Partnerstvo za
    spremembe. ``people``: username -> User, with at least the ``PERSONAS``; ``coordinator``
    must be one of the programme's coordinators; ``commissioners``: two or more users;
    ``password_hash``: the password of the mentors it creates (none: they cannot sign in)."""
    with override_settings(PRAXIS_DISCUSSION_LIMITS=SEED_LIMITS), events.muted():
        if not partnerstvo.coordinators.filter(pk=coordinator.pk).exists():
            partnerstvo.coordinators.add(coordinator)
            partnerstvo.save()
        round_5 = ProgrammeRound.objects.filter(programme=partnerstvo, number=5).first()
        challenges = []
        if round_5 is None:
            round_5, challenges = _seed_round_5(
                partnerstvo,
                coordinator=coordinator,
                commissioners=commissioners,
                people=people,
                password_hash=password_hash,
            )
        round_6 = ProgrammeRound.objects.filter(programme=partnerstvo, number=6).first()
        if round_6 is None:
            round_6 = _seed_round_6(partnerstvo, commissioners=commissioners)
    return {"round_5": round_5, "round_6": round_6, "challenges": challenges}


def _seed_round_5(programme, *, coordinator, commissioners, people, password_hash):
    from communities.services import membership_create_facilitator

    today = timezone.localdate()
    dates = _round_5_dates(today)
    workspace = _workspace(programme)
    # Coordinators read the workspace threads and propose outcomes as practice cases.
    membership_create_facilitator(user=coordinator, community=workspace)
    amcham, _created = Organisation.objects.get_or_create(name=AMCHAM["name"], defaults=AMCHAM)
    mentors = _mentors(amcham, password_hash)
    everyone = {**people, **mentors}

    # Written while the call is open, then dated back to the real timeline.
    programme_round = ProgrammeRound.objects.create(
        programme=programme,
        number=5,
        title="Povezani za akcijo",
        description=ROUND_5_DESCRIPTION,
        starts_on=dates["starts_on"],
        ends_on=dates["ends_on"],
        call_deadline=timezone.now() + timedelta(days=1),
        max_selected=5,
        showcase_on=dates["showcase_on"],
        showcase_place="Ljubljana",
        showcase_summary=ROUND_5_SHOWCASE,
    )
    programme_round.commission.set(commissioners)
    criteria = _criteria(programme_round)
    challenges = []
    for spec in CHALLENGES:
        submitter = everyone[spec["submitter"]]
        organisation = Organisation.objects.get(name=spec["organisation"])
        challenge = services.challenge_create(
            user=coordinator if submitter.organisation_id != organisation.pk else submitter,
            programme_round=programme_round,
            organisation=organisation,
            title=spec["title"],
            problem=spec["problem"],
            change_sought=spec["change_sought"],
            contact_name=submitter.name,
            contact_email=submitter.email,
            affected=spec["affected"],
            affected_count=spec["affected_count"],
            help_wanted=spec["help_wanted"],
            send=True,
        )
        for position, commissioner in enumerate(commissioners):
            values = spec["scores"][position % len(spec["scores"])]
            services.score_set(
                commissioner=commissioner,
                challenge=challenge,
                scores={c.pk: v for c, v in zip(criteria, values, strict=True)},
            )
        services.challenge_select(actor=coordinator, challenge=challenge)
        challenges.append(challenge)
    services.selection_announce(actor=coordinator, programme_round=programme_round)
    for spec, challenge in zip(CHALLENGES, challenges, strict=True):
        challenge.refresh_from_db()
        services.mentor_assign(
            actor=coordinator, challenge=challenge, mentor=everyone[spec["mentor"]]
        )
        for username in spec["team"]:
            services.team_member_add(
                actor=coordinator, challenge=challenge, user=everyone[username]
            )
        discussion_services.post_create(
            author=everyone[spec["team"][0]],
            thread=challenge.workspace_thread,
            source=spec["update"],
        )
        services.outcome_set(
            actor=coordinator,
            challenge=challenge,
            outcome=spec["outcome"],
            people_reached=spec["people_reached"],
        )
    _date_back(programme_round, challenges, dates)
    return programme_round, challenges


def _date_back(programme_round, challenges, dates) -> None:
    announced = dates["announced"]
    ProgrammeRound.objects.filter(pk=programme_round.pk).update(
        call_deadline=dates["call_deadline"], selection_published_at=announced
    )
    sent = dates["call_deadline"] - timedelta(days=5)
    ids = [c.pk for c in challenges]
    Challenge.objects.filter(pk__in=ids).update(
        created_at=sent - timedelta(days=10),
        submitted_at=sent,
        selected_at=announced - timedelta(days=2),
        updated_at=_aware(dates["showcase_on"]),
    )
    ChallengeScore.objects.filter(challenge_id__in=ids).update(
        scored_at=announced - timedelta(days=4)
    )
    ChallengeTeamMember.objects.filter(challenge_id__in=ids).update(
        added_at=announced + timedelta(days=3)
    )
    threads = [c.workspace_thread_id for c in Challenge.objects.filter(pk__in=ids)]
    Thread.objects.filter(pk__in=threads).update(
        created_at=announced, last_activity_at=_aware(dates["showcase_on"] - timedelta(days=14))
    )
    Post.objects.filter(thread_id__in=threads).update(created_at=announced + timedelta(days=20))


def _seed_round_6(programme, *, commissioners) -> ProgrammeRound:
    today = timezone.localdate()
    programme_round = ProgrammeRound.objects.create(
        programme=programme,
        number=6,
        title="Povezani za akcijo",
        description=ROUND_6_DESCRIPTION,
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=300),
        call_deadline=_aware(today + timedelta(days=45), 23),
        max_selected=5,
    )
    programme_round.commission.set(commissioners)
    _criteria(programme_round)
    return programme_round
