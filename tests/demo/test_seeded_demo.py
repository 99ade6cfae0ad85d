"""The seeded demo as a whole, seeded once for this module (seeding takes a while).

The demo loads, crosses silos and loads a second time without changing anything; the
Synergia session is there; and issue 7's acceptance walk through the pages, as its users would:
a member submits a challenge to the open round, two commissioners score it, the
coordinator selects it, assigns a mentor and a team, the team posts an update in the
members-only workspace; the finished round's showcase and exchange statistics match the
records.

Every test runs in its own transaction inside the module's (``demo``), so what one test
writes is gone before the next.
"""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision

from communities.models import CommunityPage, Membership, Organisation, User
from discussions.models import Post, Thread
from peer_learning.models import DayPurpose, OpenSpaceSession, OpenSpaceSignup, PeerLearningSession
from programmes.exchanges.selectors import exchange_statistics
from programmes.models import (
    Challenge,
    ChallengeStatus,
    Exchange,
    ProgrammeRound,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Membership.objects.count(),
        User.objects.count(),
        Organisation.objects.count(),
        Thread.objects.count(),
        Post.objects.count(),
    )


def test_seed_demo_is_idempotent_and_realistic(demo, client):
    first = snapshot()
    call_command("seed_demo", verbosity=0)

    assert snapshot() == first
    assert Organisation.objects.values("country").distinct().count() >= 6
    assert User.objects.count() >= 40
    communities = CommunityPage.objects.live()
    assert communities.count() >= 8
    for community in communities.filter(visibility="public"):
        response = client.get(community.url)
        assert response.status_code == 200
        assert "lorem" not in response.content.decode().lower()
    crossing = [
        c
        for c in communities
        if Membership.objects.active()
        .filter(community=c)
        .values("user__organisation")
        .distinct()
        .count()
        >= 3
    ]
    assert len(crossing) >= 8
    assert client.login(username="jonas", password="praxis-demo")
    assert client.get("/").status_code == 200


def test_seed_demo_writes_cross_silo_discussions(demo, client):
    threads = Thread.objects.select_related("community")
    assert threads.count() >= 24
    assert {t.community_id for t in threads} == set(
        CommunityPage.objects.live().values_list("pk", flat=True)
    )
    # Conversations between organisations, some answered with a good practice.
    assert sum(1 for t in threads if t.organisation_count >= 2) >= 20
    assert threads.filter(answer__isnull=False).count() >= 10
    assert Post.objects.count() >= 150
    # Nothing is dated in the future, and a public thread opens for a visitor.
    assert not Post.objects.filter(created_at__gt=timezone.now()).exists()
    public = threads.filter(community__visibility="public").first()
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert public.title in response.content.decode()
    # The demo's notifications are its past: the server does not e-mail them on start.
    from discussions.models import Notification

    assert Notification.objects.exists()
    assert not Notification.objects.filter(email_pending=True).exists()
    # ... nor a digest for every demo account: this period's count as sent.
    from digests.services import send_due_digests

    assert send_due_digests() == 0


def _client_for(client_class, username):
    client = client_class()
    client.force_login(User.objects.get(username=username))
    return client


def test_a_challenge_goes_from_submission_to_workspace_update(demo, client):
    from django.test import Client

    open_round = ProgrammeRound.objects.get(
        programme__slug="partnerstvo-za-spremembe", selection_published_at__isnull=True
    )
    assert open_round.call_is_open()
    round_page = client.get(open_round.get_absolute_url())
    assert round_page.status_code == 200

    # A clerk of a Lithuanian municipality submits a challenge and sends it.
    submitter = _client_for(Client, "jonas")
    assert "Submit a challenge" in submitter.get(open_round.get_absolute_url()).text
    response = submitter.post(
        reverse("programmes:challenge_create", args=[open_round.pk]),
        {
            "title": "One form for all social-service applications",
            "problem": "People fill in the same data on six municipal forms.",
            "change_sought": "One form, filled in once, shared across services.",
            "affected": "Residents applying for social services in Biržai",
            "affected_count": "2400",
            "help_wanted": "Form design and data-sharing know-how from companies.",
            "contact_name": "Jonas Petrauskas",
            "contact_email": "jonas@example.org",
            "action": "send",
        },
    )
    assert response.status_code == 302, response.content[:2000]
    challenge = Challenge.objects.get(title="One form for all social-service applications")
    assert challenge.status == ChallengeStatus.SUBMITTED
    assert "Submitted" in submitter.get(reverse("programmes:my_challenges")).text

    # Two commissioners score it; each sees the other's scores only after scoring.
    criteria = list(open_round.criteria.all())
    assert criteria
    commissioners = list(open_round.commission.all())
    assert len(commissioners) >= 2
    score_url = reverse("programmes:challenge_score", args=[challenge.pk])
    for commissioner, score in zip(commissioners[:2], (4, 5), strict=True):
        as_commissioner = _client_for(Client, commissioner.username)
        data = {f"criterion_{c.pk}": str(min(score, c.max_score)) for c in criteria}
        data["comment"] = "Clear problem, many people affected."
        response = as_commissioner.post(score_url, data)
        assert response.status_code == 302, response.content[:2000]
    assert challenge.scores.count() == 2 * len(criteria)
    # Someone who is not on the commission can neither see nor give scores.
    assert submitter.get(score_url).status_code == 404
    assert submitter.post(score_url, {"comment": "x"}).status_code == 404

    # The coordinator ranks, selects and announces.
    coordinator = _client_for(Client, "coordinator")
    ranking = coordinator.get(reverse("programmes:round_ranking", args=[open_round.pk]))
    assert "One form for all social-service applications" in ranking.text
    assert (
        coordinator.post(reverse("programmes:challenge_select", args=[challenge.pk])).status_code
        == 302
    )
    assert (
        coordinator.post(reverse("programmes:round_announce", args=[open_round.pk])).status_code
        == 302
    )
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.SELECTED
    assert challenge.workspace_thread is not None

    # A mentor and a team member from a company.
    response = coordinator.post(
        reverse("programmes:challenge_mentor", args=[challenge.pk]),
        {"mentor-person": "commissioner"},
    )
    assert response.status_code == 302
    response = coordinator.post(
        reverse("programmes:challenge_team_add", args=[challenge.pk]),
        {"team-person": "tina.mlakar"},
    )
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.mentor.username == "commissioner"

    # The team posts a progress update in the workspace; outsiders cannot read it.
    thread = challenge.workspace_thread
    team_member = _client_for(Client, "tina.mlakar")
    response = team_member.post(
        reverse("post_reply", args=[thread.pk]),
        {"source": "Progress: we mapped the six forms and found 41 shared fields."},
    )
    assert response.status_code == 302, response.content[:2000]
    assert Post.objects.filter(thread=thread, source__contains="41 shared fields").exists()
    outsider = _client_for(Client, "ingrid")
    assert outsider.get(thread.get_absolute_url()).status_code == 404
    assert "41 shared fields" in team_member.get(thread.get_absolute_url()).text
    # The public sees the selected challenge on the round page, never the scores.
    public_page = Client().get(open_round.get_absolute_url()).text
    assert "One form for all social-service applications" in public_page


def test_finished_round_showcase_and_statistics_match_the_records(demo, client):
    finished = ProgrammeRound.objects.get(
        programme__slug="partnerstvo-za-spremembe", selection_published_at__isnull=False
    )
    showcase = client.get(reverse("programmes:round_showcase", args=[finished.pk]))
    assert showcase.status_code == 200
    for title in ("Učitelj sem", "Building-permit applications", "e-services"):
        assert title in showcase.text

    stats = exchange_statistics(finished)
    counted = Exchange.objects.filter(round=finished, status__in=["agreed", "done"])
    assert stats.people == counted.count() == 58
    rows = dict(
        csv.reader(
            io.StringIO(
                client.get(
                    reverse("programmes:exchange_statistics_csv", args=[finished.pk])
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert rows["Public bodies taking part"] == "15"
    assert rows["Employees of public bodies exchanged"] == "37"
    assert rows["Companies taking part"] == "32"
    assert rows["Employees of companies exchanged"] == "21"
    assert rows["People exchanged in all"] == "58"

    # One exchange cancelled: the figures follow the records, nothing is stored.
    one = counted.first()
    Exchange.objects.filter(pk=one.pk).update(status="cancelled")
    assert exchange_statistics(finished).people == 57


def test_seed_demo_adds_a_synergia_session(demo):

    # An illustrative session in the format of Synergia's session 5 (source 001 gives
    # 8-10 February, during the pandemic, without a year): not session 5 itself.
    session = PeerLearningSession.objects.select_related("meeting").get(
        edition="Synergia format, modelled on session 5"
    )
    assert session.meeting.is_past and session.meeting.is_illustrative
    assert (session.meeting.local_start.month, session.meeting.local_start.day) == (2, 8)
    assert list(session.days.values_list("purpose", flat=True)) == [
        DayPurpose.ANALYSIS,
        DayPurpose.CHALLENGES,
        DayPurpose.OPEN_SPACE,
    ]
    groups = list(session.groups.prefetch_related("memberships__user"))
    assert len(groups) == 3 and session.mixed_at is not None
    for group in groups:
        organisations = Counter(m.user.organisation_id for m in group.memberships.all())
        assert len(organisations) >= 2 and max(organisations.values()) <= 2
        assert Thread.objects.get(pk=group.thread_id).restricted
    countries = {m.user.organisation.country.code for g in groups for m in g.memberships.all()}
    assert {"PL", "BG", "LV", "HU"} <= countries
    board = OpenSpaceSession.objects.filter(day__session=session)
    assert board.count() == 3 and OpenSpaceSignup.objects.filter(open_session__in=board).exists()


# The walk in every language ---------------------------------------------------------------

WALK_LANGUAGES = ["pl", "sl", "lt", "nb"]


def _interface_phrases(language: str) -> set[str]:
    """Praxis's own interface strings (no placeholder) whose translation in ``language``
    is not the English itself."""
    from django.conf import settings
    from django.utils import translation

    from tests.i18n.test_catalogues import _entries

    po = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.po"
    with translation.override(language):
        return {
            msgid
            for msgid in _entries(po.read_text())
            if "%" not in msgid and "<" not in msgid and translation.gettext(msgid) != msgid
        }


def _interface_texts(html: str, language: str) -> set[str]:
    """What the page says in whole pieces: each text between tags, and the labels in
    ``aria-label``, ``placeholder``, ``title`` and ``alt``. Praxis's own words fill such a
    piece on their own (a button, a heading, a label); what people wrote (posts, topics,
    guide pages, in English in much of the demo) runs inside longer text."""
    import html as html_lib
    import re

    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    # What people wrote, rendered from Markdown or rich text.
    html = re.sub(r'<div class="(?:rich-text|post-body)[^"]*">.*?</div>', " ", html, flags=re.S)
    # A search snippet's highlighted words are what people wrote, cut where a word matched.
    html = re.sub(r"<mark>[^<]*</mark>", " ", html)
    # Words marked as another language: the switcher and the page's language links name
    # each language in that language ("English" stays English), content keeps its own.
    html = re.sub(rf'<(\w+)\b[^>]*\slang="(?!{language}")[^"]+"[^>]*>[^<]*</\1>', " ", html)
    pieces = re.findall(r">([^<]+)<", html)
    pieces += re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', html)
    return {" ".join(html_lib.unescape(piece).split()) for piece in pieces} - {""}


def _walk_urls() -> list[str]:
    from guidebook.models import GuideIndexPage, GuidePage, PracticeIndexPage, PracticePage
    from meetings.models import Meeting

    # A community the facilitator facilitates: its pages show the composer and the tools.
    community = (
        CommunityPage.objects.live()
        .filter(memberships__user__username="facilitator", memberships__role="facilitator")
        .order_by("pk")
        .first()
    )
    thread = Thread.objects.filter(community=community).order_by("pk").first()
    meeting = Meeting.objects.filter(community__visibility="public").order_by("pk").first()
    session = PeerLearningSession.objects.order_by("pk").first()
    programme_round = ProgrammeRound.objects.order_by("pk").first()
    return [
        "/",
        "/communities/",
        community.url,
        thread.get_absolute_url(),
        "/search/?q=e-services",
        PracticeIndexPage.objects.live().first().url,
        PracticePage.objects.live().order_by("pk").first().url,
        GuideIndexPage.objects.live().first().url,
        GuidePage.objects.live().order_by("pk").first().url,
        meeting.get_absolute_url(),
        session.get_absolute_url(),
        programme_round.get_absolute_url(),
    ]


@pytest.mark.parametrize("language", WALK_LANGUAGES)
def test_a_walk_through_praxis_shows_no_english_of_its_own(demo, client, language):
    """Home, a community, a thread with its composer, search, the library, a case, the
    guide, a meeting, a peer-learning session and a challenge round, signed in as a
    facilitator who chose ``language``: none of Praxis's own English phrases is left."""
    User.objects.filter(username="facilitator").update(language=language)
    client.force_login(User.objects.get(username="facilitator"))
    phrases = _interface_phrases(language)
    assert len(phrases) > 1000
    # Content keeps the language it was written in (the demo is partly English): page
    # titles, themes and tags, thread and meeting titles are not Praxis's own words.
    from taggit.models import Tag

    from meetings.models import Meeting

    content = {
        *Page.objects.values_list("title", flat=True),
        *Tag.objects.values_list("name", flat=True),
        *Thread.objects.values_list("title", flat=True),
        *Meeting.objects.values_list("title", flat=True),
    }
    english = {}
    for url in _walk_urls():
        # A case or chapter translated into the reader's language sends them to it.
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, url
        if left := sorted((phrases & _interface_texts(html, language)) - content):
            english[url] = left
    assert english == {}, f"still in English ({language}): {english}"


# Issue 17: what the demo invents is marked, and every page says so ----------------------


def test_the_seeded_demo_marks_what_it_invents(demo, client):
    from about.models import SourceDocument
    from about.selectors import forget_demo_sources
    from meetings.models import Meeting
    from programmes.models import ChallengeScore, ExperienceReport, PartnerParticipation

    # Every demo person is invented; so are the partner records, exchanges, scores,
    # reports and meetings the loaders write.
    assert not User.objects.filter(is_illustrative=False).exists()
    for model in (PartnerParticipation, Exchange, ChallengeScore, ExperienceReport, Meeting):
        assert model.objects.exists(), model
        assert not model.objects.filter(is_illustrative=False).exists(), model
    # The known defects are gone from the database too.
    assert Organisation.objects.get(name="Lithuanian College of Democracy").type == "ngo"
    assert list(
        Organisation.objects.filter(name__icontains="e-Fa").values_list("name", flat=True)
    ) == ["e-Factor"]
    assert not User.objects.filter(
        organisation__short_name="UE Šmarje pri Jelšah", job_title__icontains="head"
    ).exists()
    # The notice on every page, and the Sources page it links.
    assert SourceDocument.objects.count() == 5
    forget_demo_sources()
    home = client.get("/")
    assert "Demonstration content" in home.text and 'href="/sources/"' in home.text
    assert "Jakubek-Lalik J. (2012)" in client.get("/sources/").text
    profile = client.get("/people/jonas/")
    assert 'class="illustrative-badge"' in profile.text
    # Partnerforum's partner list is invented (the source only counts 20 partners).
    from programmes.models import ProgrammePage

    partnerforum = ProgrammePage.objects.get(slug="partnerforum")
    page = client.get(partnerforum.url).text
    partners = page.split('id="partners-title"')[1].split("</section>")[0]
    assert partners.count('class="illustrative-badge"') == partners.count("<li>")


def test_seed_demo_does_not_recreate_what_demo_users_renamed_moved_or_deleted(demo):
    """Every ``make run`` seeds again: a renamed organisation, a re-slugged community, a
    thread moved to another community, a renamed thread and a deleted one stay as the
    users left them, with nothing created beside them."""
    from discussions import services as discussions

    organisation = Organisation.objects.get(name="Chancellery of the Prime Minister")
    organisation.name = "Kancelaria Prezesa Rady Ministrów"
    organisation.save()
    community = CommunityPage.objects.get(slug="monitoring-programme-implementation")
    community.slug = "programme-monitoring"
    community.save_revision().publish()
    thread, moved, deleted = Thread.objects.filter(community=community).order_by("pk")[:3]
    other = CommunityPage.objects.exclude(pk=community.pk).filter(visibility="public").first()
    facilitator = Membership.objects.filter(community=community, role="facilitator").first().user
    moved = discussions.thread_move(actor=facilitator, thread=moved, to_community=other)
    thread.title = "Monitoring: what we learnt"
    thread.save()
    deleted.delete()
    before = snapshot()

    call_command("seed_demo", verbosity=0)

    assert snapshot() == before
    assert not Organisation.objects.filter(name="Chancellery of the Prime Minister").exists()
    assert not CommunityPage.objects.filter(slug="monitoring-programme-implementation").exists()
    assert Thread.objects.get(pk=moved.pk).community_id == other.pk


def test_seed_demo_adopts_a_demo_seeded_before_it_recorded_keys(demo):
    """A database seeded by an earlier Praxis (no demo keys yet) gets its objects adopted
    by natural key, not created a second time."""
    from core.models import DemoRecord

    keys = set(DemoRecord.objects.values_list("key", flat=True))
    DemoRecord.objects.all().delete()
    before = snapshot()

    call_command("seed_demo", verbosity=0)

    assert snapshot() == before
    # Communities and threads are looked up on every run (a programme's records only
    # while its round has none, so their organisations are not looked up again).
    looked_up = {key for key in keys if key.startswith(("community:", "thread:"))}
    assert len(looked_up) > 20
    assert looked_up <= set(DemoRecord.objects.values_list("key", flat=True))
