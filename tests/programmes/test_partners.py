"""Partner institutions: records kept by coordinators, the overview, and their privacy."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from core.errors import ServiceError
from programmes.models import PartnerParticipation, PartnerStatus
from programmes.partners import selectors, services
from tests.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import (
    PartnerParticipationFactory,
    ProgrammePageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory()


@pytest.fixture
def programme(coordinator):
    return ProgrammePageFactory(coordinators=[coordinator], annual_fee=95000, fee_currency="NOK")


def _create(actor, programme, organisation, **overrides):
    fields = {
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 12, 31),
        "fee_amount": "95000",
        "currency": "nok",
        "status": PartnerStatus.ACTIVE,
    }
    fields.update(overrides)
    return services.partner_record_create(
        actor=actor, programme=programme, organisation=organisation, **fields
    )


def test_coordinator_records_a_partner_year_with_its_fee(coordinator, programme):
    record = _create(coordinator, programme, OrganisationFactory())
    assert record.fee_amount == Decimal("95000.00")
    assert record.currency == "NOK"
    assert record.year == 2026


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"period_end": date(2025, 12, 31)}, "period"),
        ({"period_end": date(2028, 1, 1)}, "period"),
        ({"fee_amount": "-5"}, "fee"),
        ({"fee_amount": "lots"}, "fee"),
        ({"fee_amount": "NaN"}, "fee"),
        ({"currency": ""}, "currency"),
        ({"currency": "N1K"}, "currency"),
        ({"status": "paid"}, "status"),
    ],
)
def test_bad_records_are_refused_and_nothing_is_saved(coordinator, programme, overrides, code):
    with pytest.raises(ServiceError) as error:
        _create(coordinator, programme, OrganisationFactory(), **overrides)
    assert error.value.code == code
    assert error.value.message
    assert not PartnerParticipation.objects.exists()


def test_overlapping_periods_for_one_partner_are_refused(coordinator, programme):
    organisation = OrganisationFactory()
    _create(coordinator, programme, organisation)
    with pytest.raises(ServiceError) as error:
        _create(coordinator, programme, organisation, period_start=date(2026, 6, 1))
    assert error.value.code == "duplicate"
    assert PartnerParticipation.objects.count() == 1


def test_only_coordinators_keep_records(programme):
    with pytest.raises(ServiceError) as error:
        _create(UserFactory(), programme, OrganisationFactory())
    assert error.value.code == "forbidden"
    assert not PartnerParticipation.objects.exists()


def test_overview_counts_active_and_lapsed_and_sums_fees_per_year(programme):
    for _ in range(3):
        PartnerParticipationFactory(programme=programme)
    PartnerParticipationFactory(programme=programme, status=PartnerStatus.LAPSED, fee_amount=None)
    PartnerParticipationFactory(programme=programme, status=PartnerStatus.INVITED)
    PartnerParticipationFactory(
        programme=programme, period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)
    )
    years = selectors.partner_overview(programme=programme)
    assert [summary.year for summary in years] == [2026, 2025]
    this_year = years[0]
    assert this_year.counts == {"invited": 1, "active": 3, "lapsed": 1}
    # Only active partners' fees count: an invitation is not income.
    assert this_year.fee_totals == [("NOK", Decimal("285000.00"))]
    assert years[1].counts["active"] == 1


def test_the_overview_follows_a_change_of_status(coordinator, programme):
    record = PartnerParticipationFactory(programme=programme)
    services.partner_record_update(
        actor=coordinator,
        record=record,
        period_start=record.period_start,
        period_end=record.period_end,
        fee_amount=None,
        currency="",
        status=PartnerStatus.LAPSED,
        note="Did not renew",
    )
    (summary,) = selectors.partner_overview(programme=programme)
    assert summary.counts["lapsed"] == 1
    assert summary.fee_totals == []


def test_overview_page_is_for_coordinators_only(client, coordinator, programme):
    PartnerParticipationFactory(programme=programme, organisation__name="Statistics Norway")
    url = reverse("programmes:partners", kwargs={"programme_id": programme.pk})
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert "Statistics Norway" in response.text
    assert "95.000,00 NOK" in response.text or "95,000.00 NOK" in response.text


def test_adding_a_record_through_the_page(client, coordinator, programme):
    organisation = OrganisationFactory()
    client.force_login(coordinator)
    url = reverse("programmes:partner_new", kwargs={"programme_id": programme.pk})
    response = client.post(
        url,
        {
            "organisation": organisation.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "fee_amount": "95000",
            "currency": "NOK",
            "status": "active",
        },
    )
    assert response.status_code == 302
    assert PartnerParticipation.objects.get().organisation == organisation


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"period_start": "2026-12-31", "period_end": "2026-01-01", "status": "active"},
        {"period_start": "yesterday", "period_end": "2026-01-01", "status": "active"},
        {
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "status": "active",
            "fee_amount": "1e400",
            "currency": "NOK",
        },
    ],
)
def test_bad_form_input_explains_itself_and_saves_nothing(client, coordinator, programme, data):
    client.force_login(coordinator)
    url = reverse("programmes:partner_new", kwargs={"programme_id": programme.pk})
    response = client.post(url, {"organisation": OrganisationFactory().pk, **data})
    assert response.status_code == 400
    assert 'class="errorlist' in response.text
    assert not PartnerParticipation.objects.exists()


def test_someone_else_cannot_edit_or_delete_a_record(client, programme):
    record = PartnerParticipationFactory(programme=programme)
    client.force_login(UserFactory())
    assert client.get(reverse("programmes:partner_edit", args=[record.pk])).status_code == 404
    response = client.post(reverse("programmes:partner_delete", args=[record.pk]))
    assert response.status_code == 404
    assert PartnerParticipation.objects.filter(pk=record.pk).exists()
