"""Joining, leaving and approving a request through the pages, in a real browser."""

import pytest
from playwright.sync_api import expect

from communities.models import JoinPolicy, MembershipRole
from tests.e2e.conftest import sign_in
from tests.factories import (
    CommunityPageFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_join_leave_and_get_a_request_approved(new_context):
    kaunas = OrganisationFactory(name="Kaunas District Municipality", country="LT")
    ministry = OrganisationFactory(name="Chancellery of the Prime Minister", country="PL")
    open_community = CommunityPageFactory(
        title="Organising conferences",
        topic="How public bodies plan, run and evaluate conferences on a small budget",
    )
    on_request = CommunityPageFactory(
        title="Working with external experts",
        topic="How ministries brief, contract and learn from external experts",
        join_policy=JoinPolicy.REQUEST,
    )
    facilitator = UserFactory(
        username="marta", display_name="Marta Kowalska", organisation=ministry
    )
    MembershipFactory(user=facilitator, community=open_community, role=MembershipRole.FACILITATOR)
    MembershipFactory(user=facilitator, community=on_request, role=MembershipRole.FACILITATOR)
    UserFactory(username="jonas", display_name="Jonas Petrauskas", organisation=kaunas)

    jonas = new_context()
    sign_in(jonas, "jonas")
    jonas.goto("/communities/")
    jonas.get_by_role("link", name="Organising conferences").click()
    expect(jonas.get_by_text("Kaunas District Municipality")).to_have_count(0)
    jonas.get_by_role("button", name="Join community").click()
    expect(jonas.get_by_text("Welcome to Organising conferences.")).to_be_visible()
    expect(jonas.get_by_role("link", name="Jonas Petrauskas").first).to_be_visible()
    expect(jonas.get_by_role("cell", name="Kaunas District Municipality")).to_be_visible()

    jonas.get_by_role("button", name="Leave community").click()
    expect(jonas.get_by_text("You left Organising conferences.")).to_be_visible()
    expect(jonas.get_by_role("button", name="Join community")).to_be_visible()

    jonas.goto(on_request.url)
    jonas.get_by_label("Why would you like to join? (optional)").fill(
        "We hire external evaluators for social services every year."
    )
    jonas.get_by_role("button", name="Ask to join").click()
    expect(jonas.get_by_text("was sent to its facilitators")).to_be_visible()

    marta = new_context()
    sign_in(marta, "marta")
    marta.goto(on_request.url)
    marta.get_by_role("link", name="Manage community").click()
    expect(marta.get_by_text("We hire external evaluators for social services")).to_be_visible()
    marta.get_by_role("button", name="Approve Jonas Petrauskas").click()
    expect(marta.get_by_text("Request approved.")).to_be_visible()

    jonas.reload()
    expect(jonas.get_by_role("button", name="Leave community")).to_be_visible()
