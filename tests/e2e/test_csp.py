"""Issue 23: the Content-Security-Policy is enforced in the browser and every page type
works under it (the conftest fails any browser test on a reported violation)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from communities.models import MembershipRole
from discussions.models import Post
from tests.discussions.factories import ThreadFactory
from tests.e2e.conftest import sign_in
from tests.factories import CommunityPageFactory, MembershipFactory, UserFactory
from tests.guidebook.factories import GuidePageFactory, PracticePageFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_every_page_type_runs_under_the_policy_without_a_violation(new_context, csp_violations):
    community = CommunityPageFactory(title="Working with external experts")
    marta = UserFactory(username="marta", display_name="Marta Kowalska")
    MembershipFactory(user=marta, community=community, role=MembershipRole.FACILITATOR)
    thread = ThreadFactory.create(
        community=community, author=marta, title="How do you brief external experts?"
    )
    # Her opening post is older than the 5 s posting interval, however fast the tour goes.
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(minutes=10))
    guide = GuidePageFactory(title="What a community of practice is")
    practice = PracticePageFactory(title="Peer-learning sessions for managers")
    meeting = MeetingFactory(community=community, title="Breakfast with experts")

    page = new_context()
    for url in ("/", "/communities/", community.url, guide.url, practice.url, "/search/?q=expert"):
        response = page.goto(url)
        assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
    page.goto("/accounts/login/")
    sign_in(page, "marta")
    for url in (
        "/",
        community.url,
        marta.get_absolute_url(),
        "/meetings/",
        meeting.get_absolute_url(),
        "/me/notifications/",
        "/search/?q=brief",
    ):
        page.goto(url)
    # The thread: its script, its socket (connect-src), its nonce'd per-viewer style.
    page.goto(thread.get_absolute_url())
    expect(page.locator(".post .author-controls").first).to_be_visible()
    box = page.locator("textarea").first
    box.fill("We start with a workshop.")
    page.get_by_role("button", name="Post reply").click()
    expect(page.get_by_text("We start with a workshop.").first).to_be_visible()
    # The header search's suggestions (fetch, styles set from script).
    page.locator("#header-search-q").fill("bri")
    page.wait_for_timeout(600)
    assert csp_violations == []


def test_an_injected_inline_script_does_not_run_and_is_reported(new_context, csp_violations):
    page = new_context()
    page.goto("/communities/")
    ran = page.evaluate(
        """() => new Promise((resolve) => {
            window.__injected = false;
            const script = document.createElement("script");
            script.textContent = "window.__injected = true;";
            document.body.appendChild(script);
            const div = document.createElement("div");
            div.innerHTML = '<img src="x" onerror="window.__injected = true">';
            document.body.appendChild(div);
            setTimeout(() => resolve(window.__injected), 500);
        })"""
    )
    assert ran is False
    directives = {report.get("directive") for report in csp_violations if "directive" in report}
    assert "script-src-elem" in directives
    assert "script-src-attr" in directives
    csp_violations.clear()  # provoked on purpose


def test_the_wagtail_admin_works_under_its_policy(new_context, csp_violations):
    UserFactory(username="editor", display_name="Eva Editor", is_superuser=True, is_staff=True)
    guide = GuidePageFactory(title="What a community of practice is")
    page = new_context()
    sign_in(page, "editor")
    response = page.goto("/admin/")
    assert "'unsafe-inline'" in response.headers["content-security-policy"]
    expect(page.locator("main, #main").first).to_be_visible()
    page.goto(f"/admin/pages/{guide.pk}/edit/")
    expect(page.locator("form#page-edit-form, form[data-edit-form]").first).to_be_attached()
    page.goto(f"/admin/pages/{guide.get_parent().pk}/")
    page.goto("/admin/images/")
    page.goto("/admin/documents/")
    page.wait_for_timeout(500)
    assert csp_violations == []
