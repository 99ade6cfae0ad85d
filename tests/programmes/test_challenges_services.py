"""Challenge-round services: the call and its deadline, commission privacy, the limit of
N selected challenges, the announcement with members-only workspaces, mentors, teams and
outcomes. Every refusal changes nothing."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from communities.models import Membership, MembershipStatus, Visibility
from communities.services import membership_create_facilitator
from core.errors import ServiceError
from discussions.models import Thread
from discussions.permissions import can_read_thread
from programmes import permissions
from programmes.challenges import selectors, services
from programmes.models import (
    Challenge,
    ChallengeScore,
    ChallengeStatus,
    ChallengeTeamMember,
)
from tests.factories import CommunityPageFactory, OrganisationFactory, UserFactory
from tests.guidebook.factories import library
from tests.programmes.factories import (
    ChallengeFactory,
    CompanyFactory,
    ProgrammePageFactory,
    ProgrammeRoundFactory,
    SelectionCriterionFactory,
)

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Raising the reach and use of e-services",
    "problem": "Few companies file online; most still send paper.",
    "change_sought": "Twice as many online filings within a year.",
    "contact_name": "Petra Example",
    "contact_email": "petra@example.org",
    "affected": "Companies filing annual reports",
    "affected_count": 5000,
    "help_wanted": "Marketing and user research from companies.",
}


class World:
    """A programme with a coordinator and a members-only workspace community, an open
    round with two weighted criteria and a commission of two, a submitter, an outsider."""

    def __init__(self, *, workspace: bool = True, max_selected: int = 5):
        self.coordinator = UserFactory()
        self.programme = ProgrammePageFactory(coordinators=[self.coordinator])
        self.workspace = None
        if workspace:
            self.workspace = CommunityPageFactory(visibility=Visibility.MEMBERS)
            self.programme.workspace_community = self.workspace
            self.programme.save()
        self.round = ProgrammeRoundFactory(programme=self.programme, max_selected=max_selected)
        self.impact = SelectionCriterionFactory(
            round=self.round, name="Impact", weight=3, max_score=5
        )
        self.cocreation = SelectionCriterionFactory(
            round=self.round, name="Co-creation", weight=1, max_score=10
        )
        self.commissioners = [UserFactory(), UserFactory()]
        self.round.commission.set(self.commissioners)
        self.submitter = UserFactory()
        self.outsider = UserFactory()

    def sent(self, **kwargs) -> Challenge:
        kwargs.setdefault("submitted_by", UserFactory())
        return ChallengeFactory(round=self.round, **kwargs)

    def scores(self, impact, cocreation) -> dict:
        return {self.impact.pk: impact, self.cocreation.pk: cocreation}


@pytest.fixture
def world():
    return World()


def close_call(programme_round):
    programme_round.call_deadline = timezone.now() - timedelta(minutes=1)
    programme_round.save()


# Submitting ----------------------------------------------------------------------------------


def test_submitter_creates_a_draft_for_their_organisation_and_sends_it(world):
    draft = services.challenge_create(user=world.submitter, programme_round=world.round, **FIELDS)
    assert draft.status == ChallengeStatus.DRAFT
    assert draft.organisation == world.submitter.organisation
    sent = services.challenge_send(user=world.submitter, challenge=draft)
    assert sent.status == ChallengeStatus.SUBMITTED
    assert sent.submitted_at is not None


def test_draft_may_be_incomplete_but_sending_names_what_is_missing(world):
    draft = services.challenge_create(
        user=world.submitter, programme_round=world.round, title="A challenge in progress"
    )
    with pytest.raises(ServiceError) as error:
        services.challenge_send(user=world.submitter, challenge=draft)
    assert "the problem" in error.value.message
    assert "how many people are affected" in error.value.message
    draft.refresh_from_db()
    assert draft.status == ChallengeStatus.DRAFT


def test_submitting_after_the_deadline_is_refused(world):
    draft = services.challenge_create(user=world.submitter, programme_round=world.round, **FIELDS)
    close_call(world.round)
    with pytest.raises(ServiceError) as error:
        services.challenge_create(user=world.submitter, programme_round=world.round, **FIELDS)
    assert error.value.code == "deadline"
    assert "closed" in error.value.message
    with pytest.raises(ServiceError) as error:
        services.challenge_send(user=world.submitter, challenge=draft)
    assert error.value.code == "deadline"
    draft.refresh_from_db()
    assert draft.status == ChallengeStatus.DRAFT
    assert Challenge.objects.count() == 1


def test_a_person_without_an_organisation_cannot_submit(world):
    loner = UserFactory(organisation=None)
    with pytest.raises(ServiceError) as error:
        services.challenge_create(user=loner, programme_round=world.round, **FIELDS)
    assert "organisation" in error.value.message
    assert not Challenge.objects.exists()


def test_only_coordinators_submit_for_another_organisation(world):
    other = OrganisationFactory()
    with pytest.raises(ServiceError):
        services.challenge_create(
            user=world.submitter, programme_round=world.round, organisation=other, **FIELDS
        )
    challenge = services.challenge_create(
        user=world.coordinator, programme_round=world.round, organisation=other, **FIELDS
    )
    assert challenge.organisation == other


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("title", "Hi", "title"),
        ("title", "x" * 201, "title"),
        ("problem", "x" * 5001, "problem"),
        ("contact_email", "not an address", "contact_email"),
        ("affected_count", -3, "count"),
        ("affected_count", "many", "count"),
    ],
)
def test_bad_fields_are_refused_with_a_clear_message(world, field, value, code):
    with pytest.raises(ServiceError) as error:
        services.challenge_create(
            user=world.submitter, programme_round=world.round, **{**FIELDS, field: value}
        )
    assert error.value.code == code
    assert not Challenge.objects.exists()


def test_only_the_submitter_edits_and_only_drafts(world):
    draft = services.challenge_create(user=world.submitter, programme_round=world.round, **FIELDS)
    with pytest.raises(ServiceError):
        services.challenge_update(user=world.outsider, challenge=draft, title="Taken over!")
    services.challenge_update(user=world.submitter, challenge=draft, title="A better title")
    services.challenge_send(user=world.submitter, challenge=draft)
    with pytest.raises(ServiceError) as error:
        services.challenge_update(user=world.submitter, challenge=draft, title="Too late now")
    assert error.value.code == "not_draft"
    draft.refresh_from_db()
    assert draft.title == "A better title"


def test_withdraw_frees_a_selected_place_until_the_announcement(world):
    challenge = world.sent(submitted_by=world.submitter)
    services.challenge_select(actor=world.coordinator, challenge=challenge)
    services.challenge_withdraw(user=world.submitter, challenge=challenge)
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.WITHDRAWN
    assert services.selected_count(world.round) == 0
    with pytest.raises(ServiceError):
        services.challenge_withdraw(user=world.outsider, challenge=world.sent())


def test_drafts_are_invisible_to_everyone_but_the_submitter(world):
    draft = world.sent(submitted_by=world.submitter, status=ChallengeStatus.DRAFT)
    for person in (world.outsider, world.commissioners[0], world.coordinator):
        assert not permissions.can_view_challenge(person, draft)
        context = selectors.round_page_context(programme_round=world.round, user=person)
        assert draft not in context["other_challenges"] + context["my_challenges"]
    context = selectors.round_page_context(programme_round=world.round, user=world.submitter)
    assert context["my_challenges"] == [draft]


# Scoring -------------------------------------------------------------------------------------


def test_commissioner_scores_every_criterion_and_rescoring_replaces(world):
    challenge = world.sent()
    judge = world.commissioners[0]
    services.score_set(commissioner=judge, challenge=challenge, scores=world.scores(5, 10))
    services.score_set(
        commissioner=judge, challenge=challenge, scores=world.scores(2, 4), comment="On reflection"
    )
    rows = ChallengeScore.objects.filter(challenge=challenge, commissioner=judge)
    assert sorted(rows.values_list("score", flat=True)) == [2, 4]
    assert set(rows.values_list("comment", flat=True)) == {"On reflection"}


@pytest.mark.parametrize(
    "scores",
    [
        {"impact": 6, "cocreation": 3},  # above the criterion's highest score
        {"impact": -1, "cocreation": 3},
        {"impact": "five", "cocreation": 3},
        {"impact": 3},  # a criterion missing
        {"impact": 3, "cocreation": 3, "unknown": 1},
    ],
)
def test_bad_scores_are_refused_and_change_nothing(world, scores):
    challenge = world.sent()
    judge = world.commissioners[0]
    services.score_set(commissioner=judge, challenge=challenge, scores=world.scores(1, 1))
    given = {
        {"impact": world.impact.pk, "cocreation": world.cocreation.pk}.get(k, 999_999): v
        for k, v in scores.items()
    }
    with pytest.raises(ServiceError):
        services.score_set(commissioner=judge, challenge=challenge, scores=given)
    assert sorted(
        ChallengeScore.objects.filter(commissioner=judge).values_list("score", flat=True)
    ) == [1, 1]


def test_non_commissioners_cannot_score(world):
    challenge = world.sent()
    for person in (world.outsider, world.coordinator, challenge.submitted_by):
        with pytest.raises(ServiceError) as error:
            services.score_set(commissioner=person, challenge=challenge, scores=world.scores(5, 5))
        assert "commission" in error.value.message
    assert not ChallengeScore.objects.exists()


def test_drafts_cannot_be_scored(world):
    draft = world.sent(submitted_by=world.submitter, status=ChallengeStatus.DRAFT)
    with pytest.raises(ServiceError):
        services.score_set(
            commissioner=world.commissioners[0], challenge=draft, scores=world.scores(5, 5)
        )
    assert not ChallengeScore.objects.exists()


def test_scoring_is_refused_after_the_announcement(world):
    challenge = world.sent()
    services.challenge_select(actor=world.coordinator, challenge=challenge)
    services.selection_announce(actor=world.coordinator, programme_round=world.round)
    with pytest.raises(ServiceError) as error:
        services.score_set(
            commissioner=world.commissioners[0], challenge=challenge, scores=world.scores(5, 5)
        )
    assert error.value.code == "announced"


def test_a_commissioner_sees_others_scores_only_after_scoring(world):
    challenge = world.sent()
    first, second = world.commissioners
    services.score_set(commissioner=first, challenge=challenge, scores=world.scores(5, 10))
    before = selectors.challenge_scores(challenge=challenge, user=second)
    assert before["show_scores"] and not before["see_all_scores"]
    assert before["score_table"] == [] and before["average_score"] is None
    services.score_set(commissioner=second, challenge=challenge, scores=world.scores(0, 0))
    after = selectors.challenge_scores(challenge=challenge, user=second)
    assert after["see_all_scores"]
    assert {row["commissioner"] for row in after["score_table"]} == {first, second}
    for person in (world.outsider, challenge.submitted_by):
        assert selectors.challenge_scores(challenge=challenge, user=person) == {
            "show_scores": False
        }
    coordinator_view = selectors.challenge_scores(challenge=challenge, user=world.coordinator)
    assert coordinator_view["see_all_scores"] and len(coordinator_view["score_table"]) == 2


def test_ranking_weights_criteria_and_averages_commissioners(world):
    top, middle, unscored = world.sent(title="Top"), world.sent(title="Middle"), world.sent()
    first, second = world.commissioners
    # Impact weighs 3 (0..5), co-creation 1 (0..10): (5/5*3 + 10/10*1) / 4 = 100
    services.score_set(commissioner=first, challenge=top, scores=world.scores(5, 10))
    # (5/5*3 + 0) / 4 = 75, and (0 + 10/10*1) / 4 = 25: average 50
    services.score_set(commissioner=first, challenge=middle, scores=world.scores(5, 0))
    services.score_set(commissioner=second, challenge=middle, scores=world.scores(0, 10))
    rows = selectors.ranking(programme_round=world.round)["rows"]
    assert [(r["challenge"], r["score"], r["scored_by"]) for r in rows] == [
        (top, 100.0, 1),
        (middle, 50.0, 2),
        (unscored, None, 0),
    ]


# Selecting -----------------------------------------------------------------------------------


def test_selecting_more_than_n_is_refused_and_changes_nothing():
    world = World(max_selected=2)
    first, second, third = world.sent(), world.sent(), world.sent()
    services.challenge_select(actor=world.coordinator, challenge=first)
    services.challenge_select(actor=world.coordinator, challenge=second)
    with pytest.raises(ServiceError) as error:
        services.challenge_select(actor=world.coordinator, challenge=third)
    assert error.value.code == "limit"
    assert "At most 2" in error.value.message
    third.refresh_from_db()
    assert third.status == ChallengeStatus.SUBMITTED
    services.challenge_unselect(actor=world.coordinator, challenge=first)
    services.challenge_select(actor=world.coordinator, challenge=third)
    assert services.selected_count(world.round) == 2


def test_only_coordinators_select(world):
    challenge = world.sent()
    for person in (world.commissioners[0], world.outsider, challenge.submitted_by):
        with pytest.raises(ServiceError):
            services.challenge_select(actor=person, challenge=challenge)
    draft = world.sent(status=ChallengeStatus.DRAFT)
    with pytest.raises(ServiceError):
        services.challenge_select(actor=world.coordinator, challenge=draft)
    assert services.selected_count(world.round) == 0


@pytest.mark.postgres  # the round's row lock (select_for_update) is a no-op on SQLite
@pytest.mark.django_db(transaction=True)
def test_two_coordinators_selecting_at_once_cannot_exceed_n(monkeypatch):
    world = World(max_selected=1)
    second_coordinator = UserFactory()
    world.programme.coordinators.add(second_coordinator)
    world.programme.save()
    challenges = [world.sent(), world.sent()]
    counted = services.selection.selected_count

    def slow_count(programme_round):
        # Widen the race: without the round's row lock both would count 0 here.
        value = counted(programme_round)
        time.sleep(0.3)
        return value

    # challenge_select looks the count up in its own module: patch it there.
    monkeypatch.setattr(services.selection, "selected_count", slow_count)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def select(actor, challenge):
        try:
            barrier.wait()
            services.challenge_select(actor=actor, challenge=challenge)
            outcomes.append("selected")
        except ServiceError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=select, args=(world.coordinator, challenges[0])),
        threading.Thread(target=select, args=(second_coordinator, challenges[1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["limit", "selected"]
    assert Challenge.objects.filter(status=ChallengeStatus.SELECTED).count() == 1


# Announcing and workspaces ---------------------------------------------------------------------


def test_announce_marks_others_not_selected_and_opens_restricted_workspaces(
    world, django_capture_on_commit_callbacks
):
    chosen = world.sent(submitted_by=world.submitter)
    other = world.sent()
    draft = world.sent(status=ChallengeStatus.DRAFT)
    services.challenge_select(actor=world.coordinator, challenge=chosen)
    with django_capture_on_commit_callbacks(execute=True):
        services.selection_announce(actor=world.coordinator, programme_round=world.round)
    world.round.refresh_from_db()
    assert world.round.selection_published_at is not None
    other.refresh_from_db()
    draft.refresh_from_db()
    chosen.refresh_from_db()
    assert other.status == ChallengeStatus.NOT_SELECTED
    assert draft.status == ChallengeStatus.DRAFT
    thread = chosen.workspace_thread
    assert thread.restricted and thread.community == world.workspace
    assert set(thread.readers.all()) == {world.submitter, world.coordinator}
    assert can_read_thread(world.submitter, thread)
    assert not can_read_thread(world.outsider, thread)
    assert not can_read_thread(other.submitted_by, thread)
    assert {m.subject for m in mail.outbox} >= {f"Your challenge “{chosen.title}” was selected"}
    # the selected challenge is public now; the call is closed for good
    assert permissions.can_view_challenge(world.outsider, chosen)
    assert not permissions.can_view_challenge(world.outsider, other)
    with pytest.raises(ServiceError):
        services.challenge_create(user=world.outsider, programme_round=world.round, **FIELDS)


def test_announce_without_a_workspace_community_is_refused():
    world = World(workspace=False)
    chosen = world.sent()
    services.challenge_select(actor=world.coordinator, challenge=chosen)
    with pytest.raises(ServiceError) as error:
        services.selection_announce(actor=world.coordinator, programme_round=world.round)
    assert "workspace community" in error.value.message
    world.round.refresh_from_db()
    chosen.refresh_from_db()
    assert world.round.selection_published_at is None
    assert chosen.workspace_thread is None
    assert not Thread.objects.exists()


def test_announce_needs_a_selection_and_happens_once(world):
    with pytest.raises(ServiceError):
        services.selection_announce(actor=world.coordinator, programme_round=world.round)
    services.challenge_select(actor=world.coordinator, challenge=world.sent())
    with pytest.raises(ServiceError):
        services.selection_announce(actor=world.outsider, programme_round=world.round)
    services.selection_announce(actor=world.coordinator, programme_round=world.round)
    with pytest.raises(ServiceError) as error:
        services.selection_announce(actor=world.coordinator, programme_round=world.round)
    assert error.value.code == "announced"
    assert Thread.objects.count() == 1


def test_three_challenges_of_one_submitter_all_get_their_workspaces(world):
    """One click opens every workspace: the posting rate limit does not refuse it."""
    challenges = [
        world.sent(submitted_by=world.submitter, title=f"Challenge number {n}") for n in range(3)
    ]
    for challenge in challenges:
        services.challenge_select(actor=world.coordinator, challenge=challenge)
    services.selection_announce(actor=world.coordinator, programme_round=world.round)
    for challenge in challenges:
        challenge.refresh_from_db()
        assert challenge.workspace_thread.author == world.submitter
        assert world.submitter in challenge.workspace_thread.readers.all()


@pytest.fixture
def announced(world):
    challenge = world.sent(submitted_by=world.submitter)
    services.challenge_select(actor=world.coordinator, challenge=challenge)
    services.selection_announce(actor=world.coordinator, programme_round=world.round)
    challenge.refresh_from_db()
    world.round.refresh_from_db()
    return challenge


def test_mentor_and_team_become_members_and_readers(world, announced):
    mentor = UserFactory(organisation=CompanyFactory())
    member = UserFactory()
    services.mentor_assign(actor=world.coordinator, challenge=announced, mentor=mentor.username)
    services.team_member_add(actor=world.coordinator, challenge=announced, user=member.email)
    thread = announced.workspace_thread
    assert set(thread.readers.all()) == {world.submitter, world.coordinator, mentor, member}
    for person in (mentor, member):
        assert Membership.objects.filter(
            user=person, community=world.workspace, status=MembershipStatus.ACTIVE
        ).exists()
        assert can_read_thread(person, thread)
    services.team_member_remove(actor=world.coordinator, challenge=announced, user=member)
    assert set(thread.readers.all()) == {world.submitter, world.coordinator, mentor}
    assert not can_read_thread(member, thread)


@pytest.mark.parametrize("who", ["nobody-by-that-name", "", "inactive"])
def test_a_mentor_must_be_an_active_user(world, announced, who):
    if who == "inactive":
        who = UserFactory(is_active=False).username
    with pytest.raises(ServiceError) as error:
        services.mentor_assign(actor=world.coordinator, challenge=announced, mentor=who)
    assert error.value.code in {"not_a_user", "person"}
    announced.refresh_from_db()
    assert announced.mentor is None


def test_only_coordinators_manage_teams_of_selected_challenges(world, announced):
    helper = UserFactory()
    with pytest.raises(ServiceError):
        services.team_member_add(actor=world.submitter, challenge=announced, user=helper)
    other = world.sent()
    with pytest.raises(ServiceError):
        services.team_member_add(actor=world.coordinator, challenge=other, user=helper)
    services.team_member_add(actor=world.coordinator, challenge=announced, user=helper)
    with pytest.raises(ServiceError) as error:
        services.team_member_add(actor=world.coordinator, challenge=announced, user=helper)
    assert error.value.code == "already"
    assert ChallengeTeamMember.objects.count() == 1


def test_outcome_and_proposing_it_as_practice(world, announced):
    with pytest.raises(ServiceError):
        services.outcome_set(actor=world.outsider, challenge=announced, outcome="Hijack")
    with pytest.raises(ServiceError) as error:
        services.challenge_propose_practice(actor=world.coordinator, challenge=announced)
    assert error.value.code == "empty"
    with pytest.raises(ServiceError):
        services.outcome_set(
            actor=world.submitter, challenge=announced, outcome="Done", people_reached="lots"
        )
    services.outcome_set(
        actor=world.submitter,
        challenge=announced,
        outcome="Online filings doubled.",
        people_reached=12000,
    )
    announced.refresh_from_db()
    assert announced.people_reached == 12000
    # The coordinator facilitates the workspace community, so may propose its threads.
    library()
    membership_create_facilitator(user=world.coordinator, community=world.workspace)
    assert permissions.can_propose_challenge_practice(world.coordinator, announced)
    page = services.challenge_propose_practice(actor=world.coordinator, challenge=announced)
    assert page.title == announced.title
    assert page.source_thread == announced.workspace_thread
    with pytest.raises(ServiceError):
        services.challenge_propose_practice(actor=world.coordinator, challenge=announced)


# Showcase ------------------------------------------------------------------------------------


def test_showcase_counts_people_involved_and_affected(world, announced):
    mentor = UserFactory(organisation=CompanyFactory())
    members = [UserFactory(), UserFactory(organisation=CompanyFactory())]
    services.mentor_assign(actor=world.coordinator, challenge=announced, mentor=mentor)
    for member in members:
        services.team_member_add(actor=world.coordinator, challenge=announced, user=member)
    data = selectors.showcase(programme_round=world.round)
    (item,) = data["items"]
    assert item["people_involved"] == 3
    assert item["people_affected"] == announced.affected_count
    services.outcome_set(
        actor=world.coordinator, challenge=announced, outcome="It worked.", people_reached=80
    )
    data = selectors.showcase(programme_round=world.round)
    assert data["items"][0]["people_affected"] == 80
    assert data["totals"]["people_involved"] == 3
    assert data["totals"]["companies"] == 2
