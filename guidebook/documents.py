"""Attachment rules for practice cases: which files, how big, and how they are served.

Uploads are limited to office documents, PDF and pictures of at most 20 MB, and the first
bytes must match the extension (a renamed executable is refused). Documents are served
through Wagtail's document view, so collection privacy applies; the ``before_serve_document``
hook in ``guidebook.wagtail_hooks`` adds two rules: a file attached only to unpublished
practice cases is served to nobody but editors, and every file is sent as a download
(``Content-Disposition: attachment``, ``X-Content-Type-Options: nosniff``), never inline.

No upload is reachable by a guessable static URL: every new document is stored under a
random directory (``documents/<token>/<name>``, so the download keeps its name) and every
new image under a random prefix (``original_images/<token>_<name>``, which its renditions
inherit). Documents and original images are never served from ``MEDIA_URL``; renditions
(``/media/images/``) are served by ``guidebook.views.image_rendition``, which refuses those
of an image shown only in unpublished practice cases to anyone but the people who may see
the draft (``may_see_private_upload``).
"""

from __future__ import annotations

import os
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ZIP = (b"PK\x03\x04",)
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "docx": ZIP,
    "xlsx": ZIP,
    "pptx": ZIP,
    "odt": ZIP,
    "ods": ZIP,
    "odp": ZIP,
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
ALLOWED_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "png", "jpg")


def extension_of(name: str) -> str:
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def validate_attachment(upload) -> None:
    """Raise ValidationError with a message for the person who uploaded ``upload``."""
    extension = extension_of(upload.name)
    if extension not in SIGNATURES:
        raise ValidationError(
            _("This file type is not accepted. Upload one of: %(types)s.")
            % {"types": ", ".join(ALLOWED_EXTENSIONS)},
            code="file_type",
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(MAX_ATTACHMENT_BYTES),
            },
            code="file_size",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise ValidationError(
            _("The file's content does not match its .%(extension)s extension.")
            % {"extension": extension},
            code="file_content",
        )


def document_is_public(document) -> bool:
    """False when the document is attached only to practice cases that are not live.

    Documents used elsewhere (a guide chapter, a live case) or nowhere in the library
    follow Wagtail's own rules (collection privacy)."""
    from guidebook.models import PracticeAttachment

    links = PracticeAttachment.objects.filter(document=document)
    if not links.exists():
        return True
    return links.filter(page__live=True).exists()


def image_is_public(image) -> bool:
    """False when the image is shown only in practice cases that are not live."""
    from guidebook.models import PracticeImage

    links = PracticeImage.objects.filter(image=image)
    if not links.exists():
        return True
    return links.filter(page__live=True).exists()


def may_see_private_upload(user, upload, links) -> bool:
    """May ``user`` fetch a document or image attached only to drafts? Editors, the person
    who uploaded it, and the owner or submitter of a draft it is attached to."""
    from communities.permissions import is_active_user
    from guidebook.permissions import is_practice_editor

    if not is_active_user(user):
        return False
    if is_practice_editor(user) or upload.uploaded_by_user_id == user.pk:
        return True
    return links.filter(models.Q(page__owner=user) | models.Q(page__submitted_by=user)).exists()


def unguessable_upload_name(sender, instance, **kwargs) -> None:
    """``pre_save`` of documents and images: give a new file a random part in its stored
    name, so nobody can reach it by guessing ``/media/<folder>/<uploader's name>``."""
    file = getattr(instance, "file", None)
    if not file or getattr(file, "_committed", True):
        return
    name = os.path.basename(file.name or "") or "upload"
    token = secrets.token_urlsafe(12).replace("-", "x").replace("_", "x")
    if sender._meta.label_lower == "wagtaildocs.document" or hasattr(sender, "document_ptr"):
        # A directory: the download keeps the uploader's file name.
        file.name = f"{token}/{name}"
    else:
        # Images: a prefix, so renditions (named after the original) carry it too.
        file.name = f"{token}_{name}"


def connect_upload_names() -> None:
    from django.db.models.signals import pre_save
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    for model in (get_document_model(), get_image_model()):
        pre_save.connect(unguessable_upload_name, sender=model, dispatch_uid=f"names-{model}")


def serve_as_download(document, request):
    """Enforce the library's rules, then leave serving to Wagtail unless the file would be
    shown inline (PDF by default), in which case send it as a download here."""
    from guidebook.models import PracticeAttachment

    if not document_is_public(document) and not may_see_private_upload(
        request.user, document, PracticeAttachment.objects.filter(document=document)
    ):
        raise Http404
    if document.content_disposition == "inline":
        # Wagtail only accepts an HttpResponse from this hook (not a streaming one), so
        # the file (at most 20 MB) is read into memory. Setting
        # WAGTAILDOCS_INLINE_CONTENT_TYPES = [] lets Wagtail stream it as a download
        # itself, and this branch is then never taken.
        with document.file.open("rb") as handle:
            response = HttpResponse(handle.read(), content_type=document.content_type)
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=document.filename
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'"
        return response
    return None
