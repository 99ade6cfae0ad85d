"""Thin views over discussions services and selectors.

Forms work without JavaScript (post, redirect); with JavaScript the same endpoints answer
JSON when asked (``Accept: application/json``), and new posts arrive over the socket.
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from communities.models import CommunityPage
from communities.permissions import access_community, can_facilitate
from core.db_retry import repeatable_with_client_token
from core.errors import ServiceError
from core.views import done, error_payload, form_action, run, wants_json, with_retry_after
from discussions import selectors, services
from discussions.forms import FlagForm, HideForm, MoveForm, PostForm, ThreadForm
from discussions.models import Flag, Post, ReactionKind, Thread
from discussions.permissions import access_thread, can_edit_post, can_see_post


def _new_client_token() -> str:
    """Without JavaScript, a form posted twice (double click, resubmit) makes one post."""
    return uuid.uuid4().hex


def _thread_for(request, thread_id: int) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("community", "author", "author__organisation"),
        pk=thread_id,
    )
    if not thread.community.live:
        raise Http404
    access_thread(request.user, thread)
    return thread


def _post_for(request, post_id: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread__community", "author"), pk=post_id)
    access_thread(request.user, post.thread)
    if not can_see_post(request.user, post):
        raise Http404
    return post


@require_safe
def post_permalink(request, post_id: int):
    """``/posts/<id>/``: a post's lasting address, sent to the page of its thread that
    holds it (a 404 like a missing post for anyone who may not read it)."""
    post = _post_for(request, post_id)
    if not post.thread.community.live:
        raise Http404
    return HttpResponseRedirect(selectors.post_permalink(user=request.user, post=post))


def _render_thread(
    request, thread: Thread, *, form: PostForm, page_number=None, language="", status=200
):
    context = selectors.thread_page_context(
        thread=thread, user=request.user, page_number=page_number, language=language
    )
    language = context["language_filter"]
    # Filtered to one language, the posts in the others are not read yet.
    if (
        request.user.is_authenticated
        and not language
        and context["last_post_id"] > context["last_read_id"]
    ):
        services.mark_read(user=request.user, thread=thread, post_id=context["last_post_id"])
    context.update(
        form=form,
        page=thread.community,
        # Signed out: the posts come without controls (forms and CSRF tokens) to use.
        read_only=not request.user.is_authenticated,
        # Pages of a thread filtered to one language stay filtered.
        querystring=urlencode({"language": language}) if language else "",
    )
    return render(request, "discussions/thread_detail.html", context, status=status)


@require_safe
def thread_detail(request, thread_id: int):
    thread = _thread_for(request, thread_id)
    reply_to = request.GET.get("reply_to", "")
    form = PostForm(
        initial={
            # The "Reply" link under a post works without JavaScript too.
            "reply_to": int(reply_to) if reply_to.isdigit() else None,
            "source": request.GET.get("quote", "")[: services.limit("MAX_POST_LENGTH")],
            "client_token": _new_client_token(),
        }
    )
    return _render_thread(
        request,
        thread,
        form=form,
        page_number=request.GET.get("page"),
        language=request.GET.get("language", ""),
    )


@login_required
@repeatable_with_client_token
def thread_create(request, community_id: int):
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    access_community(request.user, community)
    form = ThreadForm(request.POST or None, initial={"client_token": _new_client_token()})
    return form_action(
        request,
        form,
        lambda data: services.thread_create(
            author=request.user,
            community=community,
            title=data["title"],
            source=data["source"],
            tags=data["tags"],
            language=data["language"] or None,
            client_token=data["client_token"],
        ),
        success="",
        redirect_to=lambda thread: thread.get_absolute_url(),
        render=lambda form, status: render(
            request,
            "discussions/thread_form.html",
            {"form": form, "community": community, "page": community},
            status=status,
        ),
    )


@require_POST
@login_required
@repeatable_with_client_token
def post_reply(request, thread_id: int):
    thread = _thread_for(request, thread_id)
    form = PostForm(request.POST)
    error = None
    if not form.is_valid():
        error = ServiceError(" ".join(e for errors in form.errors.values() for e in errors))
    else:
        try:
            post = services.post_create(
                author=request.user,
                thread=thread,
                source=form.cleaned_data["source"],
                reply_to_id=form.cleaned_data["reply_to"],
                language=form.cleaned_data["language"] or None,
                client_token=form.cleaned_data["client_token"],
            )
        except ServiceError as refused:
            error = refused
            form.add_error(None, refused.message)
    if error is not None:
        if wants_json(request):
            return with_retry_after(JsonResponse(error_payload(error)), error)
        # Without JavaScript: the thread again, with the message and the text kept.
        response = _render_thread(request, thread, form=form, page_number="last")
        return with_retry_after(response, error)
    return done(
        request,
        "",
        redirect_to=f"{thread.get_absolute_url()}?page=last#post-{post.pk}",
        post_id=post.pk,
    )


@require_POST
@login_required
def post_preview(request):
    """The server's rendering of a draft (one rendering path). Asked for from a thread
    (``?thread=<id>``), only someone who can read that thread gets an answer."""
    from discussions.rendering import render_markdown

    thread_id = request.GET.get("thread") or request.POST.get("thread")
    if thread_id is not None:
        if not str(thread_id).isdigit():
            raise Http404
        _thread_for(request, int(thread_id))
    source = request.POST.get("source", "")[: services.limit("MAX_POST_LENGTH")]
    return JsonResponse({"html": render_markdown(source)})


@login_required
def post_edit(request, post_id: int):
    post = _post_for(request, post_id)
    if not can_edit_post(request.user, post):
        raise Http404
    return form_action(
        request,
        PostForm(request.POST or None, initial={"source": post.source, "language": post.language}),
        lambda data: services.post_edit(
            editor=request.user, post=post, source=data["source"], language=data["language"] or None
        ),
        success=_("Your post was updated."),
        redirect_to=f"{post.thread.get_absolute_url()}#post-{post.pk}",
        render=lambda form, status: render(
            request,
            "discussions/post_edit.html",
            {"form": form, "post": post, "thread": post.thread, "page": post.thread.community},
            status=status,
        ),
    )


@require_POST
@login_required
def post_delete(request, post_id: int):
    post = _post_for(request, post_id)
    return run(
        request,
        lambda: services.post_delete(user=request.user, post=post),
        success=_("Your post was deleted."),
        redirect_to=post.thread.get_absolute_url(),
    )


@require_POST
@login_required
def post_hide(request, post_id: int):
    post = _post_for(request, post_id)
    form = HideForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run(
        request,
        lambda: services.post_hide(actor=request.user, post=post, reason=reason),
        success=_("The post is hidden from members."),
        redirect_to=post.thread.get_absolute_url(),
    )


@require_POST
@login_required
def post_unhide(request, post_id: int):
    post = _post_for(request, post_id)
    return run(
        request,
        lambda: services.post_unhide(actor=request.user, post=post),
        success=_("The post is visible again."),
        redirect_to=post.thread.get_absolute_url(),
    )


@require_POST
@login_required
def post_flag(request, post_id: int):
    post = _post_for(request, post_id)
    form = FlagForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return run(
        request,
        lambda: services.flag_create(reporter=request.user, post=post, reason=reason),
        success=_("Thank you. The facilitators will look at the post."),
        redirect_to=post.thread.get_absolute_url(),
    )


@require_POST
@login_required
def post_react(request, post_id: int, kind: str):
    post = _post_for(request, post_id)
    if kind not in ReactionKind.values:
        raise Http404
    return run(
        request,
        lambda: services.reaction_toggle(user=request.user, post=post, kind=kind),
        success="",
        redirect_to=f"{post.thread.get_absolute_url()}#post-{post.pk}",
        data=lambda on: {"on": on},
    )


@require_POST
@login_required
def post_answer(request, post_id: int):
    post = _post_for(request, post_id)
    clear = request.POST.get("clear") == "1"
    return run(
        request,
        lambda: services.answer_mark(actor=request.user, post=post, clear=clear),
        success=_("Answer cleared.") if clear else _("Marked as the answer / good practice."),
        redirect_to=post.thread.get_absolute_url(),
    )


@require_POST
@login_required
def thread_moderate(request, thread_id: int, action: str):
    thread = _thread_for(request, thread_id)
    changes = {
        "pin": {"pinned": True},
        "unpin": {"pinned": False},
        "lock": {"locked": True},
        "unlock": {"locked": False},
    }.get(action)
    if changes is None:
        raise Http404
    return run(
        request,
        lambda: services.thread_set_flags(actor=request.user, thread=thread, **changes),
        success=_("Thread updated."),
        redirect_to=thread.get_absolute_url(),
    )


@login_required
def thread_move(request, thread_id: int):
    thread = _thread_for(request, thread_id)
    if not can_facilitate(request.user, thread.community):
        raise Http404
    targets = selectors.move_targets(user=request.user, thread=thread)
    return form_action(
        request,
        MoveForm(request.POST or None, communities=targets),
        lambda data: services.thread_move(
            actor=request.user,
            thread=thread,
            to_community=data["community"],
            reason=data["reason"],
        ),
        success=_("The thread was moved."),
        redirect_to=thread.get_absolute_url(),
        render=lambda form, status: render(
            request,
            "discussions/thread_move.html",
            {"form": form, "thread": thread, "page": thread.community},
            status=status,
        ),
    )


@require_POST
@login_required
def thread_follow(request, thread_id: int):
    thread = _thread_for(request, thread_id)
    follow = request.POST.get("follow") == "1"
    services.follow_set(user=request.user, thread=thread, follow=follow)
    return done(
        request,
        _("You follow this thread.") if follow else _("You no longer follow this thread."),
        redirect_to=thread.get_absolute_url(),
        following=follow,
    )


@require_safe
@login_required
def mention_candidates(request, thread_id: int):
    thread = _thread_for(request, thread_id)
    return JsonResponse(
        {
            "results": selectors.mention_candidates(
                community=thread.community, prefix=request.GET.get("q", "")
            )
        }
    )


@require_safe
@login_required
def community_mention_candidates(request, community_id: int):
    """Members to @mention while starting a thread (the same list as in its threads)."""
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    access_community(request.user, community)
    return JsonResponse(
        {
            "results": selectors.mention_candidates(
                community=community, prefix=request.GET.get("q", "")
            )
        }
    )


@login_required
def notifications(request):
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        return done(
            request, _("All notifications marked as read."), redirect_to="/me/notifications/"
        )
    return render(
        request,
        "discussions/notifications.html",
        {"notifications": selectors.notifications_for(user=request.user)},
    )


@login_required
def moderation_queue(request, community_id: int):
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    access_community(request.user, community)
    if not can_facilitate(request.user, community):
        raise Http404
    if request.method == "POST":
        flag_id = request.POST.get("flag", "")
        if not flag_id.isdigit():
            raise Http404
        flag = get_object_or_404(
            Flag.objects.select_related("post__thread"),
            pk=int(flag_id),
            post__thread__community=community,
        )
        return run(
            request,
            lambda: services.flag_dismiss(actor=request.user, flag=flag),
            success=_("Report dismissed."),
            redirect_to=request.path,
        )
    return render(
        request,
        "discussions/moderation.html",
        {
            "community": community,
            "page": community,
            "flags": selectors.open_flags(community=community),
            "log": selectors.moderation_log(community=community),
            "hide_form": HideForm(),
        },
    )
