"""The programme views: partners' participation by year, exchanges and study visits by
sector and country, people reached by challenge outcomes; roles, k >= 5, members-only
isolation, CSV and query counts."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from communities.models import Visibility
from dashboards import aggregates
from programmes.models import ChallengeStatus, ExchangeStatus
from tests.conftest import clear_cache
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import OrganisationFactory
from tests.guidebook.factories import library, moderator
from tests.programmes.factories import (
    ChallengeFactory,
    CompanyFactory,
    ExchangeFactory,
    PartnerParticipationFactory,
    ProgrammePageFactory,
    ProgrammeRoundFactory,
    StudyVisitFactory,
)

URL = "/dashboards/programmes/"
THIS_YEAR = timezone.localdate().year


def _table(response, key):
    return next(t for t in response.context["tables"] if t.key == key)


@pytest.fixture
def programme_world(make_community, staff_of, make_user):
    community = make_community(title="Digital services")
    private = make_community(title="Closed workspace", visibility=Visibility.MEMBERS)
    ministry = OrganisationFactory(name="Ministry of Public Administration", country="SI")
    agency = OrganisationFactory(name="Small Agency", country="SI")
    coordinator = make_user(organisation=OrganisationFactory(name="Programme office"))
    programme = ProgrammePageFactory(
        title="Partnership for change", coordinators=[coordinator], communities=[community, private]
    )
    for organisation in (ministry, agency):
        PartnerParticipationFactory(
            programme=programme,
            organisation=organisation,
            period_start=date(THIS_YEAR, 1, 1),
            period_end=date(THIS_YEAR, 12, 31),
        )
    PartnerParticipationFactory(
        programme=programme,
        organisation=ministry,
        period_start=date(THIS_YEAR - 1, 1, 1),
        period_end=date(THIS_YEAR - 1, 12, 31),
    )
    officials = staff_of(ministry, 6, community)
    small = staff_of(agency, 2, community)
    secret = staff_of(ministry, 5, private)
    thread = ThreadFactory.create(community=community, author=officials[0])
    PostFactory.create_batch(thread=thread, authors=officials + small, size=15)
    hidden = ThreadFactory.create(community=private, author=secret[0])
    PostFactory.create_batch(thread=hidden, authors=secret, size=20)
    aggregates.rebuild()

    past = ProgrammeRoundFactory(
        programme=programme,
        title="Round five",
        starts_on=date.today() - timedelta(days=300),
        ends_on=date.today() - timedelta(days=10),
        call_deadline=timezone.now() - timedelta(days=250),
        selection_published_at=timezone.now() - timedelta(days=200),
    )
    for reached, outcome in ((80, "Twice as many online filings."), (40, ""), (None, "")):
        ChallengeFactory(
            round=past, status=ChallengeStatus.SELECTED, people_reached=reached, outcome=outcome
        )
    ChallengeFactory(round=past, status=ChallengeStatus.NOT_SELECTED, people_reached=900)
    companies = [CompanyFactory() for _ in range(3)]
    for n in range(6):  # six civil servants to companies
        ExchangeFactory(
            round=past,
            participant=make_user(organisation=ministry),
            host_organisation=companies[n % 3],
            status=ExchangeStatus.DONE,
        )
    norway = OrganisationFactory(name="Oslo municipality", country="NO", type="municipality")
    ExchangeFactory(  # one person to Norway: under 5, folded and left out
        round=past,
        participant=make_user(organisation=ministry),
        host_organisation=norway,
        status=ExchangeStatus.DONE,
    )
    ExchangeFactory(round=past, status=ExchangeStatus.PROPOSED)  # not counted
    visit = StudyVisitFactory(programme=programme, participants=officials[:5])
    visit.host_organisations.set([norway])
    return {
        "programme": programme,
        "coordinator": coordinator,
        "member": officials[0],
        "secret": secret[0],
    }


def test_a_coordinator_sees_partners_exchanges_and_reach(programme_world, login):
    client = login(programme_world["coordinator"])
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for key in ("partners-by-year", "exchanges-by-sector", "exchanges-by-country"):
        assert f'id="table-{key}"' in page and f'id="chart-{key}-title"' in page
    years = {row[0]: row for row in _table(response, "partners-by-year").rows}
    assert years[str(THIS_YEAR - 1)][1] == 1  # one partner last year
    # This year: two partners, the ministry's staff posted (the agency's 2 people too, but
    # the year counts 8 posters); members-only posts are not counted.
    assert years[str(THIS_YEAR)][1:] == [2, 2, 16, 8]
    sectors = {row[0]: row for row in _table(response, "exchanges-by-sector").rows}
    assert sectors["Public administration"][2] == 7  # sent: six to companies, one to Oslo
    assert sectors["Companies"][3] == 6  # hosted
    countries = {row[0]: row for row in _table(response, "exchanges-by-country").rows}
    assert "Norway" in countries  # 1 exchange + a visit of 5 people: 6 people
    assert countries["Norway"][4] == 1  # study visits hosted
    reach = _table(response, "challenge-reach").rows
    assert reach == [["Partnership for change – Round five", 3, 1, 120]]


def test_small_groups_are_folded_and_members_only_activity_never_counted(
    programme_world, login, staff_of, make_community
):
    response = login(programme_world["coordinator"]).get(URL)
    assert b"Closed workspace" not in response.content
    years = {row[0]: row for row in _table(response, "partners-by-year").rows}
    assert years[str(THIS_YEAR)][3] == 16  # not the 21 members-only posts
    for key in ("exchanges-by-sector", "exchanges-by-country"):
        assert all(row[1] >= 5 for row in _table(response, key).rows)
    # An editor who may read the members-only community sees its posts counted.
    library()
    editor = login(moderator()).get(URL)
    years = {row[0]: row for row in _table(editor, "partners-by-year").rows}
    assert years[str(THIS_YEAR)][3] == 16 + 21


def test_a_year_with_fewer_than_five_posters_shows_no_activity(programme_world, login):
    programme = programme_world["programme"]
    lone = OrganisationFactory(name="Lone partner")
    PartnerParticipationFactory(
        programme=programme,
        organisation=lone,
        period_start=date(THIS_YEAR - 3, 1, 1),
        period_end=date(THIS_YEAR - 3, 12, 31),
    )
    from dashboards.models import PersonDay

    member = programme_world["member"]
    PersonDay.objects.create(
        day=date(THIS_YEAR - 3, 5, 5),
        month=date(THIS_YEAR - 3, 5, 1),
        community_id=programme.communities.first().pk,
        user=member,
        organisation=lone,
        posts=4,
    )
    response = login(programme_world["coordinator"]).get(URL)
    years = {row[0]: row for row in _table(response, "partners-by-year").rows}
    assert years[str(THIS_YEAR - 3)] == [str(THIS_YEAR - 3), 1, None, None, None]
    assert b"shows no activity figures" in response.content


def test_members_and_outsiders_get_404_and_the_overview_links_it(programme_world, login):
    assert login(programme_world["member"]).get(URL).status_code == 404
    client = login(programme_world["coordinator"])
    assert URL.encode() in client.get(reverse("dashboards:overview")).content


def test_a_programme_can_be_chosen_and_bad_input_is_ignored(programme_world, login):
    client = login(programme_world["coordinator"])
    ProgrammePageFactory(title="Another programme")
    programme = programme_world["programme"]
    chosen = client.get(URL + f"?programme={programme.pk}")
    assert chosen.context["current_programme"]["title"] == "Partnership for change"
    assert _table(chosen, "challenge-reach").rows[0][0] == "Round five"
    for bad in ("abc", "999999", "-1", ""):
        response = client.get(URL + f"?programme={bad}")
        assert response.status_code == 200
        assert response.context["current_programme"] is None


def test_every_programme_table_exports_as_csv(programme_world, login):
    client = login(programme_world["coordinator"])
    built = client.get(URL).context["tables"]
    for table in built:
        response = client.get(URL + f"?export={table.key}")
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == table.headers and len(rows) == len(table.rows) + 1
    assert client.get(URL + "?export=nope").status_code == 404


def test_programme_view_query_count_is_constant(programme_world, login, make_user, staff_of):
    client = login(programme_world["coordinator"])
    client.get(URL)
    clear_cache()
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    programme = programme_world["programme"]
    past = programme.rounds.first()
    for n in range(5):
        organisation = OrganisationFactory()
        PartnerParticipationFactory(programme=programme, organisation=organisation)
        ExchangeFactory(
            round=past, participant=make_user(organisation=organisation), status="agreed"
        )
        ChallengeFactory(round=past, status=ChallengeStatus.SELECTED, people_reached=n)
        StudyVisitFactory(programme=programme, participants=[make_user()])
    aggregates.rebuild()
    clear_cache()
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)
