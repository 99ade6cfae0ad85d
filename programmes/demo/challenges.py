"""Demo challenge rounds of Partnerstvo za spremembe (Partnership for Change), Slovenia:
round 5 (finished, with its showcase) and round 6 (open), from ``challenges.toml``.

Accounts are the demo's personas (their names are invented; the real people of the seed
document appear only in the challenges' texts); the mentors are invented and created if
missing. Everything is written through the services; dates are then moved back so that
round 5 is finished (relative to today). Idempotent: a round number that already exists
for the programme is left alone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.test.utils import override_settings
from django.utils import timezone

from communities.demo import demo_community, demo_organisation
from communities.models import CommunityPage, Organisation, User
from core.demo import SEED_LIMITS
from discussions import events
from discussions import services as discussion_services
from discussions.models import Post, Thread
from programmes.challenges import services
from programmes.demo.loader import load
from programmes.models import (
    Challenge,
    ChallengeScore,
    ChallengeTeamMember,
    ProgrammePage,
    ProgrammeRound,
    SelectionCriterion,
)

DATA = load("challenges.toml")
PERSONAS = tuple(DATA["personas"])
CHALLENGES = DATA["challenges"]
WORKSPACE = "innovation-in-public-services"


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _round_5_dates(today: date, year: int | None = None) -> dict:
    """Round 5 runs from September to the end of the next September (the exchanges end
    then), with the final event at the end of May: in ``year`` (the source's own, from the
    data), else the latest such round that is over."""
    if year is None:
        year = today.year if today > date(today.year, 9, 30) else today.year - 1
    return {
        "starts_on": date(year - 1, 9, 1),
        "ends_on": date(year, 9, 30),
        "call_deadline": _aware(date(year - 1, 9, 20), 23),
        "announced": _aware(date(year - 1, 9, 30)),
        "showcase_on": date(year, 5, 31),
    }


def _mentors(organisation: Organisation, password_hash: str) -> dict[str, User]:
    profile = DATA["mentor_profile"]
    mentors = {}
    for spec in DATA["mentors"]:
        username = spec["username"]
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": spec["first_name"],
                "last_name": spec["last_name"],
                "email": f"{username}@example.org",
                "organisation": organisation,
                "job_title": spec["job_title"],
                "country": profile["country"],
                "languages": list(profile["languages"]),
                "bio": profile["bio"],
                "is_illustrative": profile.get("illustrative", False),
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
    community = demo_community(WORKSPACE)
    if community is None:
        raise RuntimeError(
            "seed_rounds needs a workspace community: set Partnerstvo's workspace_community "
            f"or seed the '{WORKSPACE}' community first."
        )
    programme.workspace_community = community
    programme.save(update_fields=["workspace_community"])
    return community


def _criteria(programme_round: ProgrammeRound) -> list[SelectionCriterion]:
    return [
        SelectionCriterion.objects.create(
            round=programme_round,
            name=spec["name"],
            description=spec["description"],
            weight=spec["weight"],
            max_score=spec["max_score"],
            position=position,
        )
        for position, spec in enumerate(DATA["criteria"])
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
        round_5 = ProgrammeRound.objects.filter(
            programme=partnerstvo, number=DATA["round_5"]["number"]
        ).first()
        challenges = []
        if round_5 is None:
            round_5, challenges = _seed_round_5(
                partnerstvo,
                coordinator=coordinator,
                commissioners=commissioners,
                people=people,
                password_hash=password_hash,
            )
        round_6 = ProgrammeRound.objects.filter(
            programme=partnerstvo, number=DATA["round_6"]["number"]
        ).first()
        if round_6 is None:
            round_6 = _seed_round_6(partnerstvo, commissioners=commissioners)
    return {"round_5": round_5, "round_6": round_6, "challenges": challenges}


def _seed_round_5(programme, *, coordinator, commissioners, people, password_hash):
    from communities.services import membership_create_facilitator

    spec_5 = DATA["round_5"]
    today = timezone.localdate()
    dates = _round_5_dates(today, DATA["round_5"].get("year"))
    workspace = _workspace(programme)
    # Coordinators read the workspace threads and propose outcomes as practice cases.
    membership_create_facilitator(user=coordinator, community=workspace)
    organisation = DATA["mentor_organisation"]
    amcham, _created = demo_organisation(
        organisation["name"], {k: v for k, v in organisation.items() if k != "name"}
    )
    mentors = _mentors(amcham, password_hash)
    everyone = {**people, **mentors}

    # Written while the call is open, then dated back to the real timeline.
    programme_round = ProgrammeRound.objects.create(
        programme=programme,
        number=spec_5["number"],
        title=spec_5["title"],
        description=spec_5["description"],
        starts_on=dates["starts_on"],
        ends_on=dates["ends_on"],
        call_deadline=timezone.now() + timedelta(days=1),
        max_selected=spec_5["max_selected"],
        showcase_on=dates["showcase_on"],
        showcase_place=spec_5["showcase_place"],
        showcase_summary=spec_5["showcase_summary"],
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
            people_reached=spec.get("people_reached"),
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
        scored_at=announced - timedelta(days=4),
        is_illustrative=DATA.get("scores", {}).get("illustrative", False),
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
    spec = DATA["round_6"]
    today = timezone.localdate()
    programme_round = ProgrammeRound.objects.create(
        programme=programme,
        number=spec["number"],
        title=spec["title"],
        description=spec["description"],
        starts_on=today + timedelta(days=spec["starts_in_days"]),
        ends_on=today + timedelta(days=spec["ends_in_days"]),
        call_deadline=_aware(today + timedelta(days=spec["call_deadline_in_days"]), 23),
        max_selected=spec["max_selected"],
    )
    programme_round.commission.set(commissioners)
    _criteria(programme_round)
    return programme_round
