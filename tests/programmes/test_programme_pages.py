"""The programme index and programme pages: partners, rounds, communities and results."""

from datetime import date

import pytest
from django.utils import timezone

from communities.models import JoinPolicy, Visibility
from programmes.models import ChallengeStatus, PartnerStatus
from tests.factories import CommunityPageFactory, UserFactory
from tests.programmes.factories import (
    ChallengeFactory,
    PartnerParticipationFactory,
    ProgrammePageFactory,
    ProgrammeRoundFactory,
    programme_index,
)

pytestmark = pytest.mark.django_db


def _page(client, programme):
    return client.get(programme.url)


def test_programme_page_shows_partners_rounds_and_results(client):
    programme = ProgrammePageFactory(annual_fee=95000, fee_currency="NOK")
    today = timezone.localdate()
    PartnerParticipationFactory(
        programme=programme,
        organisation__name="Statistics Norway",
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
    )
    PartnerParticipationFactory(
        programme=programme,
        organisation__name="Lapsed Directorate",
        status=PartnerStatus.LAPSED,
        period_start=date(today.year, 1, 1),
        period_end=date(today.year, 12, 31),
    )
    finished = ProgrammeRoundFactory(
        programme=programme, title="Connected for action", selection_published_at=timezone.now()
    )
    ChallengeFactory(
        round=finished,
        title="Building permits filled in by designers",
        status=ChallengeStatus.SELECTED,
        outcome="The law now lets designers prepare the application.",
    )
    ChallengeFactory(round=finished, title="A sent but unselected idea")
    response = _page(client, programme)
    assert response.status_code == 200
    text = response.text
    assert "Statistics Norway" in text
    assert "Lapsed Directorate" not in text
    assert "Connected for action" in text
    assert "Building permits filled in by designers" in text
    assert "A sent but unselected idea" not in text
    # Fees are a coordinator's business; the standard fee is public information.
    assert "95,000 NOK" in text or "95.000 NOK" in text
    assert "Partner records and fees" not in text


def test_members_only_community_of_a_programme_stays_hidden(client):
    hidden = CommunityPageFactory(
        title="Secret working group",
        visibility=Visibility.MEMBERS,
        listed_in_index=False,
        join_policy=JoinPolicy.INVITATION,
    )
    shown = CommunityPageFactory(title="Open exchange community")
    programme = ProgrammePageFactory(communities=[hidden, shown])
    text = _page(client, programme).text
    assert "Open exchange community" in text
    assert "Secret working group" not in text


def test_coordinator_gets_the_partner_records_link(client):
    coordinator = UserFactory()
    programme = ProgrammePageFactory(coordinators=[coordinator])
    client.force_login(coordinator)
    text = _page(client, programme).text
    assert "Partner records and fees" in text
    assert "New round" in text


def test_programme_page_query_count_does_not_grow_with_rounds_and_partners(client):
    programme = ProgrammePageFactory()

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert _page(client, programme).status_code == 200
        return len(captured.captured_queries)

    PartnerParticipationFactory(programme=programme)
    r = ProgrammeRoundFactory(programme=programme, selection_published_at=timezone.now())
    ChallengeFactory(round=r, status=ChallengeStatus.SELECTED, outcome="Done.")
    count_queries()  # warm Wagtail's site and content-type caches
    few = count_queries()
    for _ in range(10):
        PartnerParticipationFactory(programme=programme)
        r = ProgrammeRoundFactory(programme=programme, selection_published_at=timezone.now())
        ChallengeFactory(round=r, status=ChallengeStatus.SELECTED, outcome="Done.")
    assert count_queries() == few


def test_index_lists_programmes(client):
    ProgrammePageFactory(title="Partnerforum")
    response = client.get(programme_index().url)
    assert response.status_code == 200
    assert "Partnerforum" in response.text


def test_reserved_slug_is_refused():
    from django.core.exceptions import ValidationError

    from programmes.models import ProgrammePage

    page = ProgrammePage(title="Rounds", slug="rounds", summary="x")
    with pytest.raises(ValidationError):
        page.full_clean()
