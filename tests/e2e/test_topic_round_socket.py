"""The topic-round page in a real browser: one /ws/me/ socket per page, shared.

base.html's me.js opens the user's socket; the page's own script subscribes to it
(``window.Praxis.me``) instead of opening a second one. A vote from another member must
still update the count live over that one socket.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from communities.models import MembershipRole
from meetings import services
from tests.e2e.conftest import sign_in
from tests.e2e.test_live_thread import direct
from tests.factories import CommunityPageFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
LIVE = 5_000  # ms


@pytest.fixture
def topic_round(transactional_db):
    marta = UserFactory(username="marta", display_name="Marta Kowalska")
    jonas = UserFactory(username="jonas", display_name="Jonas Petrauskas")
    community = CommunityPageFactory(title="E-services uptake")
    MembershipFactory(user=marta, community=community, role=MembershipRole.FACILITATOR)
    MembershipFactory(user=jonas, community=community)
    topic_round = direct(
        services.topic_round_open, actor=marta, community=community, title="Topics for June"
    )
    topic = direct(
        services.topic_propose,
        user=marta,
        topic_round=topic_round,
        title="Reminder letters that work",
        why="Which reminders brought people to the e-service?",
    )
    return topic_round, topic


def me_sockets(page) -> list:
    opened = []
    page.on("websocket", lambda ws: opened.append(ws) if "/ws/me/" in ws.url else None)
    return opened


def test_the_topic_round_page_opens_one_me_socket_and_counts_votes_live(new_context, topic_round):
    topic_round, topic = topic_round
    marta, jonas = new_context(), new_context()
    sign_in(marta, "marta")
    sign_in(jonas, "jonas")

    opened = me_sockets(marta)
    marta.goto(topic_round.get_absolute_url())
    marta.wait_for_function("() => window.Praxis && window.Praxis.me.socket.isOpen()")
    count = marta.locator(f'.vote-count[data-topic-id="{topic.pk}"]')
    expect(count).to_have_text("0 votes")
    marta.wait_for_timeout(500)  # a second socket, if any, would have opened by now
    assert len(opened) == 1, [ws.url for ws in opened]

    jonas.goto(topic_round.get_absolute_url())
    jonas.get_by_role("button", name="Vote for “Reminder letters that work”").click()
    expect(count).to_have_text("1 vote", timeout=LIVE)
    assert len(opened) == 1


def test_a_topic_proposed_by_another_member_appears_live(new_context, topic_round):
    topic_round, topic = topic_round
    marta, jonas = new_context(), new_context()
    sign_in(marta, "marta")
    sign_in(jonas, "jonas")
    jonas.goto(topic_round.get_absolute_url())
    jonas.wait_for_function("() => window.Praxis && window.Praxis.me.socket.isOpen()")
    jonas.evaluate("() => { window.sameDocument = true; }")

    marta.goto(topic_round.get_absolute_url())
    marta.locator("input[name=title]").fill("Plain-language letters")
    marta.get_by_label("Why it matters").fill("Fewer calls to the helpline after each letter.")
    marta.get_by_role("button", name="Propose", exact=True).click()

    fresh = jonas.locator(".topics li", has_text="Plain-language letters")
    expect(fresh).to_be_visible(timeout=LIVE)
    expect(fresh).to_contain_text("proposed by Marta Kowalska")
    # Jonas can vote for it at once, with the page's own buttons.
    fresh.get_by_role("button", name="Vote for “Plain-language letters”").click()
    expect(fresh.locator(".vote-count")).to_have_text("1 vote", timeout=LIVE)
    assert jonas.locator(".topics li").count() == 2
