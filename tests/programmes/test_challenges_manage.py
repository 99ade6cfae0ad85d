"""Coordinators set rounds up in the product: creating a round, its settings, its selection
criteria and its commission. Others get 404; bad input is refused with a message and
changes nothing; criteria lock once anyone has scored; the commission and the limit lock
once the selection is announced."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.errors import ServiceError
from programmes.challenges import services
from programmes.models import (
    ChallengeScore,
    ChallengeStatus,
    ProgrammeRound,
    SelectionCriterion,
)
from tests.factories import UserFactory
from tests.programmes.factories import (
    ChallengeFactory,
    ProgrammePageFactory,
    ProgrammeRoundFactory,
    SelectionCriterionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date.today()


def round_form(**overrides) -> dict:
    data = {
        "number": "7",
        "title": "Connected for change",
        "description": "Public bodies bring challenges; companies help solve them.",
        "starts_on": (TODAY + timedelta(days=1)).isoformat(),
        "ends_on": (TODAY + timedelta(days=200)).isoformat(),
        "call_deadline": f"{(TODAY + timedelta(days=30)).isoformat()}T17:00",
        "max_selected": "5",
        "showcase_on": (TODAY + timedelta(days=190)).isoformat(),
        "showcase_place": "Ljubljana",
    }
    data.update(overrides)
    return data


def settings_form(programme_round: ProgrammeRound, **overrides) -> dict:
    deadline = programme_round.call_deadline
    data = {
        "number": str(programme_round.number),
        "title": programme_round.title,
        "description": programme_round.description,
        "starts_on": programme_round.starts_on.isoformat(),
        "ends_on": programme_round.ends_on.isoformat(),
        "call_deadline": timezone.localtime(deadline).strftime("%Y-%m-%dT%H:%M")
        if deadline
        else "",
        "max_selected": str(programme_round.max_selected),
        "showcase_on": programme_round.showcase_on.isoformat()
        if programme_round.showcase_on
        else "",
        "showcase_place": programme_round.showcase_place,
        "showcase_summary": programme_round.showcase_summary,
    }
    data.update(overrides)
    return data


def criterion_form(prefix: str = "criterion", **values) -> dict:
    values = {"name": "Impact", "description": "", "weight": "2", "max_score": "5", **values}
    return {f"{prefix}-{key}": value for key, value in values.items()}


class World:
    """A published programme with a coordinator, one open round with one criterion and
    no commission yet, an outsider and a would-be commissioner."""

    def __init__(self):
        self.coordinator = UserFactory()
        self.programme = ProgrammePageFactory(coordinators=[self.coordinator])
        self.round = ProgrammeRoundFactory(programme=self.programme, number=1)
        self.criterion = SelectionCriterionFactory(
            round=self.round, name="Co-creation", weight=1, max_score=5
        )
        self.outsider = UserFactory()
        self.expert = UserFactory(username="mojca.expert", email="Mojca@Example.org")

    @property
    def settings_url(self) -> str:
        return f"/programmes/rounds/{self.round.pk}/settings/"

    @property
    def create_url(self) -> str:
        return f"/programmes/rounds/new/{self.programme.pk}/"

    def scored(self, commissioner=None):
        """A sent challenge scored by a commissioner (added to the commission)."""
        commissioner = commissioner or UserFactory()
        self.round.commission.add(commissioner)
        challenge = ChallengeFactory(round=self.round)
        services.score_set(
            commissioner=commissioner, challenge=challenge, scores={self.criterion.pk: 4}
        )
        return challenge, commissioner


@pytest.fixture
def world():
    return World()


def body(response) -> str:
    return response.content.decode()


def snapshot(programme_round: ProgrammeRound) -> tuple:
    programme_round.refresh_from_db()
    return (
        tuple(
            getattr(programme_round, f) for f in services.ROUND_FIELDS + ("selection_published_at",)
        ),
        tuple(
            SelectionCriterion.objects.filter(round=programme_round)
            .order_by("pk")
            .values_list("name", "description", "weight", "max_score", "position")
        ),
        tuple(programme_round.commission.order_by("pk").values_list("pk", flat=True)),
        ChallengeScore.objects.filter(challenge__round=programme_round).count(),
    )


# Creating a round ----------------------------------------------------------------------------


def test_coordinator_creates_a_round_through_the_page_and_it_appears(login, world):
    browser = login(world.coordinator)
    page = browser.get(world.create_url)
    assert page.status_code == 200
    assert 'value="2"' in body(page)  # the next number is suggested
    response = browser.post(world.create_url, round_form())
    created = ProgrammeRound.objects.get(programme=world.programme, number=7)
    assert response.status_code == 302
    assert response["Location"] == f"/programmes/rounds/{created.pk}/settings/"
    assert created.title == "Connected for change"
    assert created.max_selected == 5
    assert created.showcase_place == "Ljubljana"
    deadline = timezone.localtime(created.call_deadline)
    assert (deadline.date(), deadline.hour, deadline.minute) == (TODAY + timedelta(days=30), 17, 0)
    settings_page = browser.get(response["Location"])
    assert "Now add its selection criteria" in body(settings_page)
    programme_page = browser.get(world.programme.url)
    assert "Connected for change" in body(programme_page)
    assert created.get_absolute_url() in body(programme_page)
    round_page = browser.get(created.get_absolute_url())
    assert round_page.status_code == 200
    assert "Call for challenges" in body(round_page)


def test_a_round_without_a_deadline_takes_no_challenges(login, world):
    login(world.coordinator).post(world.create_url, round_form(call_deadline=""))
    created = ProgrammeRound.objects.get(programme=world.programme, number=7)
    assert created.call_deadline is None
    assert not created.takes_challenges


@pytest.mark.parametrize("who", ["outsider", "commissioner", "other_coordinator"])
def test_non_coordinators_get_404_and_nothing_changes(login, world, who):
    other_programme = ProgrammePageFactory(coordinators=[UserFactory()])
    person = {
        "outsider": world.outsider,
        "commissioner": world.expert,
        "other_coordinator": other_programme.coordinators.first(),
    }[who]
    world.round.commission.add(world.expert)
    before = snapshot(world.round)
    rounds = ProgrammeRound.objects.count()
    browser = login(person)
    base = world.settings_url.removesuffix("settings/")
    attempts = [
        ("get", world.create_url, {}),
        ("post", world.create_url, round_form()),
        ("get", world.settings_url, {}),
        ("post", world.settings_url, settings_form(world.round, title="Taken over")),
        ("post", base + "criteria/add/", criterion_form(name="Sneaky")),
        (
            "post",
            base + f"criteria/{world.criterion.pk}/edit/",
            criterion_form(f"criterion-{world.criterion.pk}", name="Renamed"),
        ),
        ("post", base + f"criteria/{world.criterion.pk}/remove/", {}),
        ("post", base + "commission/add/", {"commissioner-person": person.username}),
        ("post", base + f"commission/{world.expert.pk}/remove/", {}),
    ]
    for method, url, data in attempts:
        response = getattr(browser, method)(url, data)
        assert response.status_code == 404, (method, url)
    assert ProgrammeRound.objects.count() == rounds
    assert snapshot(world.round) == before


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    assert client.get(world.create_url).status_code == 302
    assert client.get(world.settings_url).status_code == 302
    assert client.post(world.create_url, round_form()).status_code == 302
    assert not ProgrammeRound.objects.filter(number=7).exists()


def test_unknown_or_unpublished_programme_is_404(login, world):
    browser = login(world.coordinator)
    assert browser.get("/programmes/rounds/new/999999/").status_code == 404
    world.programme.live = False
    world.programme.save()
    assert browser.get(world.create_url).status_code == 404
    assert browser.get(world.settings_url).status_code == 404


def test_settings_pages_are_post_only_for_writes(login, world):
    browser = login(world.coordinator)
    base = world.settings_url.removesuffix("settings/")
    for url in [
        base + "criteria/add/",
        base + f"criteria/{world.criterion.pk}/remove/",
        base + "commission/add/",
    ]:
        assert browser.get(url).status_code == 405


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {
                "starts_on": (TODAY + timedelta(days=10)).isoformat(),
                "ends_on": (TODAY + timedelta(days=5)).isoformat(),
            },
            "before it starts",
        ),
        (
            {"call_deadline": f"{(TODAY + timedelta(days=201)).isoformat()}T09:00"},
            "after the round ends",
        ),
        ({"number": "1"}, "already has a round 1"),
        ({"number": "0"}, "from 1 to 999"),
        ({"max_selected": "0"}, "from 1 to 50"),
        ({"max_selected": "51"}, "from 1 to 50"),
        ({"max_selected": "lots"}, "whole number"),
        ({"title": "x"}, "at least three characters"),
        ({"showcase_on": TODAY.isoformat()}, "before the round starts"),
        ({"starts_on": "not a date"}, "valid date"),
        ({"call_deadline": "tomorrow-ish"}, "valid date"),
        ({"number": "9" * 5000}, "whole number"),
        ({"title": "x" * 100_000}, "at most 200 characters"),
    ],
)
def test_bad_rounds_are_refused_with_a_message_and_nothing_is_saved(
    login, world, overrides, message
):
    rounds = ProgrammeRound.objects.count()
    response = login(world.coordinator).post(world.create_url, round_form(**overrides))
    assert response.status_code == 400
    assert message in body(response)
    assert ProgrammeRound.objects.count() == rounds


def test_garbage_posts_never_500(login, world):
    browser = login(world.coordinator)
    base = world.settings_url.removesuffix("settings/")
    for url in [
        world.create_url,
        world.settings_url,
        base + "criteria/add/",
        base + "commission/add/",
    ]:
        for data in [{}, {"number": "\x00"}, {"criterion-weight": "1e9"}, {"x": "y" * 10_000}]:
            assert browser.post(url, data).status_code == 400, (url, data)


def test_round_create_service_refuses_non_coordinators(world):
    with pytest.raises(ServiceError) as refused:
        services.round_create(
            actor=world.outsider,
            programme=world.programme,
            number=5,
            title="Not mine",
            starts_on=TODAY,
            ends_on=TODAY,
        )
    assert refused.value.code == "forbidden"
    assert not ProgrammeRound.objects.filter(number=5).exists()


def test_round_create_service_defaults(world):
    created = services.round_create(
        actor=world.coordinator,
        programme=world.programme,
        number=3,
        title="  Study   visits  ",
        starts_on=TODAY,
        ends_on=TODAY,
    )
    assert created.title == "Study visits"
    assert created.max_selected == 5
    assert created.call_deadline is None
    assert created.showcase_on is None


# Changing a round --------------------------------------------------------------------------


def test_round_page_links_to_the_settings_for_coordinators_only(client, login, world):
    url = world.round.get_absolute_url()
    assert world.settings_url in body(login(world.coordinator).get(url))
    assert world.settings_url not in body(login(world.outsider).get(url))
    assert world.settings_url not in body(client.get(url))


def test_coordinator_changes_the_round_settings(login, world):
    browser = login(world.coordinator)
    page = browser.get(world.settings_url)
    assert page.status_code == 200
    assert world.criterion.name in body(page)
    response = browser.post(
        world.settings_url,
        settings_form(world.round, title="Connected for action, round one", max_selected="3"),
    )
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.title == "Connected for action, round one"
    assert world.round.max_selected == 3


def test_renumbering_to_a_taken_number_is_refused(login, world):
    ProgrammeRoundFactory(programme=world.programme, number=2)
    before = snapshot(world.round)
    response = login(world.coordinator).post(
        world.settings_url, settings_form(world.round, number="2", title="Changed too")
    )
    assert response.status_code == 400
    assert "already has a round 2" in body(response)
    assert snapshot(world.round) == before


def test_limit_never_goes_below_the_selected_challenges(login, world):
    for _ in range(3):
        ChallengeFactory(round=world.round, status=ChallengeStatus.SELECTED)
    before = snapshot(world.round)
    response = login(world.coordinator).post(
        world.settings_url, settings_form(world.round, max_selected="2")
    )
    assert response.status_code == 400
    assert "3 challenges are already selected" in body(response)
    assert snapshot(world.round) == before
    services.round_update(actor=world.coordinator, programme_round=world.round, max_selected=3)
    world.round.refresh_from_db()
    assert world.round.max_selected == 3


def test_after_the_announcement_the_limit_and_the_call_are_fixed(login, world):
    ChallengeFactory(round=world.round, status=ChallengeStatus.SELECTED)
    world.round.selection_published_at = timezone.now()
    world.round.save()
    before = snapshot(world.round)
    for fields in [
        {"max_selected": 4},
        {"call_deadline": timezone.now() + timedelta(days=40)},
        {"call_deadline": None},
    ]:
        with pytest.raises(ServiceError) as refused:
            services.round_update(actor=world.coordinator, programme_round=world.round, **fields)
        assert refused.value.code == "announced"
        assert "The selection is announced" in refused.value.message
        assert snapshot(world.round) == before
    # The page shows both fixed; a crafted post cannot change them, and the rest of the
    # form still saves.
    browser = login(world.coordinator)
    page = body(browser.get(world.settings_url))
    assert page.count("Fixed: the selection is announced.") == 2
    for name in ("max_selected", "call_deadline"):
        tag = page[page.index(f'name="{name}"') :].split(">", 1)[0]
        assert " disabled" in tag
    response = browser.post(
        world.settings_url,
        settings_form(
            world.round,
            max_selected="4",
            call_deadline=f"{(TODAY + timedelta(days=40)).isoformat()}T12:00",
            showcase_summary="Three teams presented their results.",
        ),
    )
    assert response.status_code == 302
    world.round.refresh_from_db()
    assert world.round.showcase_summary == "Three teams presented their results."
    assert (world.round.max_selected, world.round.call_deadline) == (5, before[0][5])


def test_the_deadline_reposted_to_the_minute_is_not_a_change(world):
    world.round.call_deadline = world.round.call_deadline.replace(second=42, microsecond=7)
    world.round.save()
    stored = world.round.call_deadline
    services.round_update(
        actor=world.coordinator,
        programme_round=world.round,
        call_deadline=stored.replace(second=0, microsecond=0),
        title="Renamed round",
    )
    world.round.refresh_from_db()
    assert (world.round.title, world.round.call_deadline) == ("Renamed round", stored)


def test_a_round_with_challenges_keeps_its_call(login, world):
    ChallengeFactory(round=world.round)
    before = snapshot(world.round)
    response = login(world.coordinator).post(
        world.settings_url, settings_form(world.round, call_deadline="")
    )
    assert response.status_code == 400
    assert "keeps its call" in body(response)
    assert snapshot(world.round) == before


def test_round_update_refuses_unknown_fields_and_outsiders(world):
    before = snapshot(world.round)
    with pytest.raises(ServiceError):
        services.round_update(actor=world.coordinator, programme_round=world.round, programme_id=99)
    with pytest.raises(ServiceError) as refused:
        services.round_update(actor=world.outsider, programme_round=world.round, title="Mine")
    assert refused.value.code == "forbidden"
    assert snapshot(world.round) == before


# Criteria ------------------------------------------------------------------------------------


def test_coordinator_adds_changes_and_removes_criteria(login, world):
    browser = login(world.coordinator)
    base = world.settings_url.removesuffix("settings/")
    response = browser.post(
        base + "criteria/add/",
        criterion_form(name="Impact", description="How many people it helps", weight="3"),
    )
    assert response.status_code == 302
    impact = SelectionCriterion.objects.get(round=world.round, name="Impact")
    assert (impact.weight, impact.max_score, impact.position) == (
        3,
        5,
        world.criterion.position + 1,
    )
    prefix = f"criterion-{impact.pk}"
    response = browser.post(
        base + f"criteria/{impact.pk}/edit/",
        criterion_form(prefix, name="Impact on people", weight="4", max_score="10"),
    )
    assert response.status_code == 302
    impact.refresh_from_db()
    assert (impact.name, impact.weight, impact.max_score) == ("Impact on people", 4, 10)
    assert "Impact on people" in body(browser.get(world.settings_url))
    response = browser.post(base + f"criteria/{impact.pk}/remove/")
    assert response.status_code == 302
    assert not SelectionCriterion.objects.filter(pk=impact.pk).exists()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"weight": "0"}, "weight must be a whole number from 1 to 10"),
        ({"weight": "11"}, "weight must be a whole number from 1 to 10"),
        ({"weight": "-3"}, "weight must be a whole number from 1 to 10"),
        ({"weight": "heavy"}, "whole number"),
        ({"max_score": "0"}, "highest score must be a whole number from 1 to 10"),
        ({"max_score": "100"}, "highest score must be a whole number from 1 to 10"),
        ({"name": "co-CREATION"}, "already has a criterion called"),
        ({"name": "x"}, "at least two characters"),
        ({"name": ""}, "required"),
    ],
)
def test_bad_criteria_are_refused_with_a_message_and_nothing_is_saved(
    login, world, values, message
):
    before = snapshot(world.round)
    response = login(world.coordinator).post(
        world.settings_url.removesuffix("settings/") + "criteria/add/", criterion_form(**values)
    )
    assert response.status_code == 400
    assert message in body(response)
    assert snapshot(world.round) == before


def test_renaming_a_criterion_to_a_taken_name_is_refused(login, world):
    other = SelectionCriterionFactory(round=world.round, name="Feasibility")
    before = snapshot(world.round)
    response = login(world.coordinator).post(
        world.settings_url.removesuffix("settings/") + f"criteria/{other.pk}/edit/",
        criterion_form(f"criterion-{other.pk}", name="Co-Creation"),
    )
    assert response.status_code == 400
    assert "already has a criterion called" in body(response)
    assert snapshot(world.round) == before


def test_a_criterion_of_another_round_is_404(login, world):
    elsewhere = SelectionCriterionFactory(round=ProgrammeRoundFactory(programme=world.programme))
    response = login(world.coordinator).post(
        world.settings_url.removesuffix("settings/") + f"criteria/{elsewhere.pk}/remove/"
    )
    assert response.status_code == 404
    assert SelectionCriterion.objects.filter(pk=elsewhere.pk).exists()


def test_criteria_are_locked_once_anyone_has_scored(login, world):
    world.scored()
    before = snapshot(world.round)
    browser = login(world.coordinator)
    base = world.settings_url.removesuffix("settings/")
    page = browser.get(world.settings_url)
    assert "change the meaning of the scores already given" in body(page)
    assert "Add the criterion" not in body(page)
    pk = world.criterion.pk
    for url, data in [
        (base + "criteria/add/", criterion_form(name="Novelty")),
        (base + f"criteria/{pk}/edit/", criterion_form(f"criterion-{pk}", weight="5")),
        (base + f"criteria/{pk}/remove/", {}),
    ]:
        response = browser.post(url, data)
        assert response.status_code == 400, url
        assert "the criteria can no longer change" in body(response)
        assert "meaning of the scores already given" in body(response)
        assert snapshot(world.round) == before


def test_criteria_unlock_when_the_only_scores_are_removed_with_their_commissioner(world):
    _challenge, commissioner = world.scored()
    services.commissioner_remove(
        actor=world.coordinator,
        programme_round=world.round,
        user=commissioner,
        delete_scores=True,
    )
    services.criterion_add(actor=world.coordinator, programme_round=world.round, name="Novelty")
    assert world.round.criteria.count() == 2


def test_criteria_are_locked_after_the_announcement(world):
    world.round.selection_published_at = timezone.now()
    world.round.save()
    with pytest.raises(ServiceError) as refused:
        services.criterion_add(actor=world.coordinator, programme_round=world.round, name="Late")
    assert refused.value.code == "announced"


# The commission -----------------------------------------------------------------------------


@pytest.mark.parametrize("given", ["mojca.expert", "MOJCA@example.org", "  Mojca.Expert "])
def test_coordinator_adds_a_commissioner_by_username_or_email(login, world, given):
    response = login(world.coordinator).post(
        world.settings_url.removesuffix("settings/") + "commission/add/",
        {"commissioner-person": given},
    )
    assert response.status_code == 302
    assert list(world.round.commission.all()) == [world.expert]


@pytest.mark.parametrize("given", ["nobody.here", "nobody@example.org", "inactive"])
def test_unknown_or_inactive_people_are_refused(login, world, given):
    UserFactory(username="inactive", is_active=False)
    response = login(world.coordinator).post(
        world.settings_url.removesuffix("settings/") + "commission/add/",
        {"commissioner-person": given},
    )
    assert response.status_code == 400
    assert f"There is no active Praxis user “{given}”" in body(response)
    assert "Commissioners need an account" in body(response)
    assert not world.round.commission.exists()


def test_adding_a_commissioner_twice_is_refused(login, world):
    world.round.commission.add(world.expert)
    response = login(world.coordinator).post(
        world.settings_url.removesuffix("settings/") + "commission/add/",
        {"commissioner-person": world.expert.email},
    )
    assert response.status_code == 400
    assert "already on the commission" in body(response)
    assert world.round.commission.count() == 1


def test_a_commissioner_added_through_the_page_can_then_score(login, world):
    challenge = ChallengeFactory(round=world.round)
    score_url = f"/programmes/challenges/{challenge.pk}/score/"
    expert = login(world.expert)
    assert expert.get(score_url).status_code == 404
    login(world.coordinator).post(
        world.settings_url.removesuffix("settings/") + "commission/add/",
        {"commissioner-person": "mojca.expert"},
    )
    assert expert.get(score_url).status_code == 200
    response = expert.post(
        score_url, {f"criterion_{world.criterion.pk}": "4", "comment": "Well argued."}
    )
    assert response.status_code == 302
    score = ChallengeScore.objects.get(challenge=challenge)
    assert (score.commissioner, score.score) == (world.expert, 4)


def test_removing_a_commissioner_who_has_not_scored(login, world):
    world.round.commission.add(world.expert)
    response = login(world.coordinator).post(
        world.settings_url.removesuffix("settings/") + f"commission/{world.expert.pk}/remove/"
    )
    assert response.status_code == 302
    assert not world.round.commission.exists()


def test_removing_a_commissioner_who_scored_needs_confirmation_and_deletes_their_scores(
    login, world
):
    challenge, commissioner = world.scored()
    other = UserFactory()
    world.round.commission.add(other)
    services.score_set(commissioner=other, challenge=challenge, scores={world.criterion.pk: 2})
    browser = login(world.coordinator)
    page = browser.get(world.settings_url)
    assert "deletes their scores of 1 challenge" in body(page)
    url = world.settings_url.removesuffix("settings/") + f"commission/{commissioner.pk}/remove/"
    before = snapshot(world.round)
    response = browser.post(url)
    assert response.status_code == 400
    assert "deletes those scores" in body(response)
    assert snapshot(world.round) == before
    response = browser.post(url, {"delete_scores": "yes"})
    assert response.status_code == 302
    assert set(world.round.commission.all()) == {other}
    assert list(ChallengeScore.objects.values_list("commissioner_id", flat=True)) == [other.pk]


def test_the_commission_is_fixed_after_the_announcement(login, world):
    world.round.commission.add(world.outsider)
    world.round.selection_published_at = timezone.now()
    world.round.save()
    browser = login(world.coordinator)
    base = world.settings_url.removesuffix("settings/")
    before = snapshot(world.round)
    page = browser.get(world.settings_url)
    assert "Add to the commission" not in body(page)
    for url, data in [
        (base + "commission/add/", {"commissioner-person": "mojca.expert"}),
        (base + f"commission/{world.outsider.pk}/remove/", {"delete_scores": "yes"}),
    ]:
        response = browser.post(url, data)
        assert response.status_code == 400
        assert "The selection is announced" in body(response)
        assert snapshot(world.round) == before


def test_removing_someone_not_on_the_commission_is_refused(login, world):
    response = login(world.coordinator).post(
        world.settings_url.removesuffix("settings/") + f"commission/{world.outsider.pk}/remove/"
    )
    assert response.status_code == 400
    assert "not on the commission" in body(response)


# Queries ---------------------------------------------------------------------------------------


def test_settings_page_query_count_does_not_grow_with_criteria_and_commission(login):
    counts = []
    for n in (1, 6):
        world = World()
        for i in range(n):
            SelectionCriterionFactory(round=world.round, name=f"Extra {i}")
        challenge = ChallengeFactory(round=world.round)
        criteria = {c.pk: 1 for c in world.round.criteria.all()}
        for _ in range(n):
            person = UserFactory()
            world.round.commission.add(person)
            services.score_set(commissioner=person, challenge=challenge, scores=criteria)
        browser = login(world.coordinator)
        browser.get(world.settings_url)
        with CaptureQueriesContext(connection) as queries:
            response = browser.get(world.settings_url)
        assert response.status_code == 200
        assert body(response).count("scored 1 challenge") == n
        counts.append(len(queries))
    assert counts[0] == counts[1]
