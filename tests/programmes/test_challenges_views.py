"""Round, challenge, scoring, ranking and showcase pages: what each person sees, 404s for
what they may not, refusals with 4xx and nothing changed, no 500 on bad input, and fixed
query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities.models import Visibility
from programmes.challenges import services
from programmes.models import (
    Challenge,
    ChallengeScore,
    ChallengeStatus,
    ChallengeTeamMember,
)
from tests.factories import CommunityPageFactory, UserFactory
from tests.programmes.factories import (
    ChallengeFactory,
    CompanyFactory,
    ProgrammePageFactory,
    ProgrammeRoundFactory,
    SelectionCriterionFactory,
)

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Building-permit applications prepared by designers",
    "problem": "Applicants struggle to fill in the building-permit application.",
    "change_sought": "Designers fill in the application as part of the project.",
    "affected": "People applying for building permits",
    "affected_count": "300",
    "help_wanted": "Designers' and lawyers' know-how.",
    "contact_name": "Mateja Example",
    "contact_email": "mateja@example.org",
}


class World:
    def __init__(self, *, max_selected: int = 5):
        self.coordinator = UserFactory()
        self.workspace = CommunityPageFactory(visibility=Visibility.MEMBERS)
        self.programme = ProgrammePageFactory(coordinators=[self.coordinator])
        self.programme.workspace_community = self.workspace
        self.programme.save()
        self.round = ProgrammeRoundFactory(
            programme=self.programme,
            max_selected=max_selected,
            description="Public bodies and companies solve challenges together.",
        )
        self.criteria = [
            SelectionCriterionFactory(round=self.round, name="Impact", weight=3, max_score=5),
            SelectionCriterionFactory(round=self.round, name="Co-creation", weight=1),
        ]
        self.commissioners = [UserFactory(), UserFactory()]
        self.round.commission.set(self.commissioners)
        self.submitter = UserFactory()
        self.outsider = UserFactory()

    def sent(self, **kwargs) -> Challenge:
        kwargs.setdefault("submitted_by", UserFactory())
        return ChallengeFactory(round=self.round, **kwargs)

    def score_data(self, *values, comment="") -> dict:
        data = {f"criterion_{c.pk}": v for c, v in zip(self.criteria, values, strict=True)}
        data["comment"] = comment
        return data


@pytest.fixture
def world():
    return World()


def body(response) -> str:
    return response.content.decode()


# The round page ----------------------------------------------------------------------------


def test_round_page_shows_the_call_and_the_submit_button_to_organisation_members(
    client, login, world
):
    url = f"/programmes/rounds/{world.round.pk}/"
    public = client.get(url)
    assert public.status_code == 200
    assert world.round.description in body(public)
    assert "Submit a challenge" not in body(public)
    member = login(world.submitter).get(url)
    assert "Submit a challenge" in body(member)
    assert "Ranking and selection" not in body(member)
    assert "Ranking and selection" in body(login(world.coordinator).get(url))
    assert client.get("/programmes/challenges/999999/").status_code == 404


def test_round_of_an_unpublished_programme_is_404(client, world):
    world.programme.live = False
    world.programme.save()
    assert client.get(f"/programmes/rounds/{world.round.pk}/").status_code == 404


@pytest.mark.parametrize("viewer", ["anonymous", "coordinator", "commissioner"])
def test_round_page_query_count_does_not_grow_with_challenges(client, login, viewer):
    counts = []
    for n in (2, 10):
        world = World(max_selected=10)
        for _ in range(n):
            world.sent(status=ChallengeStatus.SELECTED)
        world.round.selection_published_at = timezone.now()
        world.round.save()
        browser = {
            "anonymous": client,
            "coordinator": login(world.coordinator),
            "commissioner": login(world.commissioners[0]),
        }[viewer]
        url = f"/programmes/rounds/{world.round.pk}/"
        browser.get(url)  # warm caches (site root paths)
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(url)
        assert response.status_code == 200
        assert body(response).count('class="thread-row"') == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_round_page_fixed_query_count(client, django_assert_num_queries):
    world = World(max_selected=10)
    for _ in range(3):
        world.sent(status=ChallengeStatus.SELECTED)
    world.round.selection_published_at = timezone.now()
    world.round.save()
    url = f"/programmes/rounds/{world.round.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    for _ in range(7):
        world.sent(status=ChallengeStatus.SELECTED)
    with django_assert_num_queries(len(queries)):
        client.get(url)


# Submitting -------------------------------------------------------------------------------------


def test_submit_draft_then_send_through_the_form(login, world):
    browser = login(world.submitter)
    url = f"/programmes/rounds/{world.round.pk}/challenges/new/"
    assert browser.get(url).status_code == 200
    response = browser.post(url, {**FORM, "action": "draft"})
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert challenge.status == ChallengeStatus.DRAFT
    page = browser.get(challenge.get_absolute_url())
    assert "Only you can see it" in body(page) or "only you can see it" in body(page)
    browser.post(f"/programmes/challenges/{challenge.pk}/send/")
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SUBMITTED
    mine = browser.get("/programmes/challenges/mine/")
    assert challenge.title in body(mine) and "Submitted" in body(mine)


def test_sending_an_incomplete_challenge_is_refused_and_nothing_is_created(login, world):
    response = login(world.submitter).post(
        f"/programmes/rounds/{world.round.pk}/challenges/new/",
        {"title": "Only a title so far", "action": "send"},
    )
    assert response.status_code == 400
    assert "before sending" in body(response)
    assert not Challenge.objects.exists()


def test_submitting_after_the_deadline_is_refused(login, world):
    world.round.call_deadline = timezone.now() - timedelta(hours=1)
    world.round.save()
    browser = login(world.submitter)
    url = f"/programmes/rounds/{world.round.pk}/challenges/new/"
    assert browser.get(url).status_code == 302
    response = browser.post(url, {**FORM, "action": "send"})
    assert response.status_code == 400
    assert "closed" in body(response)
    assert not Challenge.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {**FORM, "affected_count": "lots"},
        {**FORM, "affected_count": "-5"},
        {**FORM, "title": "x" * 100_000},
        {**FORM, "problem": "x" * 100_000},
        {**FORM, "contact_email": "nope"},
        {"action": "send"},
    ],
)
def test_bad_challenge_input_is_a_400_never_a_500(login, world, data):
    response = login(world.submitter).post(
        f"/programmes/rounds/{world.round.pk}/challenges/new/", data
    )
    assert response.status_code == 400
    assert not Challenge.objects.exists()


def test_drafts_are_404_for_everyone_but_the_submitter(client, login, world):
    draft = world.sent(submitted_by=world.submitter, status=ChallengeStatus.DRAFT)
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 404
    for person in (world.outsider, world.coordinator, world.commissioners[0]):
        assert login(person).get(url).status_code == 404
        assert draft.title not in body(login(person).get(f"/programmes/rounds/{world.round.pk}/"))
    assert login(world.submitter).get(url).status_code == 200
    # someone else cannot edit, send or withdraw it either
    outsider = login(world.outsider)
    assert outsider.get(f"{url}edit/").status_code == 404
    assert outsider.post(f"{url}send/").status_code == 404
    assert outsider.post(f"{url}withdraw/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == ChallengeStatus.DRAFT


def test_sent_challenge_is_private_to_commission_and_coordinators(client, login, world):
    challenge = world.sent()
    url = challenge.get_absolute_url()
    assert client.get(url).status_code == 404
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.commissioners[0]).get(url).status_code == 200
    assert login(world.coordinator).get(url).status_code == 200


def test_unknown_ids_are_404_and_writes_are_post_only(login, world):
    browser = login(world.coordinator)
    assert browser.get("/programmes/challenges/999999/").status_code == 404
    assert browser.post("/programmes/challenges/999999/select/").status_code == 404
    challenge = world.sent()
    assert browser.get(f"/programmes/challenges/{challenge.pk}/select/").status_code == 405
    assert browser.get(f"/programmes/rounds/{world.round.pk}/announce/").status_code == 405


# Scoring ---------------------------------------------------------------------------------------


def test_non_commissioners_get_404_on_the_scoring_form(login, world):
    challenge = world.sent()
    url = f"/programmes/challenges/{challenge.pk}/score/"
    for person in (world.outsider, world.coordinator):
        assert login(person).get(url).status_code == 404
        assert login(person).post(url, world.score_data(5, 5)).status_code == 404
    assert not ChallengeScore.objects.exists()


@pytest.mark.parametrize("values", [("five", "3"), ("6", "3"), ("", "3"), ("-1", "3")])
def test_bad_scores_are_a_400_and_change_nothing(login, world, values):
    challenge = world.sent()
    response = login(world.commissioners[0]).post(
        f"/programmes/challenges/{challenge.pk}/score/", world.score_data(*values)
    )
    assert response.status_code == 400
    assert not ChallengeScore.objects.exists()


def test_a_commissioner_sees_others_scores_only_after_scoring(login, client, world):
    challenge = world.sent()
    first, second = world.commissioners
    response = login(first).post(
        f"/programmes/challenges/{challenge.pk}/score/",
        world.score_data(5, 4, comment="Bold and useful"),
    )
    assert response.status_code == 302
    assert ChallengeScore.objects.filter(commissioner=first).count() == 2
    page = body(login(second).get(challenge.get_absolute_url()))
    assert "Score this challenge" in page
    assert "Bold and useful" not in page and first.name not in page
    login(second).post(
        f"/programmes/challenges/{challenge.pk}/score/", world.score_data(1, 1, comment="Meh")
    )
    page = body(login(second).get(challenge.get_absolute_url()))
    assert "Bold and useful" in page and first.name in page
    assert "Bold and useful" in body(login(world.coordinator).get(challenge.get_absolute_url()))
    # the submitter never sees scores; once selected and announced, neither does the public
    assert "Bold and useful" not in body(
        login(challenge.submitted_by).get(challenge.get_absolute_url())
    )
    services.challenge_select(actor=world.coordinator, challenge=challenge)
    services.selection_announce(actor=world.coordinator, programme_round=world.round)
    public = client.get(challenge.get_absolute_url())
    assert public.status_code == 200
    assert "Bold and useful" not in body(public) and "Commission scores" not in body(public)


# Ranking, selection, announcement ----------------------------------------------------------------


def test_ranking_is_404_for_all_but_coordinators(login, client, world):
    url = f"/programmes/rounds/{world.round.pk}/ranking/"
    assert client.get(url).status_code in (302, 404)
    for person in (world.outsider, world.commissioners[0]):
        assert login(person).get(url).status_code == 404
    assert login(world.coordinator).get(url).status_code == 200


def test_selecting_beyond_n_is_refused_with_a_message(login):
    world = World(max_selected=1)
    first, second = world.sent(), world.sent()
    browser = login(world.coordinator)
    ok = browser.post(f"/programmes/challenges/{first.pk}/select/", {"next": "ranking"})
    assert ok.status_code == 302
    refused = browser.post(f"/programmes/challenges/{second.pk}/select/", {"next": "ranking"})
    assert refused.status_code == 400
    assert "At most 1" in body(refused)
    second.refresh_from_db()
    assert second.status == ChallengeStatus.SUBMITTED
    assert (
        login(world.commissioners[0])
        .post(f"/programmes/challenges/{second.pk}/select/")
        .status_code
        == 404
    )


def test_announce_then_team_reads_the_workspace_and_outsiders_do_not(login, world):
    challenge = world.sent(submitted_by=world.submitter)
    coordinator = login(world.coordinator)
    coordinator.post(f"/programmes/challenges/{challenge.pk}/select/")
    response = coordinator.post(f"/programmes/rounds/{world.round.pk}/announce/")
    assert response.status_code == 302
    challenge.refresh_from_db()
    thread = challenge.workspace_thread
    assert thread.restricted
    mentor = UserFactory(organisation=CompanyFactory())
    member = UserFactory()
    assert (
        coordinator.post(
            f"/programmes/challenges/{challenge.pk}/mentor/", {"mentor-person": mentor.username}
        ).status_code
        == 302
    )
    coordinator.post(f"/programmes/challenges/{challenge.pk}/team/", {"team-person": member.email})
    for person in (mentor, member, world.submitter):
        page = body(login(person).get(challenge.get_absolute_url()))
        assert "Open the workspace thread" in page
        assert login(person).get(thread.get_absolute_url()).status_code == 200
    outsider = login(world.outsider)
    assert "Open the workspace thread" not in body(outsider.get(challenge.get_absolute_url()))
    assert outsider.get(thread.get_absolute_url()).status_code == 404
    assert ChallengeTeamMember.objects.filter(challenge=challenge).count() == 1


def test_a_mentor_who_is_not_a_user_is_refused(login, world):
    challenge = world.sent(submitted_by=world.submitter)
    services.challenge_select(actor=world.coordinator, challenge=challenge)
    services.selection_announce(actor=world.coordinator, programme_round=world.round)
    response = login(world.coordinator).post(
        f"/programmes/challenges/{challenge.pk}/mentor/", {"mentor-person": "no.such.person"}
    )
    assert response.status_code == 400
    assert "no active Praxis user" in body(response)
    challenge.refresh_from_db()
    assert challenge.mentor is None
    # and only coordinators may try
    response = login(world.submitter).post(
        f"/programmes/challenges/{challenge.pk}/mentor/", {"mentor-person": world.outsider.username}
    )
    assert response.status_code == 403
    challenge.refresh_from_db()
    assert challenge.mentor is None


def test_outcome_form_rejects_bad_numbers_without_a_500(login, world):
    challenge = world.sent(submitted_by=world.submitter)
    services.challenge_select(actor=world.coordinator, challenge=challenge)
    services.selection_announce(actor=world.coordinator, programme_round=world.round)
    browser = login(world.submitter)
    url = f"/programmes/challenges/{challenge.pk}/outcome/"
    assert browser.post(url, {"outcome": "Done", "people_reached": "many"}).status_code == 400
    assert browser.post(url, {"outcome": "x" * 100_000}).status_code == 400
    assert login(world.outsider).post(url, {"outcome": "Hijack"}).status_code == 403
    challenge.refresh_from_db()
    assert challenge.outcome == ""
    assert browser.post(url, {"outcome": "Done", "people_reached": "80"}).status_code == 302
    challenge.refresh_from_db()
    assert (challenge.outcome, challenge.people_reached) == ("Done", 80)


# Showcase ----------------------------------------------------------------------------------------


def test_showcase_query_count_is_fixed(client, django_assert_num_queries):
    world = World(max_selected=10)

    def add_selected():
        challenge = world.sent(status=ChallengeStatus.SELECTED, outcome="It worked.")
        challenge.mentor = UserFactory(organisation=CompanyFactory())
        challenge.save()
        for _ in range(2):
            ChallengeTeamMember.objects.create(challenge=challenge, user=UserFactory())

    for _ in range(2):
        add_selected()
    world.round.selection_published_at = timezone.now()
    world.round.save()
    url = f"/programmes/rounds/{world.round.pk}/showcase/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert body(first).count("<article") == 2
    for _ in range(8):
        add_selected()
    with django_assert_num_queries(len(queries)):
        response = client.get(url)
    assert body(response).count("<article") == 10
    assert "People involved" in body(response)


def test_showcase_before_the_announcement_shows_nothing(client, world):
    world.sent(status=ChallengeStatus.SELECTED, title="Secret pick")
    response = client.get(f"/programmes/rounds/{world.round.pk}/showcase/")
    assert response.status_code == 200
    assert "Secret pick" not in body(response)


def test_a_published_challenge_hides_its_contact_email_from_visitors(client):
    """Selected challenges are public, but their contact address is not for harvesting."""
    from django.utils import timezone

    from tests.programmes.factories import ChallengeFactory, ProgrammeRoundFactory

    challenge = ChallengeFactory(
        round=ProgrammeRoundFactory(selection_published_at=timezone.now()),
        status="selected",
        contact_email="mateja@example.org",
    )
    visitor_page = client.get(challenge.get_absolute_url())
    assert visitor_page.status_code == 200
    assert "mateja@example.org" not in visitor_page.text
    client.force_login(UserFactory())
    assert "mateja@example.org" in client.get(challenge.get_absolute_url()).text
