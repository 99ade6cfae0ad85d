"""Fixtures for facilitation: a public and a members-only community, each with a
facilitator, a member and an outsider; and a complete set of ratings."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from communities.models import MembershipRole, Visibility
from facilitation.health import STATEMENTS


@pytest.fixture
def people(make_community, make_user, make_membership):
    public = make_community(title="Monitoring programme implementation")
    private = make_community(title="Internal audit practice", visibility=Visibility.MEMBERS)
    facilitator = make_user(username="marta", display_name="Marta Kowalska")
    member = make_user(username="jonas", display_name="Jonas Petrauskas")
    outsider = make_user(username="ingrid", display_name="Ingrid Haugland")
    for community in (public, private):
        make_membership(user=facilitator, community=community, role=MembershipRole.FACILITATOR)
        make_membership(user=member, community=community)
    return SimpleNamespace(
        public=public, private=private, facilitator=facilitator, member=member, outsider=outsider
    )


def ratings(default: int = 2, **overrides) -> dict[str, int]:
    values = {statement.key: default for statement in STATEMENTS}
    values.update(overrides)
    return values


CHARTER = {
    "domain": "How ministries brief, contract and learn from external experts.",
    "members": "Officials who commission expert work, at central and local level.",
    "member_value": "Briefs and contract clauses that worked elsewhere.",
    "organisation_value": "Better value from expert contracts.",
    "rhythm": "Online, last Thursday of the month, 10:00-11:30.",
    "chatham_house": True,
    "ground_rules": "We speak about our own work.",
    "conflicts_of_interest": "Consultancies do not present their services.",
    "success_6_months": "Ten members have brought a real brief.",
    "success_12_months": "One practice case in the library.",
}
