"""The demo rounds of Partnerstvo za spremembe: written through the services, idempotent,
round 5 finished with its showcase and round 6 open."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

from communities.models import Organisation, OrganisationType
from programmes.challenges import selectors
from programmes.challenges.demo_content import CHALLENGES, PERSONAS, seed_rounds
from programmes.models import ChallengeStatus
from tests.factories import CommunityPageFactory, OrganisationFactory, UserFactory
from tests.guidebook.factories import library
from tests.programmes.factories import ProgrammePageFactory

pytestmark = pytest.mark.django_db

ORGANISATIONS = {
    "tina.mlakar": ("LanguageSitter", OrganisationType.COMPANY),
    "mateja.krajnc": ("Šmarje pri Jelšah Administrative Unit", OrganisationType.REGIONAL_OFFICE),
    "simon.vidmar": ("Šmarje pri Jelšah Administrative Unit", OrganisationType.REGIONAL_OFFICE),
    "petra.horvat": (
        "Agency of the Republic of Slovenia for Public Legal Records and Related Services",
        OrganisationType.CENTRAL_AGENCY,
    ),
    "andrej.golob": (
        "Agency of the Republic of Slovenia for Public Legal Records and Related Services",
        OrganisationType.CENTRAL_AGENCY,
    ),
}


def test_seed_rounds_builds_a_finished_and_an_open_round(client):
    library()
    CommunityPageFactory(slug="innovation-in-public-services")
    people = {}
    for username in PERSONAS:
        name, kind = ORGANISATIONS.get(
            username, ("Ministry of Public Administration of the Republic of Slovenia", "ministry")
        )
        people[username] = UserFactory(
            username=username, organisation=OrganisationFactory(name=name, type=kind)
        )
    coordinator = UserFactory(username="maja.novak")
    commissioners = [UserFactory(), UserFactory()]
    partnerstvo = ProgrammePageFactory(title="Partnerstvo za spremembe")

    result = seed_rounds(
        partnerstvo=partnerstvo,
        coordinator=coordinator,
        commissioners=commissioners,
        people=people,
        password_hash=make_password("demo-password"),
    )
    again = seed_rounds(
        partnerstvo=partnerstvo, coordinator=coordinator, commissioners=commissioners, people=people
    )
    assert again["round_5"] == result["round_5"] and again["challenges"] == []

    round_5, round_6 = result["round_5"], result["round_6"]
    round_5.refresh_from_db()
    assert not round_5.call_is_open() and round_5.selection_published_at is not None
    assert round_6.call_is_open() and round_6.criteria.count() == 3
    assert set(round_6.commission.all()) == set(commissioners)
    assert Organisation.objects.filter(name="AmCham Slovenia").exists()
    mentors = {c.mentor for c in round_5.challenges.all() if c.mentor}
    assert mentors and all(m.check_password("demo-password") for m in mentors)

    data = selectors.showcase(programme_round=round_5)
    assert [item["challenge"].title for item in data["items"]] == sorted(
        spec["title"] for spec in CHALLENGES
    )
    for item in data["items"]:
        challenge = item["challenge"]
        assert challenge.status == ChallengeStatus.SELECTED
        assert challenge.mentor and item["team"] and challenge.outcome
        assert challenge.workspace_thread.restricted
        assert challenge.workspace_thread.posts.count() == 2
    teachers = next(i for i in data["items"] if i["challenge"].title.startswith("Učitelj"))
    assert teachers["people_affected"] == 80
    ranking = selectors.ranking(programme_round=round_5)
    assert all(row["scored_by"] == 2 for row in ranking["rows"])

    showcase = client.get(f"/programmes/rounds/{round_5.pk}/showcase/")
    assert showcase.status_code == 200
    assert "STOPbirokraciji.si" in showcase.content.decode()
    assert client.get(f"/programmes/rounds/{round_6.pk}/").status_code == 200
