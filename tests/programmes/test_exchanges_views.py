"""Exchange pages: offers, applying, confirming, reports, coordinators' lists, CSV files,
404s for what one may not see, no 500 for bad input, and query counts for the sections."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import OrganisationType
from discussions.models import Thread
from programmes.exchanges import selectors
from programmes.exchanges.views import safe_cell
from programmes.models import (
    Exchange,
    ExchangeOffer,
    ExchangeStatus,
    ExperienceReport,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import (
    CompanyFactory,
    ExchangeFactory,
    ExchangeOfferFactory,
    ProgrammePageFactory,
    ProgrammeRoundFactory,
    StudyVisitFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date.today()


class Cast:
    def __init__(self):
        self.coordinator = UserFactory()
        self.programme = ProgrammePageFactory(coordinators=[self.coordinator])
        self.round = ProgrammeRoundFactory(programme=self.programme)
        self.ministry = OrganisationFactory(country="SI")
        self.company = CompanyFactory()
        self.civil_servant = UserFactory(organisation=self.ministry)
        self.host = UserFactory(organisation=self.company)
        self.outsider = UserFactory()
        self.offer = ExchangeOfferFactory(round=self.round, contact=self.host, places=1)

    def exchange(self, **kwargs) -> Exchange:
        kwargs.setdefault("round", self.round)
        kwargs.setdefault("participant", self.civil_servant)
        kwargs.setdefault("host_contact", self.host)
        return ExchangeFactory(**kwargs)

    def done(self, **kwargs) -> Exchange:
        return self.exchange(
            status=ExchangeStatus.DONE,
            starts_on=TODAY - timedelta(days=10),
            ends_on=TODAY - timedelta(days=6),
            **kwargs,
        )


@pytest.fixture
def cast():
    return Cast()


def url(name, **kwargs):
    return reverse(f"programmes:{name}", kwargs=kwargs)


# Offers -------------------------------------------------------------------------------------


def test_offer_list_and_page_are_public(client, cast):
    response = client.get(url("exchange_offers", round_id=cast.round.pk))
    assert response.status_code == 200
    assert cast.offer.topic in response.content.decode()
    response = client.get(url("exchange_offer", offer_id=cast.offer.pk))
    assert response.status_code == 200
    # The contact's name is for signed-in users.
    assert cast.host.name not in response.content.decode()


def test_offer_list_shows_apply_forms_to_those_who_may_apply(client, cast):
    client.force_login(cast.civil_servant)
    page = client.get(url("exchange_offers", round_id=cast.round.pk)).content.decode()
    assert url("exchange_apply", offer_id=cast.offer.pk) in page
    assert "Offer an exchange" in page
    client.force_login(cast.host)
    page = client.get(url("exchange_offers", round_id=cast.round.pk)).content.decode()
    assert url("exchange_apply", offer_id=cast.offer.pk) not in page


def test_unknown_ids_and_unpublished_programmes_are_404(client, cast):
    client.force_login(cast.coordinator)
    assert client.get(url("exchange_offers", round_id=999999)).status_code == 404
    assert client.get(url("exchange_offer", offer_id=999999)).status_code == 404
    assert client.get(url("exchange", exchange_id=999999)).status_code == 404
    assert client.get(url("exchange_statistics_csv", round_id=999999)).status_code == 404
    cast.programme.unpublish()
    assert client.get(url("exchange_offers", round_id=cast.round.pk)).status_code == 404


def test_offer_an_exchange(client, cast):
    client.force_login(cast.civil_servant)
    create = url("exchange_offer_create", round_id=cast.round.pk)
    assert client.get(create).status_code == 200
    response = client.post(
        create,
        {
            "topic": "How a ministry drafts a regulation",
            "description": "Sit in on drafting meetings and the public consultation.",
            "duration_days": "5",
            "places": "2",
        },
    )
    offer = ExchangeOffer.objects.get(topic="How a ministry drafts a regulation")
    assert response.status_code == 302
    assert response["Location"] == url("exchange_offer", offer_id=offer.pk)
    assert offer.host_organisation == cast.ministry


def test_offer_with_dates_the_wrong_way_round_is_refused(client, cast):
    client.force_login(cast.civil_servant)
    response = client.post(
        url("exchange_offer_create", round_id=cast.round.pk),
        {
            "topic": "Backwards",
            "description": "Dates that end before they start.",
            "starts_on": "2030-05-10",
            "ends_on": "2030-05-01",
            "places": "1",
        },
    )
    assert response.status_code == 400
    assert "before the first day" in response.content.decode()
    assert not ExchangeOffer.objects.filter(topic="Backwards").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"topic": "x" * 100_000, "description": "y" * 100_000, "places": "1"},
        {"topic": "Ok topic", "description": "Fine words here", "starts_on": "99999-01-01"},
        {"topic": "Ok topic", "description": "Fine words here", "places": "-5"},
        {"topic": "Ok topic", "description": "Fine words", "places": "1", "contact": "nobody"},
        {"topic": "Ok\x00topic", "description": "Fine words here", "places": "1e9"},
    ],
)
def test_bad_offer_input_is_a_400_not_a_500(client, cast, data):
    client.force_login(cast.civil_servant)
    response = client.post(url("exchange_offer_create", round_id=cast.round.pk), data)
    assert response.status_code == 400
    assert ExchangeOffer.objects.count() == 1


def test_anonymous_is_sent_to_sign_in_and_others_cannot_edit(client, cast):
    response = client.get(url("exchange_offer_create", round_id=cast.round.pk))
    assert response.status_code == 302
    client.force_login(cast.civil_servant)
    assert client.get(url("exchange_offer_edit", offer_id=cast.offer.pk)).status_code == 404
    assert client.post(url("exchange_offer_close", offer_id=cast.offer.pk)).status_code == 404
    cast.offer.refresh_from_db()
    assert cast.offer.is_open


def test_host_closes_the_offer_with_post_only(client, cast):
    client.force_login(cast.host)
    assert client.get(url("exchange_offer_close", offer_id=cast.offer.pk)).status_code == 405
    response = client.post(url("exchange_offer_close", offer_id=cast.offer.pk))
    assert response.status_code == 302
    cast.offer.refresh_from_db()
    assert not cast.offer.is_open
    response = client.post(url("exchange_offer_close", offer_id=cast.offer.pk))
    assert response.status_code == 400


# Applying and confirming --------------------------------------------------------------------


def test_apply_then_host_confirms(client, cast):
    client.force_login(cast.civil_servant)
    response = client.post(
        url("exchange_apply", offer_id=cast.offer.pk),
        {"message": "I run e-services and want to learn research.", "starts_on": "2031-03-03"},
    )
    exchange = Exchange.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("exchange", exchange_id=exchange.pk)
    assert exchange.ends_on == date(2031, 3, 7)

    # Applying twice is refused with the service's message.
    response = client.post(
        url("exchange_apply", offer_id=cast.offer.pk),
        {"message": "Once more, please, I insist.", "starts_on": "2031-04-03"},
    )
    assert response.status_code == 400
    assert "already applied" in response.content.decode()
    assert Exchange.objects.count() == 1

    client.force_login(cast.host)
    page = client.get(url("exchange", exchange_id=exchange.pk)).content.decode()
    assert "Confirm the exchange" in page
    response = client.post(url("exchange_confirm", exchange_id=exchange.pk))
    assert response.status_code == 302
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.AGREED

    # Too early to confirm it took place: a 400 with the reason, nothing changed.
    response = client.post(url("exchange_confirm", exchange_id=exchange.pk))
    assert response.status_code == 400
    assert "from its last day" in response.content.decode()
    exchange.refresh_from_db()
    assert exchange.host_confirmed_at is None


def test_apply_with_bad_dates_is_a_400(client, cast):
    client.force_login(cast.civil_servant)
    for data in (
        {"message": "Backwards dates here.", "starts_on": "2031-03-10", "ends_on": "2031-03-01"},
        {"message": "Not a date at all.", "starts_on": "tomorrow"},
        {"message": "Far future here", "starts_on": "9999-12-31"},
        {"message": "x" * 50_000},
    ):
        response = client.post(url("exchange_apply", offer_id=cast.offer.pk), data)
        assert response.status_code == 400, data
    assert not Exchange.objects.exists()
    assert client.get(url("exchange_apply", offer_id=cast.offer.pk)).status_code == 405


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [
        ("anonymous", 404),
        ("outsider", 404),
        ("civil_servant", 200),
        ("host", 200),
        ("coordinator", 200),
    ],
)
def test_exchange_page_is_for_the_sides_and_coordinators(client, cast, viewer, expected):
    exchange = cast.exchange()
    if viewer != "anonymous":
        client.force_login(getattr(cast, viewer))
    assert client.get(url("exchange", exchange_id=exchange.pk)).status_code == expected


def test_outsiders_cannot_confirm_cancel_or_report(client, cast):
    exchange = cast.exchange()
    client.force_login(cast.outsider)
    assert client.post(url("exchange_confirm", exchange_id=exchange.pk)).status_code == 404
    assert client.post(url("exchange_cancel", exchange_id=exchange.pk)).status_code == 404
    assert client.get(url("exchange_report", exchange_id=exchange.pk)).status_code == 404
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.PROPOSED
    assert exchange.participant_confirmed_at is None


def test_my_exchanges(client, cast):
    exchange = cast.exchange(topic="Customer research")
    client.force_login(cast.host)
    page = client.get(url("my_exchanges")).content.decode()
    assert url("exchange_confirm", exchange_id=exchange.pk) in page
    assert "Host&#x27;s contact" in page or "Host's contact" in page
    client.force_login(cast.outsider)
    page = client.get(url("my_exchanges")).content.decode()
    assert "Customer research" not in page


# Reports ------------------------------------------------------------------------------------


def test_report_after_a_done_exchange_then_post_it(client, cast, settings):
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0, "NEW_ACCOUNT_MAX_POSTS": 100}
    exchange = cast.done()
    client.force_login(cast.civil_servant)
    response = client.post(
        url("exchange_report", exchange_id=exchange.pk),
        {
            "learned": "They ask five customers before building anything.",
            "will_change": "Show our forms to five companies first.",
        },
    )
    assert response.status_code == 302
    report = ExperienceReport.objects.get()

    community = MembershipFactory(user=cast.civil_servant).community
    page = client.get(url("exchange", exchange_id=exchange.pk)).content.decode()
    assert url("report_post", report_id=report.pk) in page
    assert community.title in page

    # A community the author is not a member of: refused, nothing posted.
    stranger = MembershipFactory(user=cast.outsider).community
    response = client.post(url("report_post", report_id=report.pk), {"community": stranger.pk})
    assert response.status_code == 400
    assert not Thread.objects.exists()

    response = client.post(url("report_post", report_id=report.pk), {"community": community.pk})
    thread = Thread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()
    report.refresh_from_db()
    assert report.thread == thread

    # Only the author posts a report.
    client.force_login(cast.host)
    response = client.post(url("report_post", report_id=report.pk), {"community": community.pk})
    assert response.status_code == 404


def test_report_before_the_exchange_is_done_is_refused(client, cast):
    exchange = cast.exchange()
    client.force_login(cast.civil_servant)
    page = client.get(url("exchange_report", exchange_id=exchange.pk)).content.decode()
    assert "once both have confirmed" in page
    response = client.post(
        url("exchange_report", exchange_id=exchange.pk),
        {"learned": "Something important.", "will_change": "Something else entirely."},
    )
    assert response.status_code == 400
    assert not ExperienceReport.objects.exists()


# Coordinators ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["exchange_manage", "exchange_match", "exchange_record"])
def test_coordinator_pages_are_404_for_others(client, cast, name):
    client.force_login(cast.civil_servant)
    assert client.get(url(name, round_id=cast.round.pk)).status_code == 404
    client.force_login(cast.coordinator)
    assert client.get(url(name, round_id=cast.round.pk)).status_code == 200


def test_coordinator_matches_by_username_and_records_by_name(client, cast):
    client.force_login(cast.coordinator)
    response = client.post(
        url("exchange_match", round_id=cast.round.pk),
        {
            "participant": cast.civil_servant.username,
            "host_organisation": cast.company.pk,
            "host_contact": cast.host.email,
            "starts_on": "2031-05-05",
            "ends_on": "2031-05-09",
        },
    )
    assert response.status_code == 302
    matched = Exchange.objects.get()
    assert (matched.participant, matched.host_contact) == (cast.civil_servant, cast.host)
    assert matched.home_organisation == cast.ministry

    response = client.post(
        url("exchange_record", round_id=cast.round.pk),
        {
            "participant_name": "Ana Kos",
            "home_organisation": cast.ministry.pk,
            "host_organisation": cast.company.pk,
            "starts_on": "2020-05-04",
            "ends_on": "2020-05-08",
            "status": "done",
        },
    )
    assert response.status_code == 302
    recorded = Exchange.objects.get(participant_name="Ana Kos")
    assert recorded.status == ExchangeStatus.DONE


@pytest.mark.parametrize(
    "data",
    [
        {"starts_on": "2020-05-08", "ends_on": "2020-05-04"},
        {"starts_on": "2020-05-04", "ends_on": "not-a-date"},
        {"starts_on": "2020-05-04", "ends_on": "2020-05-08", "home_organisation": "abc"},
        {"starts_on": "2020-05-04", "ends_on": "2020-05-08", "host_organisation": "999999"},
        {"starts_on": "2020-05-04", "ends_on": "2020-05-08", "participant_name": ""},
    ],
)
def test_bad_records_are_400_and_change_nothing(client, cast, data):
    client.force_login(cast.coordinator)
    fields = {
        "participant_name": "Ana Kos",
        "home_organisation": cast.ministry.pk,
        "host_organisation": cast.company.pk,
        "status": "done",
    }
    fields.update(data)
    response = client.post(url("exchange_record", round_id=cast.round.pk), fields)
    assert response.status_code == 400
    assert not Exchange.objects.exists()


# CSV files ------------------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_statistics_csv_is_public_and_has_the_figures(client, cast):
    cast.done()
    cast.exchange(status=ExchangeStatus.PROPOSED)  # not counted
    response = client.get(url("exchange_statistics_csv", round_id=cast.round.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="{cast.programme.slug}-round-{cast.round.number}'
        '-exchange-statistics.csv"'
    )
    figures = dict(read_csv(response))
    assert figures["Public bodies taking part"] == "1"
    assert figures["Employees of public bodies exchanged"] == "1"
    assert figures["Companies taking part"] == "1"
    assert figures["Employees of companies exchanged"] == "0"
    assert figures["People exchanged in all"] == "1"
    assert figures["Average length in days"] == "5.0"
    assert cast.civil_servant.name not in response.content.decode()


def test_exchange_list_csv_is_for_coordinators_and_neutralises_formulas(client, cast):
    cast.done(participant_name='=HYPERLINK("http://evil")', topic="+1 trick")
    url_csv = url("exchange_list_csv", round_id=cast.round.pk)
    assert client.get(url_csv).status_code == 302  # sign in first
    client.force_login(cast.civil_servant)
    assert client.get(url_csv).status_code == 404
    client.force_login(cast.coordinator)
    response = client.get(url_csv)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].endswith('-exchanges.csv"')
    header, row = read_csv(response)
    assert header[0] == "Participant"
    assert row[0] == '\'=HYPERLINK("http://evil")'
    assert row[1] == cast.ministry.name
    assert row[6] == "'+1 trick"
    assert row[-1] == "Done"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+49 30", "'+49 30"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Ana", "Ana"),
        (5, 5),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


# Sections for the round and programme pages ---------------------------------------------------


def _render_round_section(programme_round, user) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        context = selectors.round_section_context(programme_round=programme_round, user=user)
        html = render_to_string("programmes/exchanges/includes/round_section.html", context)
    return html, len(captured)


def _fill(cast, count: int) -> None:
    for index in range(count):
        home = OrganisationFactory(
            type=OrganisationType.MUNICIPALITY if index % 2 else OrganisationType.MINISTRY
        )
        participant = UserFactory(organisation=home) if index % 3 else None
        ExchangeFactory(
            round=cast.round,
            participant=participant,
            participant_name="Someone",
            home_organisation=home,
            host_contact=cast.host if index % 2 else UserFactory(organisation=CompanyFactory()),
            status=ExchangeStatus.DONE if index % 2 else ExchangeStatus.AGREED,
            created_by=cast.coordinator,
        )
    StudyVisitFactory(programme=cast.programme, round=cast.round, participants=[cast.host])


@pytest.mark.parametrize("viewer", ["anonymous", "host", "coordinator"])
def test_round_section_takes_the_same_queries_for_3_or_30_exchanges(cast, viewer):
    user = AnonymousUser() if viewer == "anonymous" else getattr(cast, viewer)
    _fill(cast, 3)
    html, few = _render_round_section(cast.round, user)
    assert "Staff exchanges" in html
    _fill(cast, 27)
    html, many = _render_round_section(cast.round, user)
    assert few == many
    assert few <= 10
    figures = selectors.exchange_statistics(cast.round)
    assert figures.exchanges == 30
    assert f"<dd>{figures.people}</dd>" in html
    if viewer == "host":
        assert "My exchanges in this round" in html
    if viewer == "coordinator":
        assert url("exchange_manage", round_id=cast.round.pk) in html
    else:
        assert url("exchange_manage", round_id=cast.round.pk) not in html


def test_programme_section_takes_the_same_queries_for_more_rounds(cast):
    def render() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            context = selectors.programme_section_context(
                programme=cast.programme, user=cast.coordinator
            )
            html = render_to_string("programmes/exchanges/includes/programme_section.html", context)
        return html, len(captured)

    _fill(cast, 3)
    html, few = render()
    assert str(cast.round) in html
    for _ in range(3):
        other = ProgrammeRoundFactory(programme=cast.programme)
        ExchangeFactory(round=other, status=ExchangeStatus.DONE)
        StudyVisitFactory(programme=cast.programme, round=other)
    html, many = render()
    assert few == many
    assert "Study visit to Oslo" in html


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured)


def test_offer_list_and_my_exchanges_take_a_fixed_number_of_queries(client, cast):
    client.force_login(cast.civil_servant)
    offers = url("exchange_offers", round_id=cast.round.pk)
    mine = url("my_exchanges")
    cast.exchange(offer=cast.offer)
    _queries(client, offers)  # the first request after signing in also touches the session
    few = (_queries(client, offers), _queries(client, mine))
    for _ in range(6):
        offer = ExchangeOfferFactory(round=cast.round)
        cast.exchange(offer=offer, host_contact=offer.contact, status=ExchangeStatus.AGREED)
    assert (_queries(client, offers), _queries(client, mine)) == few


def test_confirm_messages_follow_the_step(client, cast):
    exchange = cast.exchange()
    client.force_login(cast.civil_servant)
    response = client.post(url("exchange_confirm", exchange_id=exchange.pk), follow=True)
    assert "now the other side confirms" in response.content.decode()
    client.force_login(cast.host)
    response = client.post(url("exchange_confirm", exchange_id=exchange.pk), follow=True)
    assert "the exchange is agreed" in response.content.decode()
