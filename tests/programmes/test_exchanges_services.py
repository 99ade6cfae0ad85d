"""Staff exchange services: offers, applications, matching, the two-sided confirmation flow,
reports, and statistics computed from the records (the seed's round-5 figures too)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from communities.models import OrganisationType
from core.errors import ServiceError
from discussions.models import Thread
from programmes.demo import seed_exchanges
from programmes.exchanges import selectors, services
from programmes.models import (
    Exchange,
    ExchangeOffer,
    ExchangeStatus,
    ExperienceReport,
    ProgrammeRound,
)
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.programmes.factories import (
    CompanyFactory,
    ExchangeFactory,
    ExchangeOfferFactory,
    ProgrammePageFactory,
    ProgrammeRoundFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date.today()


class Cast:
    """A round with a coordinator, a civil servant and a company's host contact."""

    def __init__(self):
        self.coordinator = UserFactory()
        self.programme = ProgrammePageFactory(coordinators=[self.coordinator])
        self.round = ProgrammeRoundFactory(programme=self.programme)
        self.ministry = OrganisationFactory(country="SI")
        self.company = CompanyFactory()
        self.civil_servant = UserFactory(organisation=self.ministry)
        self.host = UserFactory(organisation=self.company)
        self.outsider = UserFactory()

    def offer(self, **kwargs) -> ExchangeOffer:
        kwargs.setdefault("round", self.round)
        kwargs.setdefault("contact", self.host)
        return ExchangeOfferFactory(**kwargs)

    def match(self, **kwargs) -> Exchange:
        fields = {
            "actor": self.coordinator,
            "programme_round": self.round,
            "participant": self.civil_servant,
            "host_organisation": self.company,
            "host_contact": self.host,
            "starts_on": TODAY + timedelta(days=10),
            "ends_on": TODAY + timedelta(days=14),
        }
        fields.update(kwargs)
        return services.exchange_match(**fields)


@pytest.fixture
def cast():
    return Cast()


def refused(code=None):
    class _Refused:
        def __enter__(self):
            self.ctx = pytest.raises(ServiceError)
            self.info = self.ctx.__enter__()
            return self.info

        def __exit__(self, *exc):
            result = self.ctx.__exit__(*exc)
            if code is not None:
                assert self.info.value.code == code, self.info.value.message
            assert self.info.value.message
            return result

    return _Refused()


# Offers -------------------------------------------------------------------------------------


def test_member_offers_an_exchange_at_their_own_organisation(cast):
    offer = services.offer_create(
        actor=cast.host,
        programme_round=cast.round,
        topic="Customer research",
        description="A week with our research team, interviews included.",
        duration_days=5,
        places=2,
    )
    assert offer.host_organisation == cast.company
    assert offer.contact == cast.host
    assert offer.is_open


def test_no_offers_in_a_round_that_has_ended(cast):
    cast.round.starts_on = date.today() - timedelta(days=400)
    cast.round.ends_on = date.today() - timedelta(days=1)
    cast.round.save()
    with pytest.raises(ServiceError) as error:
        services.offer_create(
            actor=cast.host,
            programme_round=cast.round,
            topic="Customer research",
            description="A week with our research team, interviews included.",
            duration_days=5,
        )
    assert error.value.code == "ended"
    assert not ExchangeOffer.objects.exists()


def test_member_cannot_offer_for_another_organisation(cast):
    with refused("host"):
        services.offer_create(
            actor=cast.host,
            programme_round=cast.round,
            host_organisation=cast.ministry,
            topic="Not ours",
            description="Someone else's organisation entirely.",
            duration_days=5,
        )
    assert not ExchangeOffer.objects.exists()


def test_coordinator_offers_for_any_organisation_with_its_contact(cast):
    offer = services.offer_create(
        actor=cast.coordinator,
        programme_round=cast.round,
        host_organisation=cast.company,
        contact=cast.host,
        topic="Logistics",
        description="A week in the planning office.",
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=4),
    )
    assert offer.host_organisation == cast.company


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"starts_on": TODAY, "ends_on": TODAY - timedelta(days=1)}, "end_before_start"),
        ({"starts_on": TODAY}, "dates"),
        ({}, "duration"),
        ({"duration_days": 5, "places": 0}, "places"),
        ({"duration_days": 5, "places": 51}, "places"),
        ({"duration_days": 0}, "duration"),
    ],
)
def test_bad_offers_are_refused_and_nothing_is_created(cast, fields, code):
    with refused(code):
        services.offer_create(
            actor=cast.host,
            programme_round=cast.round,
            topic="Customer research",
            description="A week with our research team.",
            **fields,
        )
    assert not ExchangeOffer.objects.exists()


def test_offer_update_and_close_by_the_host_only(cast):
    offer = cast.offer(places=2)
    with refused("forbidden"):
        services.offer_close(actor=cast.outsider, offer=offer)
    with refused("forbidden"):
        services.offer_update(
            actor=cast.outsider, offer=offer, topic="X" * 10, description="y" * 20, places=1,
            duration_days=3,
        )  # fmt: skip
    services.offer_update(
        actor=cast.host,
        offer=offer,
        topic="Service design",
        description="Two weeks of service design.",
        starts_on=TODAY,
        ends_on=TODAY + timedelta(days=9),
        places=3,
    )
    offer.refresh_from_db()
    assert (offer.topic, offer.places, offer.ends_on) == (
        "Service design",
        3,
        TODAY + timedelta(days=9),
    )
    with refused("end_before_start"):
        services.offer_update(
            actor=cast.host,
            offer=offer,
            topic="Broken",
            description="Two weeks of service design.",
            starts_on=TODAY,
            ends_on=TODAY - timedelta(days=3),
            places=3,
        )
    offer.refresh_from_db()
    assert offer.topic == "Service design"
    services.offer_close(actor=cast.host, offer=offer)
    offer.refresh_from_db()
    assert not offer.is_open
    with refused("closed"):
        services.offer_close(actor=cast.host, offer=offer)


# Applying -----------------------------------------------------------------------------------


def test_apply_creates_a_proposed_exchange_confirmed_by_the_applicant(cast):
    offer = cast.offer()
    exchange = services.exchange_apply(
        actor=cast.civil_servant,
        offer=offer,
        message="I run our e-services and want to learn customer research.",
        starts_on=TODAY + timedelta(days=20),
    )
    assert exchange.status == ExchangeStatus.PROPOSED
    assert exchange.home_organisation == cast.ministry
    assert exchange.host_organisation == cast.company
    assert exchange.host_contact == cast.host
    assert exchange.participant_confirmed_at is not None
    assert exchange.host_confirmed_at is None
    # The offer lasts five days.
    assert exchange.ends_on == TODAY + timedelta(days=24)


def test_apply_refusals_change_nothing(cast):
    offer = cast.offer()
    services.exchange_apply(
        actor=cast.civil_servant,
        offer=offer,
        message="I want to learn customer research.",
        starts_on=TODAY + timedelta(days=20),
    )
    with refused("duplicate"):
        services.exchange_apply(
            actor=cast.civil_servant,
            offer=offer,
            message="Once more, please.",
            starts_on=TODAY + timedelta(days=30),
        )
    colleague = UserFactory(organisation=cast.company)
    with refused("forbidden"):
        services.exchange_apply(
            actor=colleague,
            offer=offer,
            message="My own organisation's offer.",
            starts_on=TODAY + timedelta(days=20),
        )
    other = UserFactory()
    with refused("end_before_start"):
        services.exchange_apply(
            actor=other,
            offer=offer,
            message="Dates the wrong way round.",
            starts_on=TODAY + timedelta(days=20),
            ends_on=TODAY + timedelta(days=10),
        )
    with refused("message"):
        services.exchange_apply(
            actor=other, offer=offer, message="hi", starts_on=TODAY + timedelta(days=20)
        )
    services.offer_close(actor=cast.host, offer=offer)
    with refused("closed"):
        services.exchange_apply(
            actor=other,
            offer=offer,
            message="Too late for this one.",
            starts_on=TODAY + timedelta(days=20),
        )
    assert Exchange.objects.count() == 1


def test_apply_with_a_huge_start_date_is_refused_not_crashing(cast):
    offer = cast.offer(duration_days=90)
    with refused():
        services.exchange_apply(
            actor=cast.civil_servant,
            offer=offer,
            message="Far in the future.",
            starts_on=date(9999, 12, 30),
        )
    assert not Exchange.objects.exists()


# Matching, recording and the confirmation flow ----------------------------------------------


def test_both_sides_confirm_proposed_then_agreed_then_done(cast):
    exchange = cast.match(
        starts_on=TODAY - timedelta(days=6), ends_on=TODAY + timedelta(days=1), topic="CX"
    )
    assert exchange.status == ExchangeStatus.PROPOSED

    exchange = services.exchange_confirm(actor=cast.civil_servant, exchange=exchange)
    assert exchange.status == ExchangeStatus.PROPOSED
    assert exchange.participant_confirmed_at and not exchange.host_confirmed_at
    with refused("duplicate"):
        services.exchange_confirm(actor=cast.civil_servant, exchange=exchange)

    exchange = services.exchange_confirm(actor=cast.host, exchange=exchange)
    assert exchange.status == ExchangeStatus.AGREED
    assert exchange.agreed_at is not None
    assert exchange.participant_confirmed_at is None and exchange.host_confirmed_at is None

    # Before its last day, nobody can confirm it took place.
    with refused("too_early"):
        services.exchange_confirm(actor=cast.host, exchange=exchange)
    Exchange.objects.filter(pk=exchange.pk).update(
        starts_on=TODAY - timedelta(days=7), ends_on=TODAY - timedelta(days=1)
    )
    exchange.refresh_from_db()
    exchange = services.exchange_confirm(actor=cast.host, exchange=exchange)
    assert exchange.status == ExchangeStatus.AGREED
    exchange = services.exchange_confirm(actor=cast.civil_servant, exchange=exchange)
    assert exchange.status == ExchangeStatus.DONE
    assert exchange.done_at is not None
    with refused("status"):
        services.exchange_confirm(actor=cast.civil_servant, exchange=exchange)


def test_only_the_sides_confirm(cast):
    exchange = cast.match()
    with refused("forbidden"):
        services.exchange_confirm(actor=cast.outsider, exchange=exchange)
    # A coordinator confirms only for a side that has no account.
    with refused("forbidden"):
        services.exchange_confirm(actor=cast.coordinator, exchange=exchange)
    exchange.refresh_from_db()
    assert exchange.participant_confirmed_at is None


def test_coordinator_confirms_for_a_participant_without_an_account(cast):
    exchange = cast.match(
        participant=None, participant_name="Ana Kos", home_organisation=cast.ministry
    )
    services.exchange_confirm(actor=cast.coordinator, exchange=exchange)
    exchange = services.exchange_confirm(actor=cast.host, exchange=exchange)
    assert exchange.status == ExchangeStatus.AGREED


def test_the_offers_places_are_respected_when_agreeing(cast):
    offer = cast.offer(places=1)
    first = services.exchange_apply(
        actor=cast.civil_servant,
        offer=offer,
        message="I would like to come.",
        starts_on=TODAY + timedelta(days=20),
    )
    second = services.exchange_apply(
        actor=UserFactory(),
        offer=offer,
        message="I would like to come too.",
        starts_on=TODAY + timedelta(days=30),
    )
    assert services.exchange_confirm(actor=cast.host, exchange=first).status == "agreed"
    with refused("full"):
        services.exchange_confirm(actor=cast.host, exchange=second)
    second.refresh_from_db()
    assert second.status == ExchangeStatus.PROPOSED
    assert second.host_confirmed_at is None
    # Cancelling the first frees the place.
    services.exchange_cancel(actor=cast.civil_servant, exchange=first)
    assert services.exchange_confirm(actor=cast.host, exchange=second).status == "agreed"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        (
            {"starts_on": TODAY + timedelta(days=5), "ends_on": TODAY + timedelta(days=1)},
            "end_before_start",
        ),
        ({"starts_on": None}, "dates"),
        ({"host_organisation": None}, "host"),
        ({"participant": None, "participant_name": ""}, "required"),
        ({"participant": None, "participant_name": "Ana Kos"}, "home"),
        ({"host_contact": "outsider"}, "contact"),
        ({"starts_on": TODAY, "ends_on": TODAY + timedelta(days=200)}, "too_long"),
    ],
)
def test_bad_matches_are_refused_and_nothing_is_created(cast, fields, code):
    if fields.get("host_contact") == "outsider":
        fields["host_contact"] = cast.outsider
    with refused(code):
        cast.match(**fields)
    assert not Exchange.objects.exists()


def test_an_exchange_stays_between_two_organisations(cast):
    with refused("same_organisation"):
        cast.match(host_organisation=cast.ministry, host_contact=None)
    assert not Exchange.objects.exists()


def test_only_coordinators_match_and_record(cast):
    with refused("forbidden"):
        cast.match(actor=cast.civil_servant)
    with refused("forbidden"):
        services.exchange_record(
            actor=cast.host,
            programme_round=cast.round,
            participant_name="Ana Kos",
            home_organisation=cast.ministry,
            host_organisation=cast.company,
            starts_on=TODAY - timedelta(days=10),
            ends_on=TODAY - timedelta(days=5),
        )
    assert not Exchange.objects.exists()


def test_record_a_past_exchange_by_name(cast):
    exchange = services.exchange_record(
        actor=cast.coordinator,
        programme_round=cast.round,
        participant_name="Ana Kos",
        home_organisation=cast.ministry,
        host_organisation=cast.company,
        starts_on=TODAY - timedelta(days=10),
        ends_on=TODAY - timedelta(days=5),
    )
    assert exchange.status == ExchangeStatus.DONE
    assert exchange.participant is None
    with refused("not_ended"):
        services.exchange_record(
            actor=cast.coordinator,
            programme_round=cast.round,
            participant_name="Matej Zupan",
            home_organisation=cast.ministry,
            host_organisation=cast.company,
            starts_on=TODAY + timedelta(days=10),
            ends_on=TODAY + timedelta(days=15),
        )
    agreed = services.exchange_record(
        actor=cast.coordinator,
        programme_round=cast.round,
        participant_name="Matej Zupan",
        home_organisation=cast.ministry,
        host_organisation=cast.company,
        starts_on=TODAY + timedelta(days=10),
        ends_on=TODAY + timedelta(days=15),
        status=ExchangeStatus.AGREED,
    )
    assert agreed.status == ExchangeStatus.AGREED
    assert Exchange.objects.count() == 2


def test_cancel(cast):
    exchange = cast.match()
    with refused("forbidden"):
        services.exchange_cancel(actor=cast.outsider, exchange=exchange)
    services.exchange_cancel(actor=cast.host, exchange=exchange)
    exchange.refresh_from_db()
    assert exchange.status == ExchangeStatus.CANCELLED
    with refused("status"):
        services.exchange_cancel(actor=cast.coordinator, exchange=exchange)


# Reports ------------------------------------------------------------------------------------


def _done(cast) -> Exchange:
    return ExchangeFactory(
        round=cast.round,
        participant=cast.civil_servant,
        host_contact=cast.host,
        starts_on=TODAY - timedelta(days=12),
        ends_on=TODAY - timedelta(days=8),
        status=ExchangeStatus.DONE,
    )


REPORT = {
    "learned": "They test every change with five customers first.",
    "will_change": "We will show our forms to five companies before each release.",
}


def test_both_sides_of_a_done_exchange_report_once(cast):
    exchange = _done(cast)
    report = services.report_write(actor=cast.civil_servant, exchange=exchange, **REPORT)
    assert report.author == cast.civil_servant
    services.report_write(actor=cast.host, exchange=exchange, **REPORT)
    with refused("duplicate"):
        services.report_write(actor=cast.host, exchange=exchange, **REPORT)
    assert ExperienceReport.objects.count() == 2


def test_report_by_someone_who_did_not_take_part_is_refused(cast):
    exchange = _done(cast)
    with refused("not_participant") as info:
        services.report_write(actor=cast.outsider, exchange=exchange, **REPORT)
    assert "took part" in info.value.message
    with refused("not_participant"):
        services.report_write(actor=cast.coordinator, exchange=exchange, **REPORT)
    assert not ExperienceReport.objects.exists()


def test_report_before_the_exchange_is_done_is_refused(cast):
    exchange = cast.match()
    with refused("not_done"):
        services.report_write(actor=cast.civil_servant, exchange=exchange, **REPORT)
    with refused("required"):
        services.report_write(
            actor=cast.civil_servant, exchange=_done(cast), learned="ok", will_change="ok"
        )
    assert not ExperienceReport.objects.exists()


def test_report_is_posted_to_one_of_the_authors_communities(cast, settings):
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0, "NEW_ACCOUNT_MAX_POSTS": 100}
    report = services.report_write(actor=cast.civil_servant, exchange=_done(cast), **REPORT)
    stranger_community = MembershipFactory(user=cast.outsider).community
    with refused("cannot_post"):
        services.report_post_to_community(
            actor=cast.civil_servant, report=report, community=stranger_community
        )
    with refused("forbidden"):
        services.report_post_to_community(
            actor=cast.outsider, report=report, community=stranger_community
        )
    assert not Thread.objects.exists()

    community = MembershipFactory(user=cast.civil_servant).community
    report = services.report_post_to_community(
        actor=cast.civil_servant, report=report, community=community
    )
    thread = Thread.objects.get()
    assert report.thread == thread
    assert thread.community_id == community.pk
    assert cast.company.name in thread.title
    with refused("already_posted"):
        services.report_post_to_community(
            actor=cast.civil_servant, report=report, community=community
        )
    assert Thread.objects.count() == 1


# Statistics ---------------------------------------------------------------------------------


def test_statistics_are_computed_from_the_records(cast):
    other_ministry = OrganisationFactory(type=OrganisationType.MUNICIPALITY)
    university = OrganisationFactory(type=OrganisationType.UNIVERSITY)
    second_company = CompanyFactory()

    def record(home, host, days, status=ExchangeStatus.DONE, participant=None):
        return ExchangeFactory(
            round=cast.round,
            participant=participant,
            participant_name="Someone",
            home_organisation=home,
            host_organisation=host,
            host_contact=None,
            starts_on=TODAY - timedelta(days=30),
            ends_on=TODAY - timedelta(days=30 - days + 1),
            status=status,
            created_by=cast.coordinator,
        )

    record(cast.ministry, cast.company, 5)  # civil servant to a company
    record(cast.ministry, second_company, 7)  # another one: the company only hosts
    record(cast.company, other_ministry, 6)  # company employee to a municipality
    record(university, cast.ministry, 6, status=ExchangeStatus.AGREED)
    record(cast.ministry, cast.company, 5, status=ExchangeStatus.PROPOSED)  # not counted
    record(cast.ministry, cast.company, 5, status=ExchangeStatus.CANCELLED)  # not counted
    ExchangeFactory(status=ExchangeStatus.DONE)  # another round: not counted

    figures = selectors.exchange_statistics(cast.round)
    assert figures.public_bodies == 2  # the ministry and the municipality (a host)
    assert figures.public_employees == 2
    assert figures.companies == 2  # both count, the second only as a host
    assert figures.company_employees == 1
    assert figures.other_organisations == 1
    assert figures.other_employees == 1
    assert figures.people == 4
    assert (figures.done, figures.agreed) == (3, 1)
    assert figures.average_days == 6.0

    # Adding and cancelling exchanges moves the figures: nothing is stored.
    added = record(OrganisationFactory(), CompanyFactory(), 5)
    figures = selectors.exchange_statistics(cast.round)
    assert (figures.public_bodies, figures.companies, figures.people) == (3, 3, 5)
    Exchange.objects.filter(pk=added.pk).update(status=ExchangeStatus.CANCELLED)
    figures = selectors.exchange_statistics(cast.round)
    assert (figures.public_bodies, figures.companies, figures.people) == (2, 2, 4)


def test_a_person_on_two_exchanges_counts_once(cast):
    for offset in (40, 20):
        ExchangeFactory(
            round=cast.round,
            participant=cast.civil_servant,
            host_contact=cast.host,
            starts_on=TODAY - timedelta(days=offset),
            ends_on=TODAY - timedelta(days=offset - 4),
            status=ExchangeStatus.DONE,
        )
    figures = selectors.exchange_statistics(cast.round)
    assert (figures.people, figures.public_employees, figures.exchanges) == (1, 1, 2)


def test_statistics_of_an_empty_round(cast):
    figures = selectors.exchange_statistics(cast.round)
    assert figures.people == 0
    assert figures.average_days is None


def test_statistics_take_one_query(cast, django_assert_num_queries):
    for _ in range(5):
        ExchangeFactory(round=cast.round, status=ExchangeStatus.AGREED)
    with django_assert_num_queries(1):
        selectors.exchange_statistics(cast.round)


# The demo seed --------------------------------------------------------------------------------


def _round5(coordinator) -> ProgrammeRound:
    return ProgrammeRoundFactory(
        programme=ProgrammePageFactory(coordinators=[coordinator]),
        number=5,
        starts_on=date(2016, 10, 1),
        ends_on=date(2017, 9, 30),
        showcase_on=date(2017, 5, 31),
        call_deadline=None,
    )


def test_seed_gives_the_programmes_round_5_figures(settings):
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0, "NEW_ACCOUNT_MAX_POSTS": 100}
    coordinator = UserFactory()
    programme_round = _round5(coordinator)
    ajpes = OrganisationFactory(
        name="Agency of the Republic of Slovenia for Public Legal Records and Related Services",
        type=OrganisationType.CENTRAL_AGENCY,
    )
    andrej = UserFactory(username="andrej.golob", organisation=ajpes)
    petra = UserFactory(username="petra.horvat", organisation=ajpes)
    MembershipFactory(user=andrej)
    open_round = ProgrammeRoundFactory(programme=programme_round.programme, number=6)
    people = {"andrej.golob": andrej, "petra.horvat": petra}

    created = seed_exchanges(
        programme_round=programme_round,
        coordinator=coordinator,
        people=people,
        open_round=open_round,
    )
    assert created["exchanges"] == 58

    figures = selectors.exchange_statistics(programme_round)
    assert figures.public_bodies == 15
    assert figures.public_employees == 37
    assert figures.companies == 32
    assert figures.company_employees == 21
    assert figures.people == 58
    assert figures.other_organisations == 0
    assert 5 <= figures.average_days <= 7

    exchanges = Exchange.objects.filter(round=programme_round)
    assert all(
        date(2017, 4, 15) <= e.starts_on and e.ends_on <= date(2017, 9, 30) for e in exchanges
    )
    assert all(5 <= e.length_days <= 7 for e in exchanges)
    assert exchanges.filter(participant__isnull=True).count() == 57
    assert exchanges.get(participant=andrej).status == ExchangeStatus.DONE
    assert exchanges.filter(host_contact=petra).count() == 1
    report = ExperienceReport.objects.get(author=andrej)
    assert report.thread is not None
    assert ExchangeOffer.objects.filter(round=open_round, contact=petra, is_open=True).exists()

    # Seeding again adds nothing.
    again = seed_exchanges(
        programme_round=programme_round,
        coordinator=coordinator,
        people=people,
        open_round=open_round,
    )
    assert again == {"exchanges": 0, "reports": 0, "reports posted": 0, "offers": 0}
    assert Exchange.objects.filter(round=programme_round).count() == 58


def test_seed_in_the_current_year_counts_exchanges_still_to_come_as_agreed():
    coordinator = UserFactory()
    this_year = timezone.localdate().year
    programme_round = ProgrammeRoundFactory(
        programme=ProgrammePageFactory(coordinators=[coordinator]),
        starts_on=date(this_year, 1, 1),
        ends_on=date(this_year, 12, 31),
        showcase_on=None,
    )
    seed_exchanges(programme_round=programme_round, coordinator=coordinator, people={})
    figures = selectors.exchange_statistics(programme_round)
    assert (figures.public_bodies, figures.public_employees) == (15, 37)
    assert (figures.companies, figures.company_employees, figures.people) == (32, 21, 58)
