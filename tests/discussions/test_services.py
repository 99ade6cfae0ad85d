"""Writes to discussions, through the services views and sockets share."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from communities.models import CommunityPage, MembershipRole, MembershipStatus
from communities.services import membership_leave
from core.errors import ServiceError
from discussions import services
from discussions.models import (
    Flag,
    ModerationAction,
    Notification,
    NotificationKind,
    Post,
    PostEdit,
    Reaction,
    ReadState,
    Thread,
    ThreadFollow,
    ThreadStatus,
)
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def refreshed(obj):
    obj.refresh_from_db()
    return obj


# Threads, posts and counters ------------------------------------------------------------


def test_thread_create_starts_a_thread_with_its_first_post(community, member):
    thread = services.thread_create(
        author=member,
        community=community,
        title="  How  do you brief   experts? ",
        source="We use a **one-page** brief.",
        tags=["briefing", " procurement ", ""],
    )

    assert thread.title == "How do you brief experts?"
    assert sorted(thread.tags.names()) == ["briefing", "procurement"]
    post = thread.posts.get()
    assert post.author == member and post.html == "<p>We use a <strong>one-page</strong> brief.</p>"
    assert (thread.post_count, thread.participant_count) == (1, 1)
    assert thread.last_post == post and thread.last_activity_at == post.created_at
    assert ThreadFollow.objects.filter(thread=thread, user=member).exists()
    assert ReadState.objects.get(thread=thread, user=member).last_read_post_id == post.pk


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"title": "Hi"}, "at least five characters"),
        ({"title": "x" * 201}, "at most 200"),
        ({"source": "   "}, "Write something"),
    ],
)
def test_thread_create_refuses_bad_input_and_saves_nothing(community, member, fields, message):
    data = {"title": "A proper title", "source": "A proper opening post."} | fields

    with pytest.raises(ServiceError, match=message):
        services.thread_create(author=member, community=community, **data)

    assert not Thread.objects.exists() and not Post.objects.exists()


def test_only_members_start_threads(community, make_user, private_community):
    outsider = make_user()

    with pytest.raises(ServiceError) as refused:
        ThreadFactory.create(community=community, author=outsider)
    assert refused.value.code == "not_member"
    with pytest.raises(ServiceError) as hidden:
        ThreadFactory.create(community=private_community, author=outsider)
    assert hidden.value.code == "not_found"  # a members-only community does not exist for them
    assert not Thread.objects.exists()


def test_counters_count_posts_people_organisations_and_departments(community, people):
    ministry, municipality = OrganisationFactory(), OrganisationFactory()
    ana = people(community, organisation=ministry, department="Strategy")
    ben = people(community, organisation=ministry, department="Strategy")
    cas = people(community, organisation=ministry, department="Legal")
    dora = people(community, organisation=municipality, department="Strategy")
    eve = people(community, organisation=None, department="")

    thread = ThreadFactory.create(community=community, author=ana)
    for author in (ana, ben, ana, cas, dora, eve):
        PostFactory.create(thread=thread, author=author)
    thread.refresh_from_db()

    assert thread.post_count == 7
    assert thread.participant_count == 5
    assert thread.organisation_count == 2
    # (ministry, Strategy), (ministry, Legal), (municipality, Strategy)
    assert thread.department_count == 3


def test_a_reply_moves_thread_and_community_activity(community, thread, other_member):
    earlier = timezone.now() - timedelta(days=3)
    Thread.objects.filter(pk=thread.pk).update(last_activity_at=earlier)
    CommunityPage.objects.filter(pk=community.pk).update(last_activity_at=earlier)

    post = PostFactory.create(thread=thread, author=other_member)

    assert refreshed(thread).last_activity_at == post.created_at
    assert refreshed(thread).last_post == post
    assert CommunityPage.objects.get(pk=community.pk).last_activity_at == post.created_at


def test_reply_to_a_post_in_the_same_thread(thread, other_member, member, community):
    first = thread.posts.get()
    post = PostFactory.create(thread=thread, author=other_member, reply_to_id=first.pk)
    assert post.reply_to == first

    elsewhere = ThreadFactory.create(community=community, author=member)
    with pytest.raises(ServiceError, match="no longer there"):
        PostFactory.create(thread=thread, author=other_member, reply_to_id=elsewhere.posts.get().pk)
    assert thread.posts.count() == 2


def test_locked_threads_refuse_replies_except_from_facilitators(thread, other_member, facilitator):
    services.thread_set_flags(actor=facilitator, thread=thread, locked=True)

    with pytest.raises(ServiceError, match="locked") as refused:
        PostFactory.create(thread=thread, author=other_member)
    assert refused.value.code == "locked"
    PostFactory.create(thread=thread, author=facilitator)
    assert refreshed(thread).post_count == 2


def test_editing_keeps_the_earlier_text(thread, member, other_member):
    post = thread.posts.get()
    original = post.source

    services.post_edit(editor=member, post=post, source="Corrected: we use a *two-page* brief.")

    post.refresh_from_db()
    assert post.html == "<p>Corrected: we use a <em>two-page</em> brief.</p>"
    assert post.edited_at is not None
    edit = PostEdit.objects.get(post=post)
    assert (edit.source, edit.editor) == (original, member)
    with pytest.raises(ServiceError, match="your own posts"):
        services.post_edit(editor=other_member, post=post, source="Not mine to change.")
    assert PostEdit.objects.filter(post=post).count() == 1


def test_only_the_author_deletes_and_the_post_leaves_the_counters(thread, reply, member):
    with pytest.raises(ServiceError, match="your own posts"):
        services.post_delete(user=member, post=reply)

    services.post_delete(user=reply.author, post=reply)

    reply.refresh_from_db()
    assert reply.deleted_at is not None  # the record stays
    thread.refresh_from_db()
    assert (thread.post_count, thread.participant_count) == (1, 1)
    assert thread.last_post == thread.posts.order_by("id").first()


# Moderation -----------------------------------------------------------------------------


def test_facilitator_hides_with_a_reason_and_it_is_recorded(thread, reply, facilitator, member):
    with pytest.raises(ServiceError, match="facilitators"):
        services.post_hide(actor=member, post=reply, reason="Off topic")
    with pytest.raises(ServiceError, match="Say why"):
        services.post_hide(actor=facilitator, post=reply, reason="   ")
    assert refreshed(reply).hidden_at is None

    services.post_hide(actor=facilitator, post=reply, reason="Personal data of a citizen")

    reply.refresh_from_db()
    assert reply.hidden_by == facilitator and reply.hidden_reason == "Personal data of a citizen"
    assert refreshed(thread).post_count == 1
    action = ModerationAction.objects.get()
    assert (action.actor, action.action, action.post, action.reason) == (
        facilitator,
        "hide_post",
        reply,
        "Personal data of a citizen",
    )
    assert action.community_id == thread.community_id and action.created_at is not None


def test_unhide_restores_the_post_and_is_recorded(thread, reply, facilitator):
    services.post_hide(actor=facilitator, post=reply, reason="Check the facts first")
    services.post_unhide(actor=facilitator, post=reply)

    assert refreshed(reply).hidden_at is None
    assert refreshed(thread).post_count == 2
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == [
        "hide_post",
        "unhide_post",
    ]


def test_pin_and_lock_are_for_facilitators_and_recorded(thread, member, facilitator):
    with pytest.raises(ServiceError):
        services.thread_set_flags(actor=member, thread=thread, pinned=True)

    services.thread_set_flags(actor=facilitator, thread=thread, pinned=True, locked=True)
    services.thread_set_flags(actor=facilitator, thread=thread, pinned=True, locked=False)

    thread.refresh_from_db()
    assert thread.pinned and not thread.locked
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == [
        "pin",
        "lock",
        "unlock",
    ]


def test_move_only_to_a_community_the_actor_facilitates(
    thread, community, facilitator, make_community, make_membership
):
    elsewhere = make_community(title="Somewhere else")
    target = make_community(title="Procurement practice")
    make_membership(user=facilitator, community=target, role=MembershipRole.FACILITATOR)

    with pytest.raises(ServiceError, match="communities you facilitate"):
        services.thread_move(actor=facilitator, thread=thread, to_community=elsewhere)
    assert refreshed(thread).community_id == community.pk

    services.thread_move(
        actor=facilitator, thread=thread, to_community=target, reason="Belongs to procurement"
    )

    assert refreshed(thread).community_id == target.pk
    action = ModerationAction.objects.get(action="move", community=community)
    assert action.reason == "Belongs to procurement"
    assert action.details == {"from_community": community.pk, "to_community": target.pk}


def test_members_cannot_move_threads(thread, member, make_community):
    with pytest.raises(ServiceError):
        services.thread_move(actor=member, thread=thread, to_community=make_community())
    assert not ModerationAction.objects.exists()


# Flags ----------------------------------------------------------------------------------


def test_members_report_posts_once_and_not_their_own(thread, reply, member, make_user):
    flag = services.flag_create(reporter=member, post=reply, reason="Names a citizen")
    assert (flag.reporter, flag.reason, flag.resolved_at) == (member, "Names a citizen", None)

    with pytest.raises(ServiceError, match="already reported"):
        services.flag_create(reporter=member, post=reply, reason="Again")
    with pytest.raises(ServiceError, match="your own post"):
        services.flag_create(reporter=reply.author, post=reply, reason="Oops")
    with pytest.raises(ServiceError, match="Say what"):
        services.flag_create(reporter=reply.author, post=thread.posts.first(), reason=" ")
    with pytest.raises(ServiceError, match="Only members"):
        services.flag_create(reporter=make_user(), post=reply, reason="Spam")
    services.post_delete(user=reply.author, post=reply)
    with pytest.raises(ServiceError, match="no longer there"):
        services.flag_create(reporter=thread.author, post=reply, reason="Deleted already")
    assert Flag.objects.count() == 1


def test_dismissing_a_report_is_recorded(reply, member, facilitator):
    flag = services.flag_create(reporter=member, post=reply, reason="Rude")
    with pytest.raises(ServiceError):
        services.flag_dismiss(actor=member, flag=flag)

    services.flag_dismiss(actor=facilitator, flag=flag)

    flag.refresh_from_db()
    assert (flag.resolution, flag.resolved_by) == ("dismissed", facilitator)
    assert ModerationAction.objects.get().action == "dismiss_flag"
    with pytest.raises(ServiceError, match="already handled"):
        services.flag_dismiss(actor=facilitator, flag=flag)


def test_hiding_resolves_the_open_reports(reply, member, facilitator, people, community):
    services.flag_create(reporter=member, post=reply, reason="Rude")
    services.flag_create(reporter=people(community), post=reply, reason="Off topic")

    services.post_hide(actor=facilitator, post=reply, reason="Rude")

    assert set(Flag.objects.values_list("resolution", flat=True)) == {"hidden"}
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()


# Reactions and answers ------------------------------------------------------------------


def test_reactions_toggle_one_of_each_kind_per_person(reply, member, other_member):
    assert services.reaction_toggle(user=member, post=reply, kind="helpful") is True
    assert services.reaction_toggle(user=member, post=reply, kind="thanks") is True
    assert services.reaction_toggle(user=other_member, post=reply, kind="helpful") is True
    assert Reaction.objects.filter(post=reply).count() == 3

    assert services.reaction_toggle(user=member, post=reply, kind="helpful") is False

    assert sorted(Reaction.objects.filter(post=reply).values_list("user_id", "kind")) == sorted(
        [(member.pk, "thanks"), (other_member.pk, "helpful")]
    )
    with pytest.raises(ServiceError, match="Unknown reaction"):
        services.reaction_toggle(user=member, post=reply, kind="like")


def test_non_members_cannot_react(reply, make_user):
    with pytest.raises(ServiceError, match="Join the community"):
        services.reaction_toggle(user=make_user(), post=reply, kind="thanks")
    assert not Reaction.objects.exists()


def test_thread_author_marks_the_answer_and_its_author_is_notified(thread, reply, member):
    services.answer_mark(actor=member, post=reply)

    thread.refresh_from_db()
    assert (thread.answer, thread.status) == (reply, ThreadStatus.ANSWERED)
    notification = Notification.objects.get(kind=NotificationKind.ANSWER)
    assert (notification.recipient, notification.actor, notification.post) == (
        reply.author,
        member,
        reply,
    )

    services.answer_mark(actor=member, post=reply)  # again: no second notification
    assert Notification.objects.filter(kind=NotificationKind.ANSWER).count() == 1

    first = thread.posts.order_by("id").first()
    services.answer_mark(actor=member, post=first, clear=True)  # a stale "unmark" button
    assert refreshed(thread).answer == reply

    services.answer_mark(actor=member, post=reply, clear=True)
    thread.refresh_from_db()
    assert (thread.answer, thread.status) == (None, ThreadStatus.OPEN)


def test_a_facilitator_may_mark_the_answer_and_others_may_not(thread, reply, facilitator, people):
    with pytest.raises(ServiceError, match="thread's author or a facilitator"):
        services.answer_mark(actor=people(thread.community), post=reply)
    with pytest.raises(ServiceError):
        services.answer_mark(actor=reply.author, post=reply)  # replied, but did not start it

    services.answer_mark(actor=facilitator, post=reply)

    assert refreshed(thread).answer == reply
    assert ModerationAction.objects.get().action == "mark_answer"


def test_a_deleted_answer_no_longer_marks_the_thread_answered(thread, reply, member):
    services.answer_mark(actor=member, post=reply)

    services.post_delete(user=reply.author, post=reply)

    thread.refresh_from_db()
    assert (thread.answer, thread.status) == (None, ThreadStatus.OPEN)


# Follows, read state, notifications -----------------------------------------------------


def test_follow_and_unfollow(thread, other_member, make_user, private_community, people):
    services.follow_set(user=other_member, thread=thread, follow=True)
    services.follow_set(user=other_member, thread=thread, follow=True)
    assert ThreadFollow.objects.filter(thread=thread, user=other_member).count() == 1

    services.follow_set(user=other_member, thread=thread, follow=False)
    assert not ThreadFollow.objects.filter(thread=thread, user=other_member).exists()

    secret = ThreadFactory.create(community=private_community, author=people(private_community))
    with pytest.raises(ServiceError):
        services.follow_set(user=make_user(), thread=secret, follow=True)


def test_read_state_only_moves_forward(thread, other_member):
    last = PostFactory.create(thread=thread, author=other_member)
    reader = thread.author

    services.mark_read(user=reader, thread=thread, post_id=last.pk)
    services.mark_read(user=reader, thread=thread, post_id=thread.posts.first().pk)

    assert ReadState.objects.get(thread=thread, user=reader).last_read_post_id == last.pk


def test_replies_notify_the_starter_and_followers_but_not_the_writer(
    thread, member, other_member, people, community
):
    follower = people(community)
    services.follow_set(user=follower, thread=thread, follow=True)

    post = PostFactory.create(thread=thread, author=other_member)

    notified = Notification.objects.all()
    # Each once, for the closest reason: the starter's own thread, the follower's follow.
    assert sorted((n.recipient_id, n.kind) for n in notified) == sorted(
        [(member.pk, NotificationKind.OWN_THREAD), (follower.pk, NotificationKind.FOLLOWED)]
    )
    assert {(n.actor_id, n.post_id) for n in notified} == {(other_member.pk, post.pk)}
    # Writing in a thread makes you follow it: the next post tells you.
    PostFactory.create(thread=thread, author=member)
    assert Notification.objects.filter(recipient=other_member, kind="followed").count() == 1
    # A reply to your post says so.
    PostFactory.create(thread=thread, author=follower, reply_to_id=post.pk)
    assert Notification.objects.filter(recipient=other_member, kind="reply").count() == 1


def test_seen_live_marks_read_only_as_far_as_the_reader_may_see(
    thread, other_member, facilitator, member, private_community, people
):
    seen = PostFactory.create(thread=thread, author=member)
    hidden = PostFactory.create(thread=thread, author=member)
    services.post_hide(actor=facilitator, post=hidden, reason="Off topic.")
    services.follow_set(user=other_member, thread=thread, follow=True)
    later = PostFactory.create(thread=thread, author=member)
    Notification.objects.filter(recipient=other_member).update(read_at=None)

    # Up to a hidden post: the last post there is to see before it.
    assert services.mark_seen_live(user=other_member, thread_id=thread.pk, post_id=hidden.pk) == (
        seen.pk
    )
    assert ReadState.objects.get(thread=thread, user=other_member).last_read_post_id == seen.pk
    unread = Notification.objects.filter(recipient=other_member, read_at__isnull=True)
    assert list(unread.values_list("post_id", flat=True)) == [later.pk]

    services.mark_seen_live(user=other_member, thread_id=thread.pk, post_id=later.pk)
    services.mark_seen_live(user=other_member, thread_id=thread.pk, post_id=seen.pk)  # back: no
    assert ReadState.objects.get(thread=thread, user=other_member).last_read_post_id == later.pk
    assert not unread.exists()

    # A thread the person may not read: nothing.
    private = ThreadFactory.create(community=private_community, author=people(private_community))
    assert services.mark_seen_live(user=other_member, thread_id=private.pk, post_id=10**9) == 0
    assert not ReadState.objects.filter(thread=private, user=other_member).exists()


def test_mentions_link_to_the_profiles_of_people_who_exist(thread, other_member, people, community):
    people(community, username="ana.novak")
    post = PostFactory.create(
        thread=thread,
        author=other_member,
        source="@ana.novak, what do you do? @nobody.here, `@ana.novak` <b>@ana.novak</b>",
    )
    assert post.html == (
        '<p><a class="mention" href="/people/ana.novak/">@ana.novak</a>, what do you do? '
        "@nobody.here, <code>@ana.novak</code> &lt;b&gt;"
        '<a class="mention" href="/people/ana.novak/">@ana.novak</a>&lt;/b&gt;</p>'
    )
    edited = services.post_edit(editor=other_member, post=post, source="Thanks @ana.novak.")
    assert edited.html == (
        '<p>Thanks <a class="mention" href="/people/ana.novak/">@ana.novak</a>.</p>'
    )


def test_mentions_notify_members_only(thread, other_member, people, community, make_user):
    people(community, username="ana.novak")
    make_user(username="outsider.olaf")
    left = people(community, username="left.lina")
    membership_leave(user=left, community=community)

    PostFactory.create(
        thread=thread,
        author=other_member,
        source="@ana.novak, @outsider.olaf and @left.lina: what do you do? @nobody.here",
    )

    mentions = Notification.objects.filter(kind=NotificationKind.MENTION)
    assert list(mentions.values_list("recipient__username", flat=True)) == ["ana.novak"]


def test_a_mentioned_follower_gets_one_notification(thread, other_member, member):
    PostFactory.create(thread=thread, author=other_member, source=f"@{member.username} see this")

    assert list(Notification.objects.values_list("recipient_id", "kind")) == [
        (member.pk, NotificationKind.MENTION)
    ]


def test_nobody_who_cannot_read_the_thread_is_notified(private_community, people, make_user):
    starter = people(private_community, username="starter")
    leaver = people(private_community, username="leaver")
    thread = ThreadFactory.create(community=private_community, author=starter)
    services.follow_set(user=leaver, thread=thread, follow=True)
    membership_leave(user=leaver, community=private_community)
    make_user(username="stranger")

    PostFactory.create(
        thread=thread,
        author=people(private_community),
        source="Reply for @starter, @leaver and @stranger",
    )

    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"starter"}


def test_notifications_mark_read(thread, member, other_member):
    first = PostFactory.create(thread=thread, author=other_member)
    PostFactory.create(thread=thread, author=other_member)
    mine = Notification.objects.filter(recipient=member)
    assert mine.filter(read_at__isnull=True).count() == 2

    assert services.notifications_mark_read(user=member, ids=[mine.get(post=first).pk]) == 1
    assert mine.filter(read_at__isnull=True).count() == 1
    assert services.notifications_mark_read(user=other_member) == 0  # not theirs to mark
    assert services.notifications_mark_read(user=member) == 1
    assert not mine.filter(read_at__isnull=True).exists()


# Rate limits ----------------------------------------------------------------------------


@pytest.fixture
def default_limits(settings):
    settings.PRAXIS_DISCUSSION_LIMITS = {}


def test_one_post_per_five_seconds(default_limits, thread, other_member):
    PostFactory.create(thread=thread, author=other_member, source="First thought")

    with pytest.raises(ServiceError, match="Try again in 5 seconds") as refused:
        PostFactory.create(thread=thread, author=other_member, source="Second thought")
    assert refused.value.code == "rate_limited" and refused.value.retry_after == 5
    assert thread.posts.count() == 2

    Post.objects.filter(author=other_member).update(
        created_at=timezone.now() - timedelta(seconds=6)
    )
    PostFactory.create(thread=thread, author=other_member, source="Second thought")
    assert thread.posts.count() == 3


def test_deleting_a_post_does_not_reset_the_interval(default_limits, thread, other_member):
    post = PostFactory.create(thread=thread, author=other_member, source="First thought")
    services.post_delete(user=other_member, post=post)

    with pytest.raises(ServiceError) as refused:
        PostFactory.create(thread=thread, author=other_member, source="Second thought")
    assert refused.value.code == "rate_limited"


def test_new_accounts_write_at_most_ten_posts_on_their_first_day(settings, community, people):
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0}
    newcomer = people(community)
    veteran = people(community)
    veteran.date_joined = timezone.now() - timedelta(days=2)
    veteran.save()
    thread = ThreadFactory.create(community=community, author=veteran)
    for n in range(10):
        PostFactory.create(thread=thread, author=newcomer, source=f"Newcomer post {n}")
        PostFactory.create(thread=thread, author=veteran, source=f"Veteran post {n}")

    with pytest.raises(ServiceError, match="first day") as refused:
        PostFactory.create(thread=thread, author=newcomer, source="Eleventh")
    assert refused.value.code == "rate_limited"
    assert 23 * 3600 < refused.value.retry_after <= 24 * 3600
    assert not Post.objects.filter(source="Eleventh").exists()
    PostFactory.create(thread=thread, author=veteran, source="Veteran eleventh")


def test_the_same_text_twice_within_five_minutes_is_refused(settings, thread, other_member):
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 0}
    PostFactory.create(thread=thread, author=other_member, source="+1, same here")

    with pytest.raises(ServiceError, match="same text") as refused:
        PostFactory.create(thread=thread, author=other_member, source="  +1, same here ")
    assert refused.value.code == "duplicate_text" and refused.value.retry_after
    assert thread.posts.count() == 2

    Post.objects.filter(author=other_member).update(
        created_at=timezone.now() - timedelta(minutes=6)
    )
    PostFactory.create(thread=thread, author=other_member, source="+1, same here")


def test_posts_are_at_most_20000_characters(default_limits, thread, other_member):
    with pytest.raises(ServiceError, match="at most 20000 characters") as refused:
        PostFactory.create(thread=thread, author=other_member, source="x" * 20_001)
    assert refused.value.code == "too_long"
    PostFactory.create(thread=thread, author=other_member, source="x" * 20_000)
    assert thread.posts.count() == 2


def test_limits_come_from_settings(settings, thread, other_member):
    settings.PRAXIS_DISCUSSION_LIMITS = {"POST_INTERVAL_SECONDS": 60, "MAX_POST_LENGTH": 50}

    with pytest.raises(ServiceError, match="at most 50 characters"):
        PostFactory.create(thread=thread, author=other_member, source="y" * 51)
    PostFactory.create(thread=thread, author=other_member, source="short")
    with pytest.raises(ServiceError) as refused:
        PostFactory.create(thread=thread, author=other_member, source="short again")
    assert 55 <= refused.value.retry_after <= 60


# Events and idempotency -----------------------------------------------------------------


def test_events_are_published_only_after_commit(
    thread, other_member, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        post = PostFactory.create(thread=thread, author=other_member, source="Live reply")
        assert published == []  # nothing before commit

    assert callbacks
    created = [m for g, m in published if m["event"] == "post.created"]
    assert [(m["post_id"], "Live reply" in m["html"]["en"]) for m in created] == [(post.pk, True)]
    groups = {group for group, _ in published}
    assert f"thread.{thread.pk}" in groups and f"community.{thread.community_id}" in groups
    assert f"user.{thread.author_id}" in groups  # the starter's notification


def test_a_rolled_back_write_publishes_nothing(
    thread, other_member, published, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        PostFactory.create(thread=thread, author=other_member, source="Never seen")
        raise RuntimeError("the request failed after the write")

    assert callbacks == [] and published == []
    assert not Post.objects.filter(source="Never seen").exists()
    assert not Notification.objects.exists()


def test_hiding_publishes_post_hidden(
    reply, facilitator, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_hide(actor=facilitator, post=reply, reason="Rude")

    assert [(g, m["event"], m["post_id"]) for g, m in published if g.startswith("thread.")] == [
        (f"thread.{reply.thread_id}", "post.hidden", reply.pk)
    ]
    # Its author is told, live, with the reason in their notification.
    assert [m["event"] for g, m in published if g == f"user.{reply.author_id}"] == ["notification"]


def test_a_refused_write_publishes_nothing(
    default_limits, thread, other_member, published, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ServiceError),
    ):
        PostFactory.create(thread=thread, author=other_member, source="x" * 20_001)
    assert callbacks == [] and published == []


def test_double_submit_with_the_same_client_token_makes_one_post(
    default_limits, thread, other_member, published, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.post_create(
            author=other_member, thread=thread, source="Our answer", client_token="tok-1"
        )
        second = services.post_create(
            author=other_member, thread=thread, source="Our answer", client_token="tok-1"
        )

    assert first.pk == second.pk
    assert thread.posts.filter(author=other_member).count() == 1
    assert [m["post_id"] for _, m in published if m["event"] == "post.created"] == [first.pk]


def test_double_submit_of_a_new_thread_makes_one_thread(default_limits, community, member):
    data = {"title": "Briefing templates", "source": "Who has one?", "client_token": "t-9"}
    first = services.thread_create(author=member, community=community, **data)
    second = services.thread_create(author=member, community=community, **data)

    assert first.pk == second.pk
    assert Thread.objects.count() == 1


def test_the_channel_layer_failing_does_not_fail_the_write(
    thread, other_member, django_capture_on_commit_callbacks
):
    broken = mock.Mock(group_send=mock.AsyncMock(side_effect=OSError("layer down")))
    with (
        mock.patch("discussions.events.get_channel_layer", return_value=broken),
        django_capture_on_commit_callbacks(execute=True),
    ):
        post = PostFactory.create(thread=thread, author=other_member)

    assert broken.group_send.await_count >= 2  # it was tried, and failed quietly
    assert Post.objects.filter(pk=post.pk).exists()


def test_members_who_left_cannot_post(thread, other_member, community):
    membership_leave(user=other_member, community=community)
    with pytest.raises(ServiceError, match="Join the community"):
        PostFactory.create(thread=thread, author=other_member)
    assert other_member.memberships.get().status == MembershipStatus.LEFT


def test_replies_after_a_hidden_opening_post_still_notify(thread, facilitator, other_member):
    services.post_hide(actor=facilitator, post=thread.posts.get(), reason="Check first")

    PostFactory.create(thread=thread, author=other_member)

    assert Notification.objects.filter(recipient=thread.author, kind="own_thread").count() == 1
