"""Issue 15's acceptance, over a real SMTP server on 127.0.0.1: a mention reaches someone
who is away, with a working link and one-click unsubscribe; ``send_digests --now`` sends
the digests that are due."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from communities.models import User
from core import jobs
from discussions import services as discussion_services
from tests.conftest import PUBLIC_BASE_URL
from tests.discussions.factories import ThreadFactory
from tests.factories import CommunityPageFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BASE = PUBLIC_BASE_URL


@pytest.fixture
def praxis_on_its_address(settings, public_base_url, fresh_cache, smtp_server, deliver_over_smtp):
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0, "NEW_ACCOUNT_MAX_POSTS": 100}
    deliver_over_smtp(smtp_server.port)
    return smtp_server


def run_jobs_until(condition, *, seconds: float = 60.0) -> float:
    """Run the project's jobs (what the server's job thread does) until ``condition()``."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "nothing arrived within a minute"
        jobs._runner.run_due(everything=True)
    return time.monotonic() - started


def test_a_mention_reaches_someone_away_within_a_minute(praxis_on_its_address):
    smtp = praxis_on_its_address
    community = CommunityPageFactory(title="Open data in municipalities")
    away = UserFactory(username="ona.petraitiene", display_name="Ona Petraitienė")
    writer = UserFactory(display_name="Jonas Kazlauskas")
    for person in (away, writer):
        MembershipFactory(user=person, community=community)
    thread = ThreadFactory.create(community=community, author=writer, title="Budget data")

    post = discussion_services.post_create(
        author=writer, thread=thread, source=f"@{away.username} how do you publish it?"
    )

    def mention_mail():
        return [
            m.message
            for m in smtp.messages
            if m.envelope_to == [away.email] and "mentioned you" in m.message["Subject"]
        ]

    took = run_jobs_until(mention_mail)

    assert took < 60
    [got] = mention_mail()
    assert "Budget data" in got["Subject"]
    text = got.get_body(preferencelist=("plain",)).get_content()
    link = f"{BASE}/threads/{thread.pk}/#post-{post.pk}"
    assert link in text
    assert got.get_body(preferencelist=("html",)) is not None
    # The link works, for the person it was sent to.
    page = Client()
    page.force_login(away, backend="django.contrib.auth.backends.ModelBackend")
    response = page.get(urlsplit(link).path)
    assert response.status_code == 200 and "how do you publish it?" in response.content.decode()
    # One-click unsubscribe (RFC 8058), as a mail program sends it: no cookie, no token.
    assert got["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = got["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith(f"{BASE}/email/unsubscribe/")
    answered = Client(enforce_csrf_checks=True).post(
        urlsplit(unsubscribe).path, {"List-Unsubscribe": "One-Click"}
    )
    assert answered.status_code == 200
    assert User.objects.get(pk=away.pk).email_delivery("mention") == "never"


def test_send_digests_now_sends_the_due_digests_over_smtp(praxis_on_its_address):
    smtp = praxis_on_its_address
    community = CommunityPageFactory(title="Open data in municipalities")
    member = UserFactory(display_name="Ona Petraitienė")
    quiet = UserFactory(display_name="No Digest", digest_frequency="never")
    writer = UserFactory(display_name="Jonas Kazlauskas")
    for person in (member, quiet, writer):
        MembershipFactory(user=person, community=community)
    ThreadFactory.create(community=community, author=writer, title="Publishing budgets")

    call_command("send_digests", "--now")
    run_jobs_until(lambda: any(m.envelope_to == [member.email] for m in smtp.messages))

    [digest] = [m.message for m in smtp.messages if m.envelope_to == [member.email]]
    assert "digest" in digest["Subject"]
    assert "Publishing budgets" in digest.get_body(preferencelist=("plain",)).get_content()
    assert digest["List-Unsubscribe"]
    assert not [m for m in smtp.messages if m.envelope_to == [quiet.email]]
