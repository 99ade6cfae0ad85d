"""Study visit pages: public page with participants and reports for signed-in users,
coordinators' management, the report form, 404s and no 500s for bad input."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from programmes.models import ExperienceReport, StudyVisit, StudyVisitItem
from tests.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import ProgrammePageFactory, StudyVisitFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()


def url(name, **kwargs):
    return reverse(f"programmes:{name}", kwargs=kwargs)


class Cast:
    def __init__(self):
        self.coordinator = UserFactory()
        self.programme = ProgrammePageFactory(coordinators=[self.coordinator])
        self.participant = UserFactory(display_name="Jonas Petrauskas")
        self.host = OrganisationFactory(name="Association of NGOs in Norway")
        self.visit = StudyVisitFactory(programme=self.programme, participants=[self.participant])
        self.visit.host_organisations.add(self.host)
        self.outsider = UserFactory()


@pytest.fixture
def cast():
    return Cast()


def test_visit_page_shows_participants_to_signed_in_users_only(client, cast):
    StudyVisitItem.objects.create(
        visit=cast.visit, day=cast.visit.starts_on, title="Meeting the secretary general"
    )
    page = client.get(url("visit", visit_id=cast.visit.pk)).content.decode()
    assert cast.visit.purpose in page
    assert cast.host.name in page
    assert "Meeting the secretary general" in page
    assert "Jonas Petrauskas" not in page
    assert "1 participant." in page

    client.force_login(cast.outsider)
    page = client.get(url("visit", visit_id=cast.visit.pk)).content.decode()
    assert "Jonas Petrauskas" in page
    assert url("visit_manage", visit_id=cast.visit.pk) not in page


def test_unknown_or_unpublished_visits_are_404(client, cast):
    assert client.get(url("visit", visit_id=999999)).status_code == 404
    cast.programme.unpublish()
    assert client.get(url("visit", visit_id=cast.visit.pk)).status_code == 404


@pytest.mark.parametrize("name", ["visit_manage"])
def test_management_is_404_for_non_coordinators(client, cast, name):
    client.force_login(cast.participant)
    assert client.get(url(name, visit_id=cast.visit.pk)).status_code == 404
    assert client.get(url("visit_create", programme_id=cast.programme.pk)).status_code == 404
    response = client.post(
        url("visit_item_add", visit_id=cast.visit.pk),
        {"day": cast.visit.starts_on.isoformat(), "title": "Sneaky"},
    )
    assert response.status_code == 404
    assert not StudyVisitItem.objects.exists()
    client.force_login(cast.coordinator)
    assert client.get(url(name, visit_id=cast.visit.pk)).status_code == 200


def test_coordinator_creates_a_visit(client, cast):
    client.force_login(cast.coordinator)
    create = url("visit_create", programme_id=cast.programme.pk)
    response = client.post(
        create,
        {
            "title": "Second visit to Oslo",
            "purpose": "Present the social-clustering competence model.",
            "destination": "Oslo, Norway",
            "starts_on": "2031-04-03",
            "ends_on": "2031-04-06",
            "host_organisations": [cast.host.pk],
        },
    )
    visit = StudyVisit.objects.get(title="Second visit to Oslo")
    assert response.status_code == 302
    assert response["Location"] == url("visit_manage", visit_id=visit.pk)
    assert list(visit.host_organisations.all()) == [cast.host]


@pytest.mark.parametrize(
    "data",
    [
        {"starts_on": "2031-04-06", "ends_on": "2031-04-03"},
        {"starts_on": "2031-02-30", "ends_on": "2031-04-03"},
        {"starts_on": "2031-04-03", "ends_on": "2031-04-06", "title": "x" * 10_000},
        {"starts_on": "2031-04-03", "ends_on": "2031-04-06", "host_organisations": ["x"]},
        {"starts_on": "2031-04-03", "ends_on": "2031-04-06", "round": "999999"},
    ],
)
def test_bad_visits_are_400_and_change_nothing(client, cast, data):
    client.force_login(cast.coordinator)
    fields = {
        "title": "Backwards visit",
        "purpose": "Present the social-clustering competence model.",
        "destination": "Oslo, Norway",
    }
    fields.update(data)
    response = client.post(url("visit_create", programme_id=cast.programme.pk), fields)
    assert response.status_code == 400
    assert StudyVisit.objects.count() == 1


def test_manage_items_and_participants(client, cast):
    client.force_login(cast.coordinator)
    visit = cast.visit
    response = client.post(
        url("visit_item_add", visit_id=visit.pk),
        {
            "day": visit.starts_on.isoformat(),
            "starts_at": "10:00",
            "title": "Meeting e-Faktor",
            "host_organisation": cast.host.pk,
        },
    )
    assert response.status_code == 302
    item = StudyVisitItem.objects.get()

    response = client.post(
        url("visit_item_add", visit_id=visit.pk),
        {"day": (visit.ends_on + timedelta(days=3)).isoformat(), "title": "Too late"},
    )
    assert response.status_code == 400
    assert "takes place between" in response.content.decode()
    assert StudyVisitItem.objects.count() == 1

    response = client.post(url("visit_item_remove", visit_id=visit.pk, item_id=item.pk))
    assert response.status_code == 302
    assert not StudyVisitItem.objects.exists()
    response = client.post(url("visit_item_remove", visit_id=visit.pk, item_id=item.pk))
    assert response.status_code == 404

    newcomer = UserFactory()
    response = client.post(
        url("visit_participant_add", visit_id=visit.pk), {"user": newcomer.email.upper()}
    )
    assert response.status_code == 302
    assert visit.participants.filter(pk=newcomer.pk).exists()
    response = client.post(url("visit_participant_add", visit_id=visit.pk), {"user": "nobody"})
    assert response.status_code == 400
    response = client.post(url("visit_participant_remove", visit_id=visit.pk, user_id=newcomer.pk))
    assert response.status_code == 302
    assert not visit.participants.filter(pk=newcomer.pk).exists()
    response = client.post(url("visit_participant_remove", visit_id=visit.pk, user_id=999999))
    assert response.status_code == 404


def test_edit_with_dates_the_wrong_way_round_is_400(client, cast):
    client.force_login(cast.coordinator)
    visit = cast.visit
    response = client.post(
        url("visit_edit", visit_id=visit.pk),
        {
            "title": "Renamed",
            "purpose": visit.purpose,
            "destination": visit.destination,
            "starts_on": visit.ends_on.isoformat(),
            "ends_on": (visit.starts_on - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 400
    visit.refresh_from_db()
    assert visit.title == "Study visit to Oslo"
    assert client.get(url("visit_edit", visit_id=visit.pk)).status_code == 405


def test_participant_writes_a_report(client, cast):
    client.force_login(cast.participant)
    page = client.get(url("visit", visit_id=cast.visit.pk)).content.decode()
    assert url("visit_report", visit_id=cast.visit.pk) in page
    response = client.post(
        url("visit_report", visit_id=cast.visit.pk),
        {
            "learned": "NGOs and municipalities meet every quarter.",
            "will_change": "I will invite our NGOs to a quarterly meeting.",
        },
    )
    assert response.status_code == 302
    report = ExperienceReport.objects.get()
    assert report.visit == cast.visit
    page = client.get(url("visit", visit_id=cast.visit.pk)).content.decode()
    assert "NGOs and municipalities meet every quarter." in page
    # The report form now leads back to the visit.
    assert client.get(url("visit_report", visit_id=cast.visit.pk)).status_code == 302

    client.logout()
    page = client.get(url("visit", visit_id=cast.visit.pk)).content.decode()
    assert "NGOs and municipalities meet every quarter." not in page


def test_report_by_someone_who_did_not_take_part_is_refused(client, cast):
    client.force_login(cast.outsider)
    response = client.post(
        url("visit_report", visit_id=cast.visit.pk),
        {"learned": "I was not even there.", "will_change": "Nothing, I was not there."},
    )
    assert response.status_code == 400
    assert "Only the visit" in response.content.decode()
    assert not ExperienceReport.objects.exists()


def test_visit_page_takes_a_fixed_number_of_queries(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.participant)
    path = url("visit", visit_id=cast.visit.pk)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    count()  # the first request after signing in also touches the session
    few = count()
    for index in range(5):
        person = UserFactory()
        cast.visit.participants.add(person)
        cast.visit.host_organisations.add(OrganisationFactory())
        StudyVisitItem.objects.create(
            visit=cast.visit, day=cast.visit.starts_on, title=f"Meeting {index}"
        )
        ExperienceReport.objects.create(
            visit=cast.visit, author=person, learned="Learned a lot.", will_change="Change it."
        )
    assert count() == few
