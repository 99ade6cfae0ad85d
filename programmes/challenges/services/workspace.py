"""The members-only workspace thread of a selected challenge and who may read it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from communities.models import User
from programmes.models import (
    Challenge,
    ChallengeTeamMember,
    ProgrammePage,
)


def _workspace_text(challenge: Challenge) -> str:
    return _(
        "The workspace of the challenge **%(title)s** (%(organisation)s), selected in %(round)s "
        "of %(programme)s. Only the team, the mentor and the submitter can read it: post "
        "progress updates, questions and results here. [Challenge page](%(url)s)"
    ) % {
        "title": challenge.title,
        "organisation": challenge.organisation.name,
        "round": str(challenge.round),
        "programme": challenge.round.programme.title,
        "url": challenge.get_absolute_url(),
    }


def _readers(challenge: Challenge) -> set[int]:
    """Submitter, mentor, team and the programme's coordinators (who run the round)."""
    ids = {challenge.submitted_by_id}
    ids.update(
        ProgrammePage.coordinators.through.objects.filter(
            programmepage_id=challenge.round.programme_id
        ).values_list("user_id", flat=True)
    )
    if challenge.mentor_id:
        ids.add(challenge.mentor_id)
    ids.update(
        ChallengeTeamMember.objects.filter(challenge=challenge).values_list("user_id", flat=True)
    )
    return ids


def _sync_readers(challenge: Challenge) -> None:
    """The workspace thread's readers are exactly ``_readers`` (and the thread's author);
    open sockets re-check their access after commit."""
    from discussions import events as discussion_events
    from discussions.models import Thread

    if challenge.workspace_thread_id is None:
        return
    thread = Thread.objects.get(pk=challenge.workspace_thread_id)
    thread.readers.set(sorted(_readers(challenge) | {thread.author_id}))
    discussion_events.thread_readers_changed([thread.pk])


def _open_workspace(challenge: Challenge, *, actor: User, community) -> None:
    """Create the challenge's members-only thread in the workspace community, written by
    its submitter (or, if they have just posted, by the announcing coordinator)."""
    from communities.services import membership_enrol
    from discussions import services as discussion_services
    from discussions.models import Thread

    for person in User.objects.filter(pk__in=_readers(challenge), is_active=True):
        membership_enrol(user=person, community=community)
    title = (_("Workspace: %(title)s") % {"title": challenge.title})[:200]
    # Written by the submitter when they can still sign in, else by the announcing
    # coordinator; one click opens every workspace, so the posting limits do not apply.
    author = challenge.submitted_by if challenge.submitted_by.is_active else actor
    membership_enrol(user=author, community=community)
    thread = discussion_services.thread_create(
        author=author,
        community=community,
        title=title,
        source=_workspace_text(challenge),
        tags=["challenge workspace"],
        rate_limited=False,
    )
    # In the same transaction as its first post: the live event sent on commit already
    # sees the restriction and stays out of the community feed.
    Thread.objects.filter(pk=thread.pk).update(restricted=True)
    challenge.workspace_thread = thread
    challenge.save(update_fields=["workspace_thread", "updated_at"])
    _sync_readers(challenge)
