"""Every write to memberships and profiles.

Services are keyword-only, run inside a transaction, validate, and raise ``ServiceError``
with a message fit for the user. Side effects (e-mail, the ``membership_changed`` signal
that live sockets listen to) happen only on commit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log as log_action

from communities.models import (
    CommunityPage,
    DigestFrequency,
    EmailDelivery,
    EmailKind,
    JoinPolicy,
    Membership,
    MembershipRole,
    MembershipStatus,
    User,
)
from communities.permissions import (
    can_facilitate,
    can_see_card,
    can_view_community,
)
from communities.signals import membership_changed
from core.errors import ServiceError
from core.links import page_url
from core.mail import DIGEST, read_unsubscribe_token, send_mail_on_commit


def _locked_membership(*, user: User, community: CommunityPage) -> Membership | None:
    return Membership.objects.select_for_update().filter(user=user, community=community).first()


def _announce(membership: Membership, *, change: str) -> None:
    """Tell listeners (live sockets, notifications) after the transaction commits."""

    def send():
        membership_changed.send(
            sender=Membership,
            membership=membership,
            change=change,
            community_id=membership.community_id,
            user_id=membership.user_id,
        )

    transaction.on_commit(send)


def _touch_activity(community: CommunityPage) -> None:
    CommunityPage.objects.filter(pk=community.pk).update(last_activity_at=timezone.now())


def _activate(membership: Membership, *, role: str | None = None) -> Membership:
    membership.status = MembershipStatus.ACTIVE
    membership.joined_at = timezone.now()
    membership.ended_at = None
    if role:
        membership.role = role
    membership.save()
    return membership


@transaction.atomic
def membership_join(*, user: User, community: CommunityPage, message: str = "") -> Membership:
    """Join an open community at once, or ask to join an on-request one.

    Accepting an open invitation also goes through here, whatever the join policy.
    """
    if not user.is_authenticated:
        raise ServiceError(_("Sign in to join a community."), code="anonymous")
    if not can_see_card(user, community):
        raise ServiceError(_("This community does not exist."), code="not_found")
    membership = _locked_membership(user=user, community=community)
    if membership and membership.status == MembershipStatus.ACTIVE:
        raise ServiceError(_("You are already a member of this community."), code="duplicate")
    if membership and membership.status == MembershipStatus.PENDING:
        raise ServiceError(
            _("Your request to join is already waiting for a facilitator."), code="duplicate"
        )
    if membership and membership.status == MembershipStatus.INVITED:
        _activate(membership)
        _touch_activity(community)
        _announce(membership, change="joined")
        return membership
    if membership and membership.status == MembershipStatus.REMOVED:
        raise ServiceError(
            _("A facilitator removed you from this community; ask them to invite you again."),
            code="removed",
        )

    if community.join_policy == JoinPolicy.INVITATION:
        raise ServiceError(
            _("This community is by invitation only. Ask a facilitator to invite you."),
            code="invitation_only",
        )
    if community.join_policy == JoinPolicy.OPEN and can_view_community(user, community):
        membership = membership or Membership(user=user, community=community)
        membership.role = MembershipRole.MEMBER
        _activate(membership)
        _touch_activity(community)
        _announce(membership, change="joined")
        return membership

    # On request (or an open members-only community seen only through its card).
    membership = membership or Membership(user=user, community=community)
    membership.status = MembershipStatus.PENDING
    membership.role = MembershipRole.MEMBER
    membership.request_message = (message or "").strip()[:1000]
    membership.created_at = timezone.now()
    membership.ended_at = None
    membership.decided_by = None
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as error:  # a concurrent request won the race
        raise ServiceError(
            _("Your request to join is already waiting for a facilitator."), code="duplicate"
        ) from error
    send_mail_on_commit(
        recipients=User.objects.filter(
            pk__in=Membership.objects.facilitators().filter(community=community).values("user_id")
        ),
        compose=lambda _facilitator: (
            _("%(name)s asks to join %(community)s")
            % {"name": user.name, "community": community.title},
            _("Review the request on the community's manage page: %(url)s")
            % {"url": page_url(community) + "manage/"},
        ),
        kind=EmailKind.MEMBERSHIP,
    )
    _announce(membership, change="requested")
    return membership


@transaction.atomic
def membership_leave(*, user: User, community: CommunityPage) -> Membership:
    membership = _locked_membership(user=user, community=community)
    if membership is None or membership.status not in (
        MembershipStatus.ACTIVE,
        MembershipStatus.PENDING,
        MembershipStatus.INVITED,
    ):
        raise ServiceError(_("You are not a member of this community."), code="not_member")
    if membership.is_facilitator and _other_facilitators(membership).count() == 0:
        raise ServiceError(
            _(
                "You are the last facilitator. Appoint another facilitator before you leave, "
                "so the community is not left without one."
            ),
            code="last_facilitator",
        )
    was_active = membership.is_active
    membership.status = MembershipStatus.LEFT
    membership.role = MembershipRole.MEMBER
    membership.ended_at = timezone.now()
    membership.save()
    if was_active:
        _announce(membership, change="left")
    return membership


def _other_facilitators(membership: Membership):
    return (
        Membership.objects.facilitators()
        .filter(community_id=membership.community_id)
        .exclude(pk=membership.pk)
        .select_for_update()
    )


def _require_facilitator(actor: User, community: CommunityPage) -> None:
    if not can_facilitate(actor, community):
        raise ServiceError(_("Only the community's facilitators can do that."), code="forbidden")


def _log_membership(actor: User, membership: Membership, action: str, **data) -> None:
    """A facilitator's decision about a membership, in the community page's history in
    the Wagtail admin (and the site history report), in the deciding transaction."""
    log_action(
        membership.community,
        action,
        user=actor,
        data={"member": membership.user_id, "membership": membership.pk, **data},
    )


@transaction.atomic
def membership_request_decide(
    *, actor: User, membership_id: int, community: CommunityPage, approve: bool
) -> Membership:
    _require_facilitator(actor, community)
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk=membership_id, community=community)
        .first()
    )
    if membership is None or membership.status != MembershipStatus.PENDING:
        raise ServiceError(_("This request has already been handled or withdrawn."), code="stale")
    membership.decided_by = actor
    if approve:
        _activate(membership)
        _touch_activity(community)
        _announce(membership, change="joined")
    else:
        membership.status = MembershipStatus.DECLINED
        membership.ended_at = timezone.now()
        membership.save()
    _announce(membership, change="approved" if approve else "declined")
    _log_membership(actor, membership, "praxis.join_approve" if approve else "praxis.join_decline")
    send_mail_on_commit(
        recipients=[membership.user],
        compose=lambda _member: _join_decision_message(community, approved=approve),
        kind=EmailKind.MEMBERSHIP,
    )
    return membership


def _join_decision_message(community: CommunityPage, *, approved: bool) -> tuple[str, str]:
    names = {"community": community.title}
    if approved:
        return (
            _("Welcome to %(community)s") % names,
            _("Your request to join %(community)s was approved.") % names,
        )
    return (
        _("Your request to join %(community)s") % names,
        _("A facilitator declined your request to join %(community)s.") % names,
    )


@transaction.atomic
def membership_invite(*, actor: User, community: CommunityPage, invitee: User) -> Membership:
    _require_facilitator(actor, community)
    if not invitee.is_active:
        raise ServiceError(_("This account is not active."), code="inactive")
    membership = _locked_membership(user=invitee, community=community)
    if membership and membership.status == MembershipStatus.ACTIVE:
        raise ServiceError(
            _("%(name)s is already a member.") % {"name": invitee.name}, code="duplicate"
        )
    if membership and membership.status == MembershipStatus.INVITED:
        raise ServiceError(
            _("%(name)s has already been invited.") % {"name": invitee.name}, code="duplicate"
        )
    if membership and membership.status == MembershipStatus.PENDING:
        # They asked already: inviting them is the same as approving.
        membership.decided_by = actor
        _activate(membership)
        _touch_activity(community)
        _announce(membership, change="joined")
        return membership
    membership = membership or Membership(user=invitee, community=community)
    membership.status = MembershipStatus.INVITED
    membership.role = MembershipRole.MEMBER
    membership.invited_by = actor
    membership.created_at = timezone.now()
    membership.ended_at = None
    membership.save()
    send_mail_on_commit(
        recipients=[invitee],
        compose=lambda _invitee: (
            _("%(name)s invites you to %(community)s")
            % {"name": actor.name, "community": community.title},
            _("Accept or decline the invitation on %(url)s") % {"url": page_url(community)},
        ),
        kind=EmailKind.MEMBERSHIP,
    )
    return membership


@transaction.atomic
def invitation_decline(*, user: User, community: CommunityPage) -> Membership:
    membership = _locked_membership(user=user, community=community)
    if membership is None or membership.status != MembershipStatus.INVITED:
        raise ServiceError(_("There is no open invitation to decline."), code="stale")
    membership.status = MembershipStatus.DECLINED
    membership.ended_at = timezone.now()
    membership.save()
    return membership


@transaction.atomic
def membership_remove(*, actor: User, community: CommunityPage, membership_id: int) -> Membership:
    _require_facilitator(actor, community)
    membership = (
        Membership.objects.select_for_update()
        .filter(pk=membership_id, community=community, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None:
        raise ServiceError(_("This person is not an active member."), code="stale")
    if membership.user_id == actor.pk:
        raise ServiceError(_("To leave the community yourself, use Leave community."), code="self")
    if membership.is_facilitator and _other_facilitators(membership).count() == 0:
        raise ServiceError(_("The last facilitator cannot be removed."), code="last_facilitator")
    membership.status = MembershipStatus.REMOVED
    membership.role = MembershipRole.MEMBER
    membership.ended_at = timezone.now()
    membership.decided_by = actor
    membership.save()
    _announce(membership, change="removed")
    _log_membership(actor, membership, "praxis.member_remove")
    return membership


@transaction.atomic
def membership_set_role(
    *, actor: User, community: CommunityPage, membership_id: int, role: str
) -> Membership:
    """Appoint a co-facilitator, or have a facilitator step back to member."""
    _require_facilitator(actor, community)
    if role not in MembershipRole.values:
        raise ServiceError(_("Unknown role."), code="invalid")
    membership = (
        Membership.objects.select_for_update()
        .filter(pk=membership_id, community=community, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None:
        raise ServiceError(_("This person is not an active member."), code="stale")
    if membership.role == role:
        return membership
    if role == MembershipRole.MEMBER and _other_facilitators(membership).count() == 0:
        raise ServiceError(
            _("Appoint another facilitator first: a community needs at least one."),
            code="last_facilitator",
        )
    membership.role = role
    membership.save(update_fields=["role"])
    _announce(membership, change="role")
    _log_membership(actor, membership, "praxis.member_role", role=role)
    return membership


@transaction.atomic
def membership_create_facilitator(*, user: User, community: CommunityPage) -> Membership:
    """Make ``user`` an active facilitator (used when a community is set up)."""
    membership = _locked_membership(user=user, community=community) or Membership(
        user=user, community=community
    )
    _activate(membership, role=MembershipRole.FACILITATOR)
    _announce(membership, change="role")
    return membership


@transaction.atomic
def membership_enrol(*, user: User, community: CommunityPage) -> Membership:
    """Make ``user`` an active member whatever the join policy (programme coordinators
    enrol mentors and challenge teams in the programme's workspace community). An active
    membership is left as it is, role included."""
    membership = _locked_membership(user=user, community=community)
    if membership and membership.status == MembershipStatus.ACTIVE:
        return membership
    membership = _activate(membership or Membership(user=user, community=community))
    _announce(membership, change="joined")
    _touch_activity(community)
    return membership


@transaction.atomic
def profile_update(*, user: User, **fields) -> User:
    allowed = {
        "display_name",
        "first_name",
        "last_name",
        "organisation",
        "department",
        "job_title",
        "staff_level",
        "country",
        "languages",
        "language",
        "bio",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ServiceError(_("Unknown profile field."), code="invalid")
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password", "username", "email"])
    user.save(update_fields=sorted(fields))
    if "language" in fields:
        _sync_admin_language(user)
    return user


@transaction.atomic
def profile_set_language(*, user: User, language: str) -> User:
    """The language switcher, signed in: the choice is kept for pages and e-mails."""
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(_("Praxis is not available in that language."), code="invalid")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
        _sync_admin_language(user)
    return user


def _sync_admin_language(user: User) -> None:
    """Wagtail's admin and its workflow e-mails read the language from Wagtail's own
    profile: keep it the same as the person's choice in Praxis."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    if profile.preferred_language != user.language:
        profile.preferred_language = user.language
        profile.save(update_fields=["preferred_language"])


# Locales ---------------------------------------------------------------------------------


@transaction.atomic
def open_sections_in_locales() -> int:
    """Give every content locale the site's sections (the home page and its live child
    pages: communities, guide, library, programmes) as Wagtail aliases of the English
    pages, so that an editor can "Translate" a chapter or a case straight into a locale
    (simple_translation copies a page only under a parent that exists in that locale).
    An alias shows and follows its English original until an editor translates it.
    Idempotent; returns how many aliases it made."""
    from wagtail.models import Locale, Site

    from communities.models import HomePage

    made = 0
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is None:  # an emptied database (a transactional test's flush)
        return made
    for site in Site.objects.select_related("root_page"):
        home = site.root_page.specific
        if not isinstance(home, HomePage) or home.locale_id != default.pk or not home.live:
            continue
        sections = [home, *home.get_children().live().filter(locale=default).specific()]
        for locale in Locale.objects.exclude(pk=default.pk):
            for page in sections:
                if not page.has_translation(locale):
                    page.copy_for_translation(locale, copy_parents=True, alias=True)
                    made += 1
    return made


# E-mail preferences ---------------------------------------------------------------------


@transaction.atomic
def email_preferences_set(*, user: User, deliveries: dict[str, str], digest_frequency: str) -> User:
    """For each kind of e-mail: straight away, in the digest or never; and how often the
    digest comes. Unknown kinds or choices change nothing."""
    unknown = set(deliveries) - set(EmailKind.values)
    if unknown or any(choice not in EmailDelivery.values for choice in deliveries.values()):
        raise ServiceError(_("Choose straight away, in the digest or never."), code="invalid")
    if digest_frequency not in DigestFrequency.values:
        raise ServiceError(_("Choose daily, weekly or never for the digest."), code="invalid")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.email_preferences = {**(user.email_preferences or {}), **deliveries}
    user.digest_frequency = digest_frequency
    user.save(update_fields=["email_preferences", "digest_frequency"])
    return user


@transaction.atomic
def email_unsubscribe(*, token: str) -> tuple[User, str]:
    """One-click unsubscribe from an e-mail's link (RFC 8058): turns off the kind the link
    was made for, without signing in. An altered link changes nothing."""
    found = read_unsubscribe_token(token)
    user = User.objects.select_for_update().filter(pk=found[0]).first() if found else None
    if user is None or found[1] not in {*EmailKind.values, DIGEST}:
        raise ServiceError(
            _("This unsubscribe link is not valid. Change your e-mail settings on your profile."),
            code="invalid_link",
        )
    kind = found[1]
    if kind == DIGEST:
        user.digest_frequency = DigestFrequency.NEVER
        user.save(update_fields=["digest_frequency"])
    else:
        user.email_preferences = {**(user.email_preferences or {}), kind: EmailDelivery.NEVER}
        user.save(update_fields=["email_preferences"])
    return user, kind
