"""A reply's notifications to its followers: built in bulk, however many follow the thread,
for those who may read it, each live in its recipient's language with their own count."""

from __future__ import annotations

from itertools import count

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from communities.models import MembershipRole, Visibility
from communities.permissions import can_view_community, community_viewers_filter
from communities.services import membership_leave
from discussions import services
from discussions.models import Notification, NotificationKind, ThreadFollow
from discussions.permissions import (
    can_read_thread,
    readable_by_recipient_filter,
    thread_readers_users_filter,
)
from discussions.selectors import unread_notification_count
from tests.discussions.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db

_parts = count(1)


def notification_messages(published):
    return {
        int(group.removeprefix("user.")): message
        for group, message in published
        if message.get("event") == "notification"
    }


def with_followers(community, people, count: int):
    starter = people(community, display_name="Ana Novak")
    thread = ThreadFactory.create(community=community, author=starter)
    followers = [people(community) for _ in range(count)]
    ThreadFollow.objects.bulk_create(ThreadFollow(thread=thread, user=f) for f in followers)
    writer = people(community, display_name="Jonas Petrauskas")
    PostFactory.create(thread=thread, author=writer)  # the writer follows from now on
    return thread, writer, followers


def reply_queries(thread, writer, django_capture_on_commit_callbacks) -> int:
    """Every query of one reply: inside the request and in its after-commit publishing."""
    source = f"Our workshop notes, part {next(_parts)}."
    with (
        CaptureQueriesContext(connection) as captured,
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.post_create(author=writer, thread=thread, source=source)
    return len(captured)


def test_a_replys_cost_does_not_grow_with_its_followers(
    make_community, people, published, django_capture_on_commit_callbacks
):
    few = with_followers(make_community(title="Few"), people, 5)
    many = with_followers(make_community(title="Many"), people, 60)

    capture = django_capture_on_commit_callbacks
    # A first reply in each thread warms per-process caches (content types, site root).
    reply_queries(*few[:2], capture)
    reply_queries(*many[:2], capture)
    published.clear()
    queries_for_few = reply_queries(*few[:2], capture)
    queries_for_many = reply_queries(*many[:2], capture)

    assert queries_for_many == queries_for_few
    # Everyone was told all the same: the starter and each follower, live.
    thread, writer, followers = many
    told = notification_messages(published)
    assert {f.pk for f in followers} | {thread.author_id} <= set(told)
    assert writer.pk not in told


def test_a_follower_who_left_a_members_only_community_gets_nothing(
    make_community, people, published, django_capture_on_commit_callbacks
):
    community = make_community(title="Internal audit practice", visibility=Visibility.MEMBERS)
    starter = people(community)
    stayer = people(community)
    leaver = people(community)
    thread = ThreadFactory.create(community=community, author=starter)
    for person in (stayer, leaver):
        services.follow_set(user=person, thread=thread, follow=True)
    membership_leave(user=leaver, community=community)
    published.clear()

    with django_capture_on_commit_callbacks(execute=True):
        PostFactory.create(thread=thread, author=people(community))

    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {
        starter.pk,
        stayer.pk,
    }
    assert set(notification_messages(published)) == {starter.pk, stayer.pk}
    assert not [group for group, _message in published if group == f"user.{leaver.pk}"]


def test_a_restricted_thread_notifies_only_its_readers_and_facilitators(
    community, people, published, django_capture_on_commit_callbacks
):
    starter = people(community)
    reader = people(community)
    outsider = people(community)
    facilitator = people(community, role=MembershipRole.FACILITATOR)
    thread = ThreadFactory.create(community=community, author=starter)
    for person in (reader, outsider, facilitator):
        services.follow_set(user=person, thread=thread, follow=True)
    type(thread).objects.filter(pk=thread.pk).update(restricted=True)
    thread.refresh_from_db()
    writer = people(community)
    thread.readers.add(starter, reader, writer)
    published.clear()

    with django_capture_on_commit_callbacks(execute=True):
        PostFactory.create(
            thread=thread, author=writer, source=f"Notes for @{outsider.username} too."
        )

    notified = set(Notification.objects.values_list("recipient_id", flat=True))
    assert notified == {starter.pk, reader.pk, facilitator.pk}
    assert set(notification_messages(published)) == notified
    assert not [group for group, _message in published if group == f"user.{outsider.pk}"]


def test_each_recipient_is_told_in_their_language_with_their_own_count(
    thread, people, community, published, django_capture_on_commit_callbacks
):
    polish = people(community, language="pl")
    norwegian = people(community, language="nb")
    for person in (polish, norwegian):
        services.follow_set(user=person, thread=thread, follow=True)
    # The Polish reader already has an unread notification from another thread.
    elsewhere = ThreadFactory.create(community=community, author=people(community))
    services.follow_set(user=polish, thread=elsewhere, follow=True)
    PostFactory.create(thread=elsewhere, author=people(community))
    published.clear()
    writer = people(community, display_name="Jonas Petrauskas")

    with django_capture_on_commit_callbacks(execute=True):
        PostFactory.create(thread=thread, author=writer)

    told = notification_messages(published)
    assert told[polish.pk]["unread"] == 2 == unread_notification_count(user=polish)
    assert told[norwegian.pk]["unread"] == 1 == unread_notification_count(user=norwegian)
    assert told[thread.author_id]["unread"] == 1
    assert "Jonas Petrauskas odpowiada w wątku" in told[polish.pk]["html"]
    assert "Jonas Petrauskas svarte i" in told[norwegian.pk]["html"]
    assert "Jonas Petrauskas posted in your thread" in told[thread.author_id]["html"]
    assert thread.title in told[polish.pk]["html"]
    assert thread.title in told[norwegian.pk]["html"]
    notification = Notification.objects.get(recipient=norwegian)
    assert notification.kind == NotificationKind.FOLLOWED
    assert f"#post-{notification.post_id}" in told[norwegian.pk]["html"]


def test_the_bulk_rules_agree_with_the_per_person_rules(
    make_community, make_user, people, make_membership
):
    """Who may read, decided for many people at once, is exactly ``can_view_community`` and
    ``can_read_thread`` asked of each."""
    public = make_community(title="Public practice")
    members_only = make_community(title="Members only", visibility=Visibility.MEMBERS)
    member = people(members_only)
    facilitator = people(members_only, role=MembershipRole.FACILITATOR)
    leaver = people(members_only)
    membership_leave(user=leaver, community=members_only)
    inactive_member = people(members_only, is_active=False)
    superuser = make_user(is_superuser=True)
    inactive_superuser = make_user(is_superuser=True, is_active=False)
    admin_user = make_user()
    admin_user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    editors = Group.objects.create(name="Fan-out editors")
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    group_admin = make_user()
    group_admin.groups.add(editors)
    stranger = make_user()
    everyone = [
        member,
        facilitator,
        leaver,
        inactive_member,
        superuser,
        inactive_superuser,
        admin_user,
        group_admin,
        stranger,
    ]
    User = type(member)
    draft = make_community(title="Not yet live", visibility=Visibility.MEMBERS)
    type(draft).objects.filter(pk=draft.pk).update(live=False)
    draft.refresh_from_db()

    for community in (public, members_only, draft):
        bulk = set(
            User.objects.filter(pk__in=[u.pk for u in everyone])
            .filter(community_viewers_filter(community))
            .values_list("pk", flat=True)
        )
        fresh = [User.objects.get(pk=u.pk) for u in everyone]  # no cached membership
        assert bulk == {u.pk for u in fresh if can_view_community(u, community)}, community

    thread = ThreadFactory.create(community=members_only, author=member)
    type(thread).objects.filter(pk=thread.pk).update(restricted=True)
    thread.refresh_from_db()
    thread.readers.add(leaver, stranger)
    make_membership(user=stranger, community=members_only)
    bulk = set(
        User.objects.filter(pk__in=[u.pk for u in everyone])
        .filter(thread_readers_users_filter(thread))
        .values_list("pk", flat=True)
    )
    expected = set()
    for person in everyone:
        fresh_thread = type(thread).objects.select_related("community").get(pk=thread.pk)
        if can_read_thread(User.objects.get(pk=person.pk), fresh_thread):
            expected.add(person.pk)
    assert bulk == expected
    assert stranger.pk in bulk and leaver.pk not in bulk and member.pk not in bulk

    # The live count, for all of them in one query, is the header's count of each.
    public_thread = ThreadFactory.create(community=public, author=people(public))
    Notification.objects.bulk_create(
        Notification(recipient=person, kind=NotificationKind.FOLLOWED, thread=about)
        for person in everyone
        for about in (thread, public_thread)
    )
    Notification.objects.bulk_create(
        Notification(recipient=person, kind=NotificationKind.JOIN_APPROVED, community=about)
        for person in everyone
        for about in (members_only, draft)
    )
    counts = dict(
        Notification.objects.filter(read_at__isnull=True)
        .filter(readable_by_recipient_filter(live_only=True))
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values_list("recipient_id", "n")
    )
    for person in everyone:
        fresh = User.objects.get(pk=person.pk)
        assert counts.get(person.pk, 0) == unread_notification_count(user=fresh), person
