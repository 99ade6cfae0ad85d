import pytest
from django.core import mail

from communities import services
from communities.models import JoinPolicy, Membership, MembershipRole, MembershipStatus, Visibility
from core.errors import ServiceError

pytestmark = pytest.mark.django_db


def facilitated(make_community, make_membership, **kwargs):
    community = make_community(**kwargs)
    facilitator = make_membership(community=community, role=MembershipRole.FACILITATOR).user
    return community, facilitator


def test_joining_an_open_community_is_one_step(make_community, make_user):
    community = make_community()
    user = make_user()

    membership = services.membership_join(user=user, community=community)

    assert membership.status == MembershipStatus.ACTIVE
    assert membership.role == MembershipRole.MEMBER
    assert membership.joined_at is not None


def test_joining_twice_creates_no_second_membership_and_says_so(make_community, make_user):
    community = make_community()
    user = make_user()
    services.membership_join(user=user, community=community)

    with pytest.raises(ServiceError, match="already a member"):
        services.membership_join(user=user, community=community)

    assert Membership.objects.filter(user=user, community=community).count() == 1


def test_on_request_community_queues_a_request_and_emails_facilitators(
    make_community, make_membership, make_user, django_capture_on_commit_callbacks
):
    community, facilitator = facilitated(
        make_community, make_membership, join_policy=JoinPolicy.REQUEST
    )
    user = make_user()

    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_join(
            user=user, community=community, message="I run our unit's expert panel."
        )

    assert membership.status == MembershipStatus.PENDING
    assert membership.request_message == "I run our unit's expert panel."
    assert [m.to for m in mail.outbox] == [[facilitator.email]]
    with pytest.raises(ServiceError, match="already waiting"):
        services.membership_join(user=user, community=community)


def test_facilitator_approves_and_declines_requests(make_community, make_membership, make_user):
    community, facilitator = facilitated(
        make_community, make_membership, join_policy=JoinPolicy.REQUEST
    )
    first = services.membership_join(user=make_user(), community=community)
    second = services.membership_join(user=make_user(), community=community)

    services.membership_request_decide(
        actor=facilitator, community=community, membership_id=first.pk, approve=True
    )
    services.membership_request_decide(
        actor=facilitator, community=community, membership_id=second.pk, approve=False
    )

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == MembershipStatus.ACTIVE
    assert first.decided_by == facilitator
    assert second.status == MembershipStatus.DECLINED
    with pytest.raises(ServiceError, match="already been handled"):
        services.membership_request_decide(
            actor=facilitator, community=community, membership_id=first.pk, approve=False
        )


def test_a_member_cannot_decide_requests(make_community, make_membership, make_user):
    community, _ = facilitated(make_community, make_membership, join_policy=JoinPolicy.REQUEST)
    member = make_membership(community=community).user
    pending = services.membership_join(user=make_user(), community=community)

    with pytest.raises(ServiceError, match="Only the community's facilitators"):
        services.membership_request_decide(
            actor=member, community=community, membership_id=pending.pk, approve=True
        )

    pending.refresh_from_db()
    assert pending.status == MembershipStatus.PENDING


def test_invitation_only_community_refuses_self_join_but_accepts_invitees(
    make_community, make_membership, make_user
):
    community, facilitator = facilitated(
        make_community, make_membership, join_policy=JoinPolicy.INVITATION
    )
    user = make_user()
    with pytest.raises(ServiceError, match="invitation only"):
        services.membership_join(user=user, community=community)
    assert not Membership.objects.filter(user=user, community=community).exists()

    services.membership_invite(actor=facilitator, community=community, invitee=user)
    membership = services.membership_join(user=user, community=community)

    assert membership.status == MembershipStatus.ACTIVE
    assert membership.invited_by == facilitator


def test_declining_an_invitation(make_community, make_membership, make_user):
    community, facilitator = facilitated(
        make_community, make_membership, join_policy=JoinPolicy.INVITATION
    )
    user = make_user()
    services.membership_invite(actor=facilitator, community=community, invitee=user)

    services.invitation_decline(user=user, community=community)

    assert Membership.objects.get(user=user, community=community).status == "declined"


def test_members_only_open_community_seen_through_its_card_becomes_a_request(
    make_community, make_membership, make_user
):
    community, _ = facilitated(
        make_community, make_membership, visibility=Visibility.MEMBERS, listed_in_index=True
    )

    membership = services.membership_join(user=make_user(), community=community)

    assert membership.status == MembershipStatus.PENDING


def test_unlisted_members_only_community_cannot_be_joined_by_outsiders(
    make_community, make_membership, make_user
):
    community, _ = facilitated(
        make_community, make_membership, visibility=Visibility.MEMBERS, listed_in_index=False
    )
    user = make_user()

    with pytest.raises(ServiceError, match="does not exist"):
        services.membership_join(user=user, community=community)
    assert not Membership.objects.filter(user=user).exists()


def test_leaving_and_rejoining_reuses_the_membership_row(make_community, make_user):
    community = make_community()
    user = make_user()
    services.membership_join(user=user, community=community)

    left = services.membership_leave(user=user, community=community)
    assert left.status == MembershipStatus.LEFT
    rejoined = services.membership_join(user=user, community=community)

    assert rejoined.pk == left.pk
    assert rejoined.status == MembershipStatus.ACTIVE


def test_leaving_a_community_you_are_not_in_is_refused(make_community, make_user):
    with pytest.raises(ServiceError, match="not a member"):
        services.membership_leave(user=make_user(), community=make_community())


def test_last_facilitator_cannot_leave_without_handing_over(make_community, make_membership):
    community, facilitator = facilitated(make_community, make_membership)
    member = make_membership(community=community)

    with pytest.raises(ServiceError, match="last facilitator"):
        services.membership_leave(user=facilitator, community=community)
    with pytest.raises(ServiceError, match="at least one"):
        services.membership_set_role(
            actor=facilitator,
            community=community,
            membership_id=Membership.objects.get(user=facilitator).pk,
            role=MembershipRole.MEMBER,
        )

    services.membership_set_role(
        actor=facilitator,
        community=community,
        membership_id=member.pk,
        role=MembershipRole.FACILITATOR,
    )
    services.membership_leave(user=facilitator, community=community)

    member.refresh_from_db()
    assert member.is_facilitator
    assert Membership.objects.get(user=facilitator).status == MembershipStatus.LEFT


def test_facilitator_removes_a_member_who_then_cannot_rejoin_alone(make_community, make_membership):
    community, facilitator = facilitated(make_community, make_membership)
    member = make_membership(community=community)

    services.membership_remove(actor=facilitator, community=community, membership_id=member.pk)

    member.refresh_from_db()
    assert member.status == MembershipStatus.REMOVED
    with pytest.raises(ServiceError, match="removed you"):
        services.membership_join(user=member.user, community=community)


def test_non_facilitator_cannot_remove_or_promote(make_community, make_membership):
    community, _ = facilitated(make_community, make_membership)
    member = make_membership(community=community)
    other = make_membership(community=community)

    with pytest.raises(ServiceError):
        services.membership_remove(actor=member.user, community=community, membership_id=other.pk)
    with pytest.raises(ServiceError):
        services.membership_set_role(
            actor=member.user,
            community=community,
            membership_id=member.pk,
            role=MembershipRole.FACILITATOR,
        )
    other.refresh_from_db()
    member.refresh_from_db()
    assert other.is_active and member.role == MembershipRole.MEMBER


def test_inviting_someone_who_asked_approves_them(make_community, make_membership, make_user):
    community, facilitator = facilitated(
        make_community, make_membership, join_policy=JoinPolicy.REQUEST
    )
    user = make_user()
    services.membership_join(user=user, community=community)

    membership = services.membership_invite(actor=facilitator, community=community, invitee=user)

    assert membership.status == MembershipStatus.ACTIVE


def test_membership_changes_are_announced_only_after_commit(
    make_community, make_user, django_capture_on_commit_callbacks
):
    from communities.signals import membership_changed

    received = []

    def listener(**kwargs):
        received.append((kwargs["change"], kwargs["user_id"]))

    membership_changed.connect(listener)
    try:
        community = make_community()
        user = make_user()
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.membership_join(user=user, community=community)
        assert received == []
        for callback in callbacks:
            callback()
        assert received == [("joined", user.pk)]
    finally:
        membership_changed.disconnect(listener)


def test_profile_update_rejects_unknown_fields(make_user):
    user = make_user()
    with pytest.raises(ServiceError):
        services.profile_update(user=user, is_superuser=True)
    user.refresh_from_db()
    assert not user.is_superuser
