"""Notifications by e-mail: to people who are away, once, and never about what they read."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from communities import services as community_services
from communities.models import MembershipRole
from core.presence import mark_seen
from discussions import notification_mail, services
from discussions.models import Notification, NotificationKind
from tests.conftest import PUBLIC_BASE_URL
from tests.discussions.factories import PostFactory, ThreadFactory

BASE = PUBLIC_BASE_URL


@pytest.fixture(autouse=True)
def site_address(public_base_url, fresh_cache):
    """On the public address, and nobody seen on the site yet (presence is in the cache)."""


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_a_mention_reaches_someone_who_is_away_with_a_link_and_unsubscribe(
    thread, member, other_member
):
    post = PostFactory.create(
        thread=thread, author=other_member, source=f"@{member.username} see this"
    )

    assert notification_mail.send_due() == 1

    [message] = mails_to(member)
    assert "mentioned you" in message.subject and thread.title in message.subject
    link = f"{BASE}/threads/{thread.pk}/#post-{post.pk}"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and link in html and "see this" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{BASE}/email/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # Once only: a second run sends nothing more.
    assert notification_mail.send_due() == 0
    assert len(mails_to(member)) == 1


def test_someone_on_the_site_gets_no_mail_until_it_has_waited_unread(
    thread, member, other_member, settings
):
    settings.PRAXIS_AWAY_AFTER = 300
    mark_seen(member.pk)
    PostFactory.create(thread=thread, author=other_member, source=f"@{member.username} hi")

    assert notification_mail.send_due() == 0
    assert mails_to(member) == []
    # Still unread five minutes later: it goes.
    assert notification_mail.send_due(now=timezone.now() + timedelta(minutes=6)) == 1
    assert len(mails_to(member)) == 1


def test_no_mail_for_a_post_read_live_or_a_notification_read(thread, member, other_member):
    first = PostFactory.create(thread=thread, author=other_member, source=f"@{member.username} a")
    services.mark_read(user=member, thread=thread, post_id=first.pk)
    second = PostFactory.create(thread=thread, author=other_member, source=f"@{member.username} b")
    services.notifications_mark_read(
        user=member, ids=list(Notification.objects.filter(post=second).values_list("pk", flat=True))
    )

    assert notification_mail.send_due() == 0
    assert mails_to(member) == []
    assert not Notification.objects.filter(email_pending=True).exists()


def test_the_persons_setting_decides(thread, member, other_member):
    community_services.email_preferences_set(
        user=member, deliveries={"mention": "never"}, digest_frequency="weekly"
    )
    PostFactory.create(thread=thread, author=other_member, source=f"@{member.username} x")
    # Posts in a followed thread wait for the digest by default.
    follower_post = PostFactory.create(thread=thread, author=member)
    del follower_post

    assert notification_mail.send_due() == 0
    assert mails_to(member) == [] and mails_to(other_member) == []
    assert Notification.objects.filter(recipient=other_member, kind="followed").exists()


def test_nothing_is_sent_about_a_thread_the_person_can_no_longer_read(
    private_community, people, make_membership
):
    reader = people(private_community)
    writer = people(private_community)
    thread = ThreadFactory.create(community=private_community, author=writer)
    PostFactory.create(thread=thread, author=writer, source=f"@{reader.username} secret plan")
    community_services.membership_leave(user=reader, community=private_community)

    assert notification_mail.send_due() == 0
    assert mails_to(reader) == []


def test_a_new_flag_reaches_the_facilitators_in_the_app_and_by_mail(
    reply, facilitator, member, login
):
    services.flag_create(reporter=member, post=reply, reason="Names a colleague")

    notification = Notification.objects.get(recipient=facilitator)
    assert notification.kind == NotificationKind.FLAG
    notification_mail.send_due()
    [message] = mails_to(facilitator)
    assert "Names a colleague" in message.body
    assert f"{BASE}/communities/{reply.thread.community_id}/moderation/" in message.body
    page = login(facilitator).get("/me/notifications/").content.decode()
    assert "reported a post" in page


def test_the_author_of_a_hidden_post_is_told_why_and_still_sees_it(
    reply, facilitator, other_member, member, login
):
    services.post_hide(actor=facilitator, post=reply, reason="Personal data of a citizen")

    assert Notification.objects.get(recipient=other_member).kind == NotificationKind.HIDDEN
    notification_mail.send_due()
    [message] = mails_to(other_member)
    assert "Personal data of a citizen" in message.body
    own_view = login(other_member).get(f"/threads/{reply.thread_id}/").content.decode()
    assert "Hidden by a facilitator: Personal data of a citizen" in own_view
    others_view = login(member).get(f"/threads/{reply.thread_id}/").content.decode()
    assert f'id="post-{reply.pk}"' not in others_view


def test_a_join_request_and_its_decision_appear_among_notifications(
    make_community, people, make_user, django_capture_on_commit_callbacks
):
    community = make_community(title="Procurement", join_policy="request")
    chair = people(community, role=MembershipRole.FACILITATOR)
    asker = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        membership = community_services.membership_join(user=asker, community=community)
    assert Notification.objects.get(recipient=chair).kind == NotificationKind.JOIN_REQUEST
    with django_capture_on_commit_callbacks(execute=True):
        community_services.membership_request_decide(
            actor=chair, membership_id=membership.pk, community=community, approve=True
        )
    assert Notification.objects.get(recipient=asker).kind == NotificationKind.JOIN_APPROVED


def test_the_mail_is_in_the_recipients_language(thread, member, other_member):
    member.language = "pl"
    member.save(update_fields=["language"])
    PostFactory.create(thread=thread, author=other_member, source=f"@{member.username} hej")

    notification_mail.send_due()

    [message] = mails_to(member)
    assert thread.title in message.subject and "mentioned you" not in message.subject
    html, _mimetype = message.alternatives[0]
    assert '<html lang="pl">' in html
    assert "Choose which e-mails" not in message.body


def test_a_username_with_letters_beyond_ascii_can_be_mentioned(
    community, people, thread, other_member
):
    ona = people(community, username="ona.biržai")
    PostFactory.create(thread=thread, author=other_member, source="@ona.biržai what do you think?")

    assert Notification.objects.get(recipient=ona).kind == NotificationKind.MENTION
