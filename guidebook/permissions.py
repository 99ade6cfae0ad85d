"""Who may see and do what in the guide and the good-practice library.

Built on ``communities.permissions`` and Wagtail's page permissions, never beside them:

- A practice case or chapter is public when it is live and has no view restriction.
  Drafts, cases in review and rejected submissions are never public: not in pages,
  listings, feeds, the API or search. People who can edit the page in the Wagtail admin
  preview it there.
- Any signed-in, active person may submit a practice (it becomes a draft in review).
- "Propose as good practice" on a thread: the community's facilitators, and editors
  (people who may add practice cases in the Wagtail admin).
- Provenance (the discussion a case came from) is shown only to people who may read that
  discussion; the others learn only that it came from a community discussion.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from communities.permissions import (
    can_facilitate,
    can_view_community,
    is_active_user,
    is_platform_admin,
)


def is_practice_editor(user, index=None) -> bool:
    """May add practice cases in the admin (superusers, Editors, Moderators, or anyone
    with "add" permission on the library page). Cached on the user for the request."""
    if not is_active_user(user):
        return False
    if is_platform_admin(user):
        return True
    cached = getattr(user, "_praxis_practice_editor", None)
    if cached is not None:
        return cached
    if not user.has_perm("wagtailadmin.access_admin"):
        # Editors work in the admin; without access to it nobody edits pages (and this
        # check reuses the permission cache the page header already filled).
        return False
    from guidebook.models import PracticeIndexPage

    index = index or PracticeIndexPage.objects.first()
    allowed = bool(index and index.permissions_for_user(user).can_add_subpage())
    user._praxis_practice_editor = allowed
    return allowed


def can_use_admin(user) -> bool:
    """Works in the Wagtail admin (so its links in a workflow e-mail lead somewhere): a
    practitioner who submitted a case does not, and is sent to the public site instead."""
    return is_active_user(user) and (
        is_platform_admin(user) or user.has_perm("wagtailadmin.access_admin")
    )


def can_view_practice(user, practice) -> bool:
    """Live cases are public; Wagtail's own serve hook enforces view restrictions (login,
    password, groups) before the page is served. Drafts are seen only as admin previews."""
    return bool(practice.live)


def can_submit_practice(user) -> bool:
    return is_active_user(user)


def can_propose_from_thread(user, thread) -> bool:
    if not is_active_user(user):
        return False
    if not can_view_community(user, thread.community):
        return False
    return can_facilitate(user, thread.community) or is_practice_editor(user)


def thread_is_confidential(thread) -> bool:
    """Is what a thread says (its text, its tags) meant for some people only: a thread of a
    members-only community, or a restricted thread? Promotion then copies no tag unless
    the person promoting chooses it, and shows them what comes from the thread."""
    return bool(thread.community.is_members_only or thread.restricted)


def can_see_provenance(user, practice) -> bool:
    """May the user see which discussion (title and link) a case came from?"""
    from discussions.permissions import can_read_thread

    thread = practice.source_thread
    if thread is None:
        return False
    return can_read_thread(user or AnonymousUser(), thread)
