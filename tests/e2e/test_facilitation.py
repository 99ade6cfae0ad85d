"""Issue 17: in a real browser, a facilitator writes the community charter, sees it on the
community page, completes a health check and sees the profile with next steps; a member
sees the profile, an outsider gets 404 (the conftest fails on any CSP violation)."""

import pytest
from playwright.sync_api import expect

from communities.models import MembershipRole
from facilitation.health import STATEMENTS
from tests.factories import CommunityPageFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_facilitator_fills_in_the_charter_and_a_health_check(new_context):
    from tests.e2e.conftest import sign_in

    community = CommunityPageFactory(title="Monitoring programme implementation")
    marta = UserFactory(username="marta", display_name="Marta Kowalska")
    jonas = UserFactory(username="jonas", display_name="Jonas Petrauskas")
    UserFactory(username="ingrid")
    MembershipFactory(user=marta, community=community, role=MembershipRole.FACILITATOR)
    MembershipFactory(user=jonas, community=community)

    page = new_context()
    sign_in(page, "marta")
    page.goto(community.url)
    section = page.locator("section.charter-section")
    expect(section).to_contain_text("This community has no charter yet")
    section.get_by_role("link", name="Write the charter").click()
    page.get_by_label("Domain").fill("How we monitor programmes while they run.")
    page.locator("#id_members").fill("People in managing authorities.")
    page.get_by_label("Rhythm").fill("Online, last Thursday of the month.")
    page.get_by_label("Meetings follow the Chatham House rule").check()
    page.get_by_label("Success at 6 months").fill("Ten members brought a real problem.")
    page.get_by_role("button", name="Save the charter").click()
    expect(page.get_by_text("The charter was saved.")).to_be_visible()
    section = page.locator("section.charter-section")
    expect(section).to_contain_text("How we monitor programmes while they run.")
    expect(section).to_contain_text("Yes: members may use what is said")

    section.get_by_role("link", name="Complete a health check").click()
    low = {"sponsorship_sponsor", "sponsorship_time", "value_reported"}
    for statement in STATEMENTS:
        group = page.get_by_role("group", name=str(statement.text), exact=True)
        group.get_by_label("Not yet" if statement.key in low else "Mostly").check()
    page.get_by_label("Maturing").check()
    page.get_by_label("Note (optional)").fill("First check with the core group.")
    page.get_by_role("button", name="Save and see the profile").click()
    expect(page.get_by_role("heading", name="Latest profile")).to_be_visible()
    expect(page.get_by_role("img", name="Score per dimension")).to_be_visible()
    table = page.get_by_role("table", name="Score per dimension")
    expect(table.get_by_role("row", name="Sponsorship")).to_contain_text("0%")
    expect(table.get_by_role("row", name="Domain")).to_contain_text("67%")
    expect(page.get_by_role("heading", name="Next steps")).to_be_visible()
    expect(page.get_by_text("Find a sponsor at director level", exact=False)).to_be_visible()

    member = new_context()
    sign_in(member, "jonas")
    member.goto(community.url)
    member.get_by_role("link", name="Community health check").click()
    expect(member.get_by_role("heading", name="Latest profile")).to_be_visible()
    expect(member.get_by_role("link", name="Complete a health check")).to_have_count(0)

    outsider = new_context()
    sign_in(outsider, "ingrid")
    response = outsider.goto(f"/facilitation/communities/{community.pk}/health/")
    assert response is not None and response.status == 404


@pytest.mark.parametrize(
    "url", ["/facilitation/charter-template/", "/facilitation/health-check-template/"]
)
def test_each_printout_prints_on_one_a4_page(new_context, url):
    import re

    page = new_context()
    response = page.goto(url)
    assert response is not None and response.status == 200
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("section.printout")).to_be_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
