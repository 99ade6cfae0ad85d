"""Study visit services: coordinators plan visits, their meetings and participants; reports
by participants once the visit has started; the seeded visit to Oslo."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from core.errors import ServiceError
from programmes.demo import seed_study_visit
from programmes.exchanges import services
from programmes.models import ExperienceReport, StudyVisit, StudyVisitItem
from tests.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import (
    ProgrammePageFactory,
    ProgrammeRoundFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date.today()
REPORT = {
    "learned": "Norwegian NGOs meet the municipality every quarter.",
    "will_change": "I will invite our local NGOs to a quarterly meeting.",
}


@pytest.fixture
def coordinator():
    return UserFactory()


@pytest.fixture
def programme(coordinator):
    return ProgrammePageFactory(coordinators=[coordinator])


def create(coordinator, programme, **kwargs):
    fields = {
        "actor": coordinator,
        "programme": programme,
        "title": "Study visit to Oslo",
        "purpose": "Present the competence model and learn from Norwegian NGOs.",
        "destination": "Oslo, Norway",
        "starts_on": TODAY + timedelta(days=30),
        "ends_on": TODAY + timedelta(days=33),
    }
    fields.update(kwargs)
    return services.visit_create(**fields)


def test_coordinator_creates_a_visit_with_hosts(coordinator, programme):
    host = OrganisationFactory(name="Flexible Education Norway")
    programme_round = ProgrammeRoundFactory(programme=programme)
    visit = create(
        coordinator, programme, host_organisations=[host], programme_round=programme_round
    )
    assert list(visit.host_organisations.all()) == [host]
    assert visit.round == programme_round


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"ends_on": TODAY + timedelta(days=29)}, "end_before_start"),
        ({"ends_on": None}, "dates"),
        ({"ends_on": TODAY + timedelta(days=90)}, "too_long"),
        ({"title": "  "}, "required"),
        ({"purpose": "short"}, "purpose"),
        ({"purpose": "x" * 3001}, "too_long"),
    ],
)
def test_bad_visits_are_refused_and_nothing_is_created(coordinator, programme, fields, code):
    with pytest.raises(ServiceError) as info:
        create(coordinator, programme, **fields)
    assert info.value.code == code
    assert not StudyVisit.objects.exists()


def test_only_coordinators_manage_visits(coordinator, programme):
    someone = UserFactory()
    with pytest.raises(ServiceError):
        create(someone, programme)
    visit = create(coordinator, programme)
    with pytest.raises(ServiceError):
        services.visit_item_add(actor=someone, visit=visit, day=visit.starts_on, title="A meeting")
    with pytest.raises(ServiceError):
        services.visit_participant_add(actor=someone, visit=visit, user=someone)
    with pytest.raises(ServiceError):
        services.visit_update(
            actor=someone,
            visit=visit,
            title="Taken over",
            purpose="Someone else's purpose entirely.",
            destination="Bergen",
            starts_on=visit.starts_on,
            ends_on=visit.ends_on,
        )
    visit.refresh_from_db()
    assert visit.title == "Study visit to Oslo"
    assert not visit.items.exists() and not visit.participants.exists()


def test_meetings_fall_within_the_visits_dates(coordinator, programme):
    visit = create(coordinator, programme)
    item = services.visit_item_add(
        actor=coordinator,
        visit=visit,
        day=visit.starts_on + timedelta(days=1),
        starts_at=time(10, 0),
        title="Meeting the Association of NGOs in Norway",
    )
    for day in (visit.starts_on - timedelta(days=1), visit.ends_on + timedelta(days=1), None):
        with pytest.raises(ServiceError) as info:
            services.visit_item_add(actor=coordinator, visit=visit, day=day, title="Outside")
        assert info.value.code == "day"
    assert list(visit.items.all()) == [item]

    # Moving the visit so that a meeting falls outside is refused.
    with pytest.raises(ServiceError) as info:
        services.visit_update(
            actor=coordinator,
            visit=visit,
            title=visit.title,
            purpose=visit.purpose,
            destination=visit.destination,
            starts_on=visit.starts_on + timedelta(days=2),
            ends_on=visit.ends_on,
        )
    assert info.value.code == "items_outside"
    services.visit_item_remove(actor=coordinator, item=item)
    assert not StudyVisitItem.objects.exists()


def test_update_with_dates_the_wrong_way_round_changes_nothing(coordinator, programme):
    visit = create(coordinator, programme)
    with pytest.raises(ServiceError) as info:
        services.visit_update(
            actor=coordinator,
            visit=visit,
            title="Renamed",
            purpose=visit.purpose,
            destination=visit.destination,
            starts_on=visit.ends_on,
            ends_on=visit.starts_on,
        )
    assert info.value.code == "end_before_start"
    visit.refresh_from_db()
    assert visit.title == "Study visit to Oslo"


def test_participants_added_once_and_removed(coordinator, programme):
    visit = create(coordinator, programme)
    person = UserFactory()
    services.visit_participant_add(actor=coordinator, visit=visit, user=person)
    with pytest.raises(ServiceError) as info:
        services.visit_participant_add(actor=coordinator, visit=visit, user=person)
    assert info.value.code == "duplicate"
    services.visit_participant_remove(actor=coordinator, visit=visit, user=person)
    assert not visit.participants.exists()
    with pytest.raises(ServiceError):
        services.visit_participant_remove(actor=coordinator, visit=visit, user=person)


def test_reports_by_participants_once_the_visit_has_started(coordinator, programme):
    participant, stranger = UserFactory(), UserFactory()
    future = StudyVisitFactory(
        programme=programme,
        starts_on=TODAY + timedelta(days=5),
        ends_on=TODAY + timedelta(days=8),
        participants=[participant],
    )
    with pytest.raises(ServiceError) as info:
        services.report_write(actor=participant, visit=future, **REPORT)
    assert info.value.code == "too_early"

    past = StudyVisitFactory(programme=programme, participants=[participant])
    with pytest.raises(ServiceError) as info:
        services.report_write(actor=stranger, visit=past, **REPORT)
    assert info.value.code == "not_participant"
    with pytest.raises(ServiceError) as info:
        services.report_write(actor=coordinator, visit=past, **REPORT)
    assert info.value.code == "not_participant"
    assert not ExperienceReport.objects.exists()

    report = services.report_write(actor=participant, visit=past, **REPORT)
    assert report.visit == past
    with pytest.raises(ServiceError) as info:
        services.report_write(actor=participant, visit=past, **REPORT)
    assert info.value.code == "duplicate"
    # A participant who wrote a report stays on the list.
    with pytest.raises(ServiceError) as info:
        services.visit_participant_remove(actor=coordinator, visit=past, user=participant)
    assert info.value.code == "has_report"


def test_a_report_is_about_one_thing(coordinator, programme):
    with pytest.raises(ServiceError):
        services.report_write(actor=coordinator, **REPORT)


def test_seed_study_visit_to_oslo(coordinator, programme):
    jonas = UserFactory(username="jonas")
    rasa = UserFactory(username="rasa.kazlauskiene")
    people = {"jonas": jonas, "rasa.kazlauskiene": rasa}
    created = seed_study_visit(programme=programme, coordinator=coordinator, people=people)
    visit = StudyVisit.objects.get(programme=programme)
    assert (visit.starts_on, visit.ends_on) == (date(2017, 4, 3), date(2017, 4, 6))
    assert visit.destination == "Oslo, Norway"
    hosts = set(visit.host_organisations.values_list("name", flat=True))
    assert "Association of NGOs in Norway" in hosts
    assert "Flexible Education Norway" in hosts
    titles = " ".join(visit.items.values_list("title", flat=True))
    assert "Stian Slotterøy Johnsen" in titles
    assert "Jonna Vienola" in titles
    assert "Haakon Meland Eriksen" in titles
    assert all(visit.starts_on <= item.day <= visit.ends_on for item in visit.items.all())
    assert set(visit.participants.all()) == {jonas, rasa}
    assert ExperienceReport.objects.get(visit=visit).author == jonas
    assert created["visits"] == 1
    # Seeding again adds nothing.
    assert seed_study_visit(programme=programme, coordinator=coordinator, people=people) == {
        "visits": 0,
        "visit items": 0,
        "visit participants": 0,
        "reports": 0,
    }
