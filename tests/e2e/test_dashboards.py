"""Issue 18: a facilitator, an editor and a coordinator open their dashboards in a real
browser and see charts and tables; a member of another organisation sees only what their
role permits (the conftest fails the test on any Content-Security-Policy violation)."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from communities.models import MembershipRole, Visibility
from dashboards import aggregates
from tests.db_state import restore_migration_data
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.e2e.conftest import sign_in
from tests.factories import (
    CommunityPageFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.guidebook.factories import library, moderator
from tests.programmes.factories import PartnerParticipationFactory, ProgrammePageFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _staff(organisation, n, community, prefix, role=MembershipRole.MEMBER):
    people = [UserFactory(username=f"{prefix}{i}", organisation=organisation) for i in range(n)]
    for person in people:
        MembershipFactory(user=person, community=community, role=role)
    return people


def test_facilitator_editor_and_coordinator_see_their_dashboards(new_context):
    restore_migration_data()
    community = CommunityPageFactory(title="Working with external experts")
    private = CommunityPageFactory(title="Internal audit practice", visibility=Visibility.MEMBERS)
    chancellery = OrganisationFactory(name="Chancellery of the Prime Minister", country="PL")
    kaunas = OrganisationFactory(name="Kaunas District Municipality", country="LT")
    (marta,) = _staff(chancellery, 1, community, "marta", role=MembershipRole.FACILITATOR)
    poles = _staff(chancellery, 5, community, "pl")
    (jonas,) = _staff(kaunas, 1, community, "jonas")
    auditors = _staff(OrganisationFactory(name="Secret Audit Office"), 5, private, "audit")
    thread = ThreadFactory.create(community=community, author=marta)
    PostFactory.create_batch(thread=thread, authors=[*poles, jonas], size=18)
    hidden = ThreadFactory.create(community=private, author=auditors[0])
    PostFactory.create_batch(thread=hidden, authors=auditors, size=5)
    aggregates.rebuild()
    library()
    editor = moderator()
    coordinator = UserFactory(
        username="tina", organisation=OrganisationFactory(name="Programme office")
    )
    programme = ProgrammePageFactory(coordinators=[coordinator], communities=[community])
    this_year = date.today().year
    PartnerParticipationFactory(
        programme=programme,
        organisation=chancellery,
        period_start=date(this_year, 1, 1),
        period_end=date(this_year, 12, 31),
    )

    facilitator = new_context()
    sign_in(facilitator, "marta0")
    facilitator.goto(community.url)
    header = facilitator.get_by_role("navigation", name="Main")
    expect(header.get_by_role("link", name="Dashboards")).to_be_visible()
    facilitator.get_by_role("link", name="Community dashboard").click()
    expect(
        facilitator.get_by_role("heading", name="Dashboard: Working with external experts")
    ).to_be_visible()
    expect(
        facilitator.get_by_role("img", name=re.compile(r"^Participation by organisation Posts"))
    ).to_be_visible()
    table = facilitator.locator("#table-by-organisation")
    expect(table.get_by_role("rowheader", name="Chancellery of the Prime Minister")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Kaunas District Municipality")).to_have_count(0)
    expect(facilitator.get_by_text("Quiet members (members who have never posted)")).to_be_visible()
    expect(facilitator.get_by_text("wrote more than half of the posts")).to_be_visible()
    facilitator.get_by_role("link", name="All time").click()
    expect(facilitator.locator("#table-trend-posts")).to_be_visible()

    editor_page = new_context()
    sign_in(editor_page, editor.username)
    editor_page.goto(editor.get_absolute_url())
    editor_page.get_by_role("link", name="Participation dashboard").click()
    expect(
        editor_page.get_by_role("heading", name="Participation across communities")
    ).to_be_visible()
    expect(editor_page.get_by_role("img", name="Communities compared")).to_be_visible()
    compared = editor_page.locator("#table-communities")
    expect(compared.get_by_role("rowheader", name="Internal audit practice")).to_be_visible()

    tina = new_context()
    sign_in(tina, "tina")
    tina.goto("/dashboards/")
    expect(tina.get_by_role("img", name="Communities compared")).to_be_visible()
    compared = tina.locator("#table-communities")
    expect(compared.get_by_role("rowheader", name="Working with external experts")).to_be_visible()
    expect(compared.get_by_role("rowheader", name="Internal audit practice")).to_have_count(0)
    tina.get_by_role("link", name=re.compile("^Programme dashboard")).click()
    expect(tina.get_by_role("heading", name="Programme dashboard", exact=True)).to_be_visible()
    expect(
        tina.get_by_role("img", name=re.compile("^Partners' participation by year"))
    ).to_be_visible()
    partners = tina.locator("#table-partners-by-year")
    expect(partners.get_by_role("rowheader", name=str(this_year))).to_be_visible()
    expect(
        tina.get_by_role("img", name=re.compile("^People reached by challenge outcomes"))
    ).to_be_visible()
    tina.get_by_label("Programme", exact=True).select_option(label=programme.title)
    tina.get_by_role("button", name="Show").click()
    expect(
        tina.get_by_role("heading", name=f"Programme dashboard: {programme.title}")
    ).to_be_visible()

    member = new_context()
    sign_in(member, "jonas0")
    member.goto(community.url)
    member.get_by_role("link", name="Community dashboard").click()
    expect(
        member.get_by_role("img", name=re.compile(r"^Participation by organisation Posts"))
    ).to_be_visible()
    expect(member.get_by_text("Quiet members")).to_have_count(0)
    expect(member.get_by_text("wrote more than half of the posts")).to_have_count(0)
    expect(member.get_by_role("rowheader", name="Kaunas District Municipality")).to_have_count(0)
    expect(
        member.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboards")
    ).to_have_count(0)
    response = member.goto("/dashboards/")
    assert response.status == 404
    response = member.goto("/dashboards/programmes/")
    assert response.status == 404
    response = member.goto(f"/dashboards/communities/{private.pk}/")
    assert response.status == 404
