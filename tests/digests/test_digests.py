"""Digests: what a person may see in their communities, once per period, never twice."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from communities.models import Visibility
from digests.models import DigestDelivery
from digests.services import period_of, send_due_digests
from discussions.models import Thread
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.meetings.factories import MeetingFactory

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def setting(make_community, make_user, make_membership):
    community = make_community(title="Open data in municipalities")
    secret = make_community(title="Internal audit", visibility=Visibility.MEMBERS)
    reader = make_user(display_name="Reader")
    writer = make_user(display_name="Writer")
    for person in (reader, writer):
        make_membership(user=person, community=community)
    make_membership(user=writer, community=secret)
    return community, secret, reader, writer


def digests_to(user):
    return [m for m in mail.outbox if m.to == [user.email] and "digest" in m.subject]


def test_send_digests_now_lists_only_what_the_person_may_see(setting, public_base_url):
    community, secret, reader, writer = setting
    visible = ThreadFactory.create(community=community, author=writer, title="Publishing budgets")
    ThreadFactory.create(community=secret, author=writer, title="Audit findings 2026")
    restricted = ThreadFactory.create(community=community, author=writer, title="Task group only")
    restricted.restricted = True
    restricted.save(update_fields=["restricted"])
    MeetingFactory(community=community, title="Breakfast on open data")

    call_command("send_digests", "--now")

    [digest] = digests_to(reader)
    assert "Publishing budgets" in digest.body
    assert f"https://praxis.example.gov/threads/{visible.pk}/" in digest.body
    assert "Breakfast on open data" in digest.body
    assert "Audit findings 2026" not in digest.body
    assert "Task group only" not in digest.body
    html, _mimetype = digest.alternatives[0]
    assert "Publishing budgets" in html
    assert digest.extra_headers["List-Unsubscribe"].startswith(
        "<https://praxis.example.gov/email/unsubscribe/"
    )


def test_a_digest_is_sent_once_per_period_whoever_runs_it(setting):
    community, _secret, reader, writer = setting
    thread = ThreadFactory.create(community=community, author=writer, title="Publishing budgets")
    monday_morning = datetime(2026, 11, 30, 8, 0, tzinfo=WARSAW)
    Thread.objects.filter(pk=thread.pk).update(created_at=monday_morning - timedelta(hours=3))

    assert send_due_digests(now=monday_morning) >= 1
    # A second worker, or cron an hour later in the same week: nothing more.
    assert send_due_digests(now=monday_morning + timedelta(hours=1)) == 0
    assert send_due_digests(now=monday_morning + timedelta(days=3)) == 0
    assert len(digests_to(reader)) == 1
    assert DigestDelivery.objects.filter(user=reader).count() == 1


def test_digests_wait_for_the_morning_and_follow_the_frequency(setting):
    _community, _secret, reader, _writer = setting
    night = datetime(2026, 12, 2, 3, 0, tzinfo=WARSAW)
    assert period_of("daily", night) is None
    assert period_of("daily", night.replace(hour=9)) == "daily:2026-12-02"
    assert period_of("weekly", night.replace(hour=9)) == "weekly:2026-W49"


def test_nobody_gets_an_empty_digest_or_one_they_turned_off(setting):
    community, _secret, reader, writer = setting
    reader.digest_frequency = "never"
    reader.save(update_fields=["digest_frequency"])

    assert send_due_digests(force=True) == 0  # nothing new for the writer, off for the reader
    assert mail.outbox == []

    ThreadFactory.create(community=community, author=writer, title="Publishing budgets")
    send_due_digests(force=True)
    assert digests_to(reader) == []


def test_notifications_set_to_the_digest_are_in_it(setting, relaxed_limits):
    community, _secret, reader, writer = setting
    thread = ThreadFactory.create(community=community, author=reader, title="Open formats")
    PostFactory.create(thread=thread, author=writer)  # reader follows their own thread
    reader.email_preferences = {"answer": "digest"}
    reader.save(update_fields=["email_preferences"])

    send_due_digests(now=timezone.now(), force=True)

    [digest] = digests_to(reader)
    assert "For you" in digest.body and "posted in your thread" in digest.body


@pytest.mark.parametrize("members", [3, 12])
def test_people_already_served_this_period_cost_no_query_each(
    members, make_community, make_user, make_membership, django_assert_num_queries
):
    """The job runs every ten minutes over every member: finding who is due is one query,
    however many members have had this period's digest already."""
    community = make_community(title="Open data in municipalities")
    monday_morning = datetime(2026, 11, 30, 8, 0, tzinfo=WARSAW)
    for number in range(members):
        person = make_user(display_name=f"Member {number}", digest_frequency="weekly")
        make_membership(user=person, community=community)
        DigestDelivery.objects.create(
            user=person, period=period_of("weekly", monday_morning), covers_from=monday_morning
        )

    with django_assert_num_queries(1):
        assert send_due_digests(now=monday_morning + timedelta(hours=2)) == 0


def test_the_next_digest_covers_what_came_after_the_last_one(setting):
    community, _secret, reader, writer = setting
    monday_morning = datetime(2026, 11, 30, 8, 0, tzinfo=WARSAW)
    DigestDelivery.objects.create(
        user=reader, period="weekly:2026-W48", covers_from=monday_morning - timedelta(days=14)
    )
    DigestDelivery.objects.filter(user=reader).update(
        created_at=monday_morning - timedelta(days=10)  # a week missed: the job did not run
    )
    old = ThreadFactory.create(community=community, author=writer, title="Covered last week")
    new = ThreadFactory.create(community=community, author=writer, title="Since the last digest")
    Thread.objects.filter(pk=old.pk).update(created_at=monday_morning - timedelta(days=12))
    Thread.objects.filter(pk=new.pk).update(created_at=monday_morning - timedelta(days=8))

    send_due_digests(now=monday_morning)

    [digest] = digests_to(reader)
    assert "Since the last digest" in digest.body
    assert "Covered last week" not in digest.body
    delivery = DigestDelivery.objects.get(user=reader, period="weekly:2026-W49")
    assert delivery.covers_from == monday_morning - timedelta(days=10)
