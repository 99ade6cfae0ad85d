"""Challenge rounds, challenges and staff exchanges in the Wagtail admin: listings with
filters and search, inspect views and the coordinators' exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from programmes.models import ChallengeStatus
from tests.factories import UserFactory
from tests.programmes.factories import ChallengeFactory, ExchangeFactory, ProgrammeRoundFactory


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.fixture
def programme_round(db):
    programme_round = ProgrammeRoundFactory(title="Connected for action")
    ChallengeFactory(round=programme_round, status=ChallengeStatus.SELECTED, title="Fewer forms")
    ChallengeFactory(round=programme_round, status=ChallengeStatus.SUBMITTED)
    ExchangeFactory(round=programme_round, participant_name="Maja Kovač")
    return programme_round


@pytest.mark.parametrize("name", ["challenge_rounds", "challenges", "staff_exchanges"])
def test_listings_load_with_filters_and_search(
    client, superuser, programme_round, name, django_assert_max_num_queries
):
    client.force_login(superuser)
    with django_assert_max_num_queries(40):
        response = client.get(reverse(f"{name}:index"))
    assert response.status_code == 200
    query = (
        {"programme": programme_round.programme_id}
        if name == "challenge_rounds"
        else {"round": programme_round.pk}
    )
    assert client.get(reverse(f"{name}:index"), {**query, "q": "x"}).status_code == 200


def test_search_and_inspect(client, superuser, programme_round):
    client.force_login(superuser)
    found = client.get(reverse("challenges:index"), {"q": "Fewer"}).content.decode()
    assert "Fewer forms" in found
    exchange = programme_round.exchanges.get()
    inspect = client.get(reverse("staff_exchanges:inspect", args=[exchange.pk]))
    assert "Maja Kovač" in inspect.content.decode()
    inspect = client.get(reverse("challenge_rounds:inspect", args=[programme_round.pk]))
    assert "Connected for action" in inspect.content.decode()


def test_round_export_counts_challenges_and_exchanges(client, superuser, programme_round):
    client.force_login(superuser)
    response = client.get(reverse("challenge_rounds:index"), {"export": "csv"})
    assert "challenge-rounds.csv" in response["Content-Disposition"]
    row = next(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert (row["Challenges"], row["Selected"], row["Exchanges"]) == ("2", "1", "1")


def test_exchange_export_has_the_columns(client, superuser, programme_round):
    client.force_login(superuser)
    response = client.get(reverse("staff_exchanges:index"), {"export": "xlsx"})
    assert response.status_code == 200
    assert "staff-exchanges.xlsx" in response["Content-Disposition"]
    response = client.get(reverse("staff_exchanges:index"), {"export": "csv"})
    row = next(csv.DictReader(io.StringIO(response.getvalue().decode())))
    assert row["Participant"] == "Maja Kovač" and row["Days"] == "5"


def test_a_member_is_refused(client, programme_round):
    client.force_login(UserFactory())
    response = client.get(reverse("staff_exchanges:index"))
    assert response.status_code in (302, 403)
    assert "Maja Kovač" not in response.content.decode()
