"""Every write to the library from outside the Wagtail admin.

``practice_submit`` (a member's front-end submission) and ``practice_propose_from_thread``
(a facilitator or editor promoting a discussion) both create a *draft* PracticePage, save
a revision and start the "Practice review" workflow. Nothing becomes public until a
moderator approves it in the Wagtail admin. Keyword-only, atomic, and refusals raise
``ServiceError`` with a message fit for the user.
"""

from __future__ import annotations

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Collection, Workflow, WorkflowPage, WorkflowState

from communities.models import CommunityPage, Organisation, User
from communities.permissions import can_view_community
from core.errors import ServiceError
from guidebook.models import (
    RESERVED_PRACTICE_SLUGS,
    SUMMARY_MAX_LENGTH,
    PracticeAttachment,
    PracticeIndexPage,
    PracticePage,
)
from guidebook.permissions import (
    can_propose_from_thread,
    can_submit_practice,
    thread_is_confidential,
)

REVIEW_WORKFLOW_NAME = "Practice review"
SUBMISSIONS_COLLECTION = "Practice submissions"
MAX_OPEN_SUBMISSIONS = 5


def plain_to_rich_text(text: str) -> str:
    """Plain text from a form, as rich text paragraphs (escaped)."""
    text = (text or "").strip()
    return linebreaks(escape(text)) if text else ""


def review_workflow() -> Workflow:
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME, active=True).first()
    if workflow is None:
        raise ServiceError(
            _("The review workflow is not set up yet. Please tell the site administrators."),
            code="not_configured",
        )
    return workflow


def library_index() -> PracticeIndexPage:
    index = PracticeIndexPage.objects.first()
    if index is None:
        raise ServiceError(
            _("The good-practice library does not exist yet."), code="not_configured"
        )
    return index


def assign_review_workflow(index: PracticeIndexPage) -> None:
    """Make "Practice review" the workflow for the library (and cases submitted in the
    admin with "Submit for moderation"). Idempotent."""
    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})


def _unique_slug(index: PracticeIndexPage, title: str) -> str:
    base = slugify(title)[:60].strip("-") or "practice"
    taken = set(
        PracticePage.objects.child_of(index)
        .filter(slug__startswith=base)
        .values_list("slug", flat=True)
    )
    taken |= RESERVED_PRACTICE_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _submissions_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=SUBMISSIONS_COLLECTION).first()
    return existing or root.add_child(name=SUBMISSIONS_COLLECTION)


def _start_review(page: PracticePage, *, user: User) -> None:
    workflow = review_workflow()
    revision = page.save_revision(user=user, log_action=True)
    page.latest_revision = revision
    workflow.start(page, user)


def _create_draft(index: PracticeIndexPage, page: PracticePage, *, user: User) -> PracticePage:
    page.slug = _unique_slug(index, page.title)
    page.live = False
    page.has_unpublished_changes = True
    page.owner = user
    page.submitted_by = user
    page.submitted_at = timezone.now()
    index.add_child(instance=page)
    _start_review(page, user=user)
    return page


@transaction.atomic
def practice_submit(
    *,
    user: User,
    title: str,
    summary: str,
    problem: str,
    what_was_done: str,
    status: str,
    country: str,
    what_is_new: str = "",
    results: str = "",
    measurement: str = "",
    challenges: str = "",
    conditions: str = "",
    lessons: str = "",
    organisations: list[Organisation] | None = None,
    level_of_government: str = "",
    sector: str = "",
    themes: list[str] | None = None,
    year_started: int | None = None,
    contact_name: str = "",
    contact_email: str = "",
    related_community: CommunityPage | None = None,
    attachment=None,
    attachment_title: str = "",
) -> PracticePage:
    """A member's practice case becomes a draft in review; the submitter follows its
    status under "My submissions"."""
    if not can_submit_practice(user):
        raise ServiceError(_("Sign in to submit a practice."), code="anonymous")
    index = library_index()
    title = " ".join((title or "").split())
    summary = " ".join((summary or "").split())
    missing = [
        label
        for label, value in (
            (_("title"), title),
            (_("summary"), summary),
            (_("the problem"), problem),
            (_("what was done"), what_was_done),
            (_("country"), country),
        )
        if not (value or "").strip()
    ]
    if missing:
        raise ServiceError(
            _("Please fill in: %(fields)s.") % {"fields": ", ".join(missing)}, code="invalid"
        )
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise ServiceError(_("The summary is longer than 500 characters."), code="invalid")
    if related_community is not None and not can_view_community(user, related_community):
        raise ServiceError(_("Choose a community you can see."), code="not_found")
    open_count = WorkflowState.objects.filter(
        requested_by=user,
        status=WorkflowState.STATUS_IN_PROGRESS,
        content_type=ContentType.objects.get_for_model(PracticePage),
    ).count()
    if open_count >= MAX_OPEN_SUBMISSIONS:
        raise ServiceError(
            ngettext(
                "You already have %(count)d submission waiting for review. Please wait "
                "until the editors have looked at it.",
                "You already have %(count)d submissions waiting for review. Please wait "
                "until the editors have looked at them.",
                open_count,
            )
            % {"count": open_count},
            code="rate_limited",
        )

    page = PracticePage(
        title=title,
        summary=summary,
        status=status,
        country=country,
        level_of_government=level_of_government or "",
        sector=sector or "",
        year_started=year_started,
        contact_name=contact_name or "",
        contact_email=contact_email or "",
        related_community=related_community,
    )
    prose = {
        "problem": problem,
        "what_was_done": what_was_done,
        "what_is_new": what_is_new,
        "results": results,
        "measurement": measurement,
        "challenges": challenges,
        "conditions": conditions,
        "lessons": lessons,
    }
    for name, value in prose.items():
        setattr(page, name, plain_to_rich_text(value))
    if themes:
        page.themes.add(*themes)
    if organisations:
        page.organisations.set(list(organisations))
    if attachment is not None:
        from wagtail.documents import get_document_model

        document = get_document_model()(
            title=(attachment_title or attachment.name)[:255],
            file=attachment,
            collection=_submissions_collection(),
            uploaded_by_user=user,
        )
        document.save()
        page.attachments.add(PracticeAttachment(document=document, title=attachment_title))
    return _create_draft(index, page, user=user)


def _plain_text(post) -> str:
    from django.utils.html import strip_tags

    return " ".join(strip_tags(post.html).split())


@transaction.atomic
def practice_propose_from_thread(
    *,
    user: User,
    thread,
    post=None,
    title: str = "",
    text: str = "",
    tags: list[str] | None = None,
) -> PracticePage:
    """Turn a discussion (or the post marked as its answer / good practice) into a draft
    case, prefilled and with a provenance link both ways, and submit it for review.

    ``title`` and ``text`` replace the thread's title and the post's text as the draft's
    starting point (a task group's recommendations, written in its thread's context).

    ``tags``: which of the thread's tags become the case's themes. Left out, all of them
    for a public thread, and none for a thread of a members-only community or a restricted
    thread (``thread_is_confidential``): those are copied only when chosen."""
    from discussions.models import Post, Thread

    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    if not thread.community.live or not can_propose_from_thread(user, thread):
        raise ServiceError(
            _(
                "Only the community's facilitators and the library's editors can propose a "
                "discussion as a good practice."
            ),
            code="forbidden",
        )
    visible_posts = Post.objects.visible().filter(thread=thread)
    if post is not None:
        post = visible_posts.filter(pk=post.pk).select_related("author").first()
        if post is None:
            raise ServiceError(_("That post is not in this discussion."), code="not_found")
    if PracticePage.objects.filter(source_thread=thread, source_post=post).exists():
        raise ServiceError(
            _("This discussion has already been proposed as a practice case."),
            code="duplicate",
        )
    index = library_index()
    opening = visible_posts.order_by("id").first()
    source = post or opening
    if source is None:
        raise ServiceError(_("There is nothing in this discussion to propose."), code="invalid")

    organisation_ids = Counter(
        visible_posts.exclude(author__organisation=None).values_list(
            "author__organisation", flat=True
        )
    )
    organisations = list(Organisation.objects.filter(pk__in=organisation_ids))
    countries = {o.country.code for o in organisations if o.country}
    levels = {o.level_of_government for o in organisations} - {"n/a"}

    text = " ".join((text or "").split()) or _plain_text(source)
    page = PracticePage(
        title=Truncator(title or thread.title).chars(200),
        summary=Truncator(text).chars(SUMMARY_MAX_LENGTH) or thread.title,
        what_was_done=plain_to_rich_text(text),
        problem=plain_to_rich_text(_plain_text(opening)) if opening and opening != source else "",
        country=countries.pop() if len(countries) == 1 else "",
        level_of_government=levels.pop() if len(levels) == 1 else "",
        related_community=thread.community,
        source_thread=thread,
        source_post=post,
    )
    thread_tags = list(thread.tags.values_list("name", flat=True))
    if tags is None:
        tags = [] if thread_is_confidential(thread) else thread_tags
    else:
        chosen = {name.casefold() for name in tags}
        tags = [name for name in thread_tags if name.casefold() in chosen]
    if tags:
        page.themes.add(*tags)
    if organisations:
        page.organisations.set(organisations)
    return _create_draft(index, page, user=user)
