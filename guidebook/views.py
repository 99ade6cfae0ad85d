"""Thin views over guidebook services and selectors: the member submission form, the
submitter's status page, and "Propose as good practice" from a discussion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import form_action, run
from guidebook import selectors, services
from guidebook.forms import PracticeSubmitForm, small_int
from guidebook.models import PracticeIndexPage


def _library():
    index = PracticeIndexPage.objects.live().first()
    if index is None:
        raise Http404
    return index


@login_required
def practice_submit(request):
    index = _library()
    form = PracticeSubmitForm(request.POST or None, request.FILES or None, user=request.user)
    return form_action(
        request,
        form,
        lambda data: services.practice_submit(user=request.user, **dict(data)),
        success=lambda practice: (
            _(
                "Thank you. “%(title)s” is now with the editors for review; it will "
                "be public once a moderator approves it."
            )
            % {"title": practice.title}
        ),
        redirect_to=reverse("practice_submissions"),
        render=lambda form, status: render(
            request,
            "guidebook/practice_submit.html",
            {"form": form, "library": index, "page": index},
            status=status,
        ),
    )


@login_required
def practice_submissions(request):
    return render(
        request,
        "guidebook/my_submissions.html",
        {"submissions": selectors.my_submissions(user=request.user), "library": _library()},
    )


@require_POST
@login_required
def propose_from_thread(request, thread_id: int):
    from discussions.models import Post, Thread
    from discussions.permissions import access_thread

    thread = get_object_or_404(Thread.objects.select_related("community"), pk=thread_id)
    access_thread(request.user, thread)  # 404 for anyone who may not read it
    post = None
    post_id = request.POST.get("post", "")
    if post_id:
        pk = small_int(post_id, max_digits=18)
        post = Post.objects.filter(pk=pk, thread=thread).first() if pk else None
        if post is None:
            messages.error(request, _("That post is not in this discussion."))
            return HttpResponseRedirect(thread.get_absolute_url())
    from guidebook.permissions import can_propose_from_thread, thread_is_confidential

    tags = None
    if thread_is_confidential(thread) and can_propose_from_thread(request.user, thread):
        if request.POST.get("confirm") != "1":
            # First show what would be copied from the thread; no tag is preselected.
            return render(
                request,
                "guidebook/propose_confirm.html",
                {
                    "thread": thread,
                    "post": post,
                    "preview": selectors.promotion_preview(thread=thread, post=post),
                },
            )
        tags = request.POST.getlist("tags")
    return run(
        request,
        lambda: services.practice_propose_from_thread(
            user=request.user, thread=thread, post=post, tags=tags
        ),
        success=lambda practice: (
            _(
                "Proposed as a practice case: a draft “%(title)s” is now in review. Editors can "
                "complete it in the admin before a moderator approves it."
            )
            % {"title": practice.title}
        ),
        redirect_to=thread.get_absolute_url(),
    )


def image_rendition(request, path: str):
    """``/media/images/<path>``: a rendition Wagtail made, and nothing else under
    ``MEDIA_ROOT`` (documents and original images are never served from ``MEDIA_URL``).
    A rendition of an image shown only in unpublished practice cases answers 404 to
    everyone who may not see the draft. A proxy may serve this folder itself in
    production (see the README); the names carry a random part either way."""
    import mimetypes

    from wagtail.images import get_image_model

    from guidebook.documents import image_is_public, may_see_private_upload
    from guidebook.models import PracticeImage

    if request.method not in ("GET", "HEAD"):
        raise Http404
    rendition = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(file=f"images/{path}")
        .select_related("image")
        .first()
    )
    if rendition is None:
        raise Http404
    image = rendition.image
    if not image_is_public(image) and not may_see_private_upload(
        request.user, image, PracticeImage.objects.filter(image=image)
    ):
        raise Http404
    try:
        handle = rendition.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    content_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if not image_is_public(image):
        response["Cache-Control"] = "private, no-store"
    return response
