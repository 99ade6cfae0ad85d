"""Groundwork for the translations: plural forms, whole-sentence msgids, the JavaScript
catalogue and locale-aware date formats (in English; the .po files come later)."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from communities.models import MembershipRole
from meetings import services as meeting_services
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import OrganisationFactory


def text(html: str) -> str:
    """The visible text, tags dropped and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# Plural forms ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_thread_figures_are_one_sentence_in_singular_and_plural(
    client, make_community, make_user, make_membership
):
    community = make_community(title="Briefing external experts")
    ana = make_user(
        display_name="Ana Novak",
        organisation=OrganisationFactory(name="Ministry of Digital Affairs"),
        department="Legal",
    )
    make_membership(user=ana, community=community)
    thread = ThreadFactory.create(community=community, author=ana, title="Who signs the brief?")

    figures = text(client.get(thread.get_absolute_url()).content.decode())
    assert "1 post · 1 participant · 1 organisation and 1 department taking part" in figures

    jonas = make_user(
        display_name="Jonas P.",
        organisation=OrganisationFactory(name="Municipality of Kaunas"),
        department="IT unit",
    )
    make_membership(user=jonas, community=community)
    PostFactory.create(thread=thread, author=jonas, source="Our IT unit does.")

    page = client.get(thread.get_absolute_url()).content.decode()
    assert "2 posts · 2 participants · 2 organisations and 2 departments taking part" in text(page)
    assert "<strong>2 organisations</strong> and <strong>2 departments</strong>" in page


@pytest.mark.django_db
def test_topic_votes_say_1_vote_and_2_votes(client, make_community, make_user, make_membership):
    community = make_community(title="Procurement practice")
    facilitator = make_user(display_name="Fac")
    make_membership(user=facilitator, community=community, role=MembershipRole.FACILITATOR)
    voters = []
    for n in range(2):
        voter = make_user(display_name=f"Voter {n}")
        make_membership(user=voter, community=community)
        voters.append(voter)
    topic_round = meeting_services.topic_round_open(
        actor=facilitator, community=community, title="Autumn topics"
    )
    topic = meeting_services.topic_propose(
        user=voters[0],
        topic_round=topic_round,
        title="Digital competence",
        why="Every agency trains staff on new systems.",
    )

    def vote_pill() -> str:
        page = client.get(f"/meetings/topics/{topic_round.pk}/").content.decode()
        return text(re.search(r'<span class="vote-count"[^>]*>.*?</span>', page).group(0))

    assert vote_pill() == "0 votes"
    meeting_services.topic_vote(user=voters[0], topic=topic)
    assert vote_pill() == "1 vote"
    meeting_services.topic_vote(user=voters[1], topic=topic)
    assert vote_pill() == "2 votes"


def _statistics(**figures):
    base = {
        "public_bodies": 1,
        "public_employees": 1,
        "companies": 0,
        "company_employees": 0,
        "other_organisations": 0,
        "other_employees": 0,
        "people": 1,
        "average_days": 4.5,
        "exchanges": 1,
        "done": 1,
        "agreed": 0,
    }
    return SimpleNamespace(**{**base, **figures})


def test_exchange_statistics_in_singular_and_plural():
    one = text(
        render_to_string(
            "programmes/exchanges/includes/statistics.html", {"statistics": _statistics()}
        )
    )
    assert "Counted from 1 exchange agreed or done (1 done, 0 agreed)." in one
    assert "4.5 days" in one

    three = text(
        render_to_string(
            "programmes/exchanges/includes/statistics.html",
            {"statistics": _statistics(exchanges=3, done=1, agreed=2)},
        )
    )
    assert "Counted from 3 exchanges agreed or done (1 done, 2 agreed)." in three


def test_open_space_sign_ups_in_singular_and_plural():
    from datetime import datetime

    def item(pk, signups):
        return SimpleNamespace(
            pk=pk,
            title=f"Session {pk}",
            starts_at=datetime(2026, 12, 1, 10, 0),
            ends_at=datetime(2026, 12, 1, 11, 0),
            room="R1",
            link="",
            host=SimpleNamespace(name="Host", organisation=None),
            signup_count=signups,
            people=[],
            hosting=False,
            mine=False,
            thread_id=None,
        )

    html = render_to_string(
        "peer_learning/includes/board_items.html",
        {"items": [item(1, 1), item(2, 2)], "can_take_part": False},
    )
    counts = [text(m) for m in re.findall(r'<span class="signup-count"[^>]*>.*?</span>', html)]
    assert counts == ["1 signed up", "2 signed up"]
    assert "10:00" in text(html) and "11:00" in text(html)


# The JavaScript catalogue ---------------------------------------------------------------


def test_the_five_languages():
    assert [code for code, _name in settings.LANGUAGES] == ["en", "pl", "sl", "lt", "nb"]


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["en", "pl", "sl", "lt", "nb"])
def test_jsi18n_answers_javascript_in_every_language(client, code):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = code
    response = client.get(f"/jsi18n/?lang={code}")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    body = response.content.decode()
    assert "django.ngettext" in body and "django.interpolate" in body
    assert response.headers.get("Content-Language") == code


@pytest.mark.django_db
def test_pages_load_the_catalogue_before_the_app_scripts(client):
    page = client.get("/meetings/").content.decode()
    catalogue = page.index('src="/jsi18n/?lang=en"')
    assert catalogue < page.index("js/live.js") < page.index("js/search.js")


# Dates ----------------------------------------------------------------------------------


def test_date_formats_follow_the_language():
    day = date(2026, 12, 1)
    with translation.override("en"):
        # English as Praxis always showed it: day first.
        assert date_format(day, "SHORT_DATE_FORMAT") == "1 Dec 2026"
        assert date_format(day, "DATE_FORMAT") == "1 December 2026"
    with translation.override("pl"):
        assert date_format(day, "DATE_FORMAT") != "1 December 2026"
        assert "2026" in date_format(day, "SHORT_DATE_FORMAT")
    with translation.override("nb"):
        assert date_format(day, "SHORT_DATE_FORMAT") == "01.12.2026"
