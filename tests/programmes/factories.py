"""factory_boy factories for programmes, rounds, challenges, exchanges and visits."""

from __future__ import annotations

from datetime import date, timedelta

import factory
from django.utils import timezone
from wagtail.models import Page

from communities.models import HomePage, Organisation, OrganisationType
from programmes.models import (
    Challenge,
    ChallengeStatus,
    Exchange,
    ExchangeOffer,
    ExchangeStatus,
    PartnerParticipation,
    PartnerStatus,
    ProgrammeIndexPage,
    ProgrammePage,
    ProgrammeRound,
    SelectionCriterion,
    StudyVisit,
)
from tests.factories import OrganisationFactory, UserFactory, site_tree


def programme_index() -> ProgrammeIndexPage:
    """/programmes/ under the home page, created once per test database."""
    index = ProgrammeIndexPage.objects.first()
    if index:
        return index
    home = site_tree().get_parent().specific
    assert isinstance(home, HomePage)
    return home.add_child(instance=ProgrammeIndexPage(title="Programmes", slug="programmes"))


class ProgrammePageFactory(factory.Factory):
    """A published programme under /programmes/; ``coordinators=[user, ...]``."""

    class Meta:
        model = ProgrammePage

    title = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    summary = "Public bodies and companies solve challenges together."
    country = "SI"

    @classmethod
    def _create(cls, model_class, *args, coordinators=(), communities=(), **kwargs):
        page = model_class(*args, **kwargs)
        page.live = True
        programme_index().add_child(instance=page)
        if coordinators or communities:
            page.coordinators.set(list(coordinators))
            page.communities.set(list(communities))
            page.save()
        return Page.objects.get(pk=page.pk).specific


class CompanyFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Example Company {n} d.o.o.")
    short_name = factory.Sequence(lambda n: f"EC{n}")
    country = "SI"
    type = OrganisationType.COMPANY
    level_of_government = "n/a"


class PartnerParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerParticipation

    programme = factory.SubFactory(ProgrammePageFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    period_start = date(2026, 1, 1)
    period_end = date(2026, 12, 31)
    fee_amount = 95000
    currency = "NOK"
    status = PartnerStatus.ACTIVE


class ProgrammeRoundFactory(factory.django.DjangoModelFactory):
    """An open round: the call closes in two weeks."""

    class Meta:
        model = ProgrammeRound

    programme = factory.SubFactory(ProgrammePageFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Connected for action {n}")
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=240))
    call_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    max_selected = 5


class SelectionCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelectionCriterion

    round = factory.SubFactory(ProgrammeRoundFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1
    max_score = 5
    position = factory.Sequence(lambda n: n)


class ChallengeFactory(factory.django.DjangoModelFactory):
    """A sent challenge (``status=ChallengeStatus.DRAFT`` for a draft)."""

    class Meta:
        model = Challenge

    round = factory.SubFactory(ProgrammeRoundFactory)
    submitted_by = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda c: c.submitted_by.organisation)
    title = factory.Sequence(lambda n: f"Raising the uptake of e-services {n}")
    problem = "Few people use the agency's e-services; most still come to the counter."
    change_sought = "Twice as many filings online within a year."
    contact_name = "Mojca Example"
    contact_email = "contact@example.org"
    affected = "Companies filing annual reports"
    affected_count = 5000
    help_wanted = "Marketing and user-research know-how from companies."
    status = ChallengeStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)


class ExchangeOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExchangeOffer

    round = factory.SubFactory(ProgrammeRoundFactory)
    contact = factory.SubFactory(UserFactory, organisation=factory.SubFactory(CompanyFactory))
    host_organisation = factory.LazyAttribute(lambda o: o.contact.organisation)
    host_department = "Customer experience"
    topic = "How we design digital services with customers"
    description = "A week with the product team: research interviews, design reviews."
    duration_days = 5
    places = 2


class ExchangeFactory(factory.django.DjangoModelFactory):
    """A proposed exchange of a ministry employee to a company."""

    class Meta:
        model = Exchange

    round = factory.SubFactory(ProgrammeRoundFactory)
    participant = factory.SubFactory(UserFactory)
    participant_name = factory.LazyAttribute(lambda e: e.participant.name if e.participant else "")
    home_organisation = factory.LazyAttribute(
        lambda e: e.participant.organisation if e.participant else OrganisationFactory()
    )
    host_contact = factory.SubFactory(UserFactory, organisation=factory.SubFactory(CompanyFactory))
    host_organisation = factory.LazyAttribute(lambda e: e.host_contact.organisation)
    topic = "Customer research"
    starts_on = factory.LazyFunction(lambda: date.today() + timedelta(days=10))
    ends_on = factory.LazyFunction(lambda: date.today() + timedelta(days=14))
    status = ExchangeStatus.PROPOSED
    created_by = factory.LazyAttribute(lambda e: e.participant or e.host_contact)


class StudyVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudyVisit
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammePageFactory)
    title = "Study visit to Oslo"
    purpose = "Learn how Norwegian NGOs and municipalities work in social clusters."
    destination = "Oslo, Norway"
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=20))
    ends_on = factory.LazyFunction(lambda: date.today() - timedelta(days=16))
    created_by = factory.SubFactory(UserFactory)

    @factory.post_generation
    def participants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.participants.set(extracted)


__all__ = [
    "ChallengeFactory",
    "CompanyFactory",
    "ExchangeFactory",
    "ExchangeOfferFactory",
    "PartnerParticipationFactory",
    "ProgrammePageFactory",
    "ProgrammeRoundFactory",
    "SelectionCriterionFactory",
    "StudyVisitFactory",
    "Organisation",
    "programme_index",
]
