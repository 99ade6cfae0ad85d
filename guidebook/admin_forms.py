"""The Wagtail admin's document and image forms with the public form's checks.

``WAGTAILDOCS_DOCUMENT_FORM_BASE`` and ``WAGTAILIMAGES_IMAGE_FORM_BASE`` point here, so
every upload in the admin (one file or several at once, and replacing a file) goes
through them: a document must pass ``guidebook.documents.validate_attachment`` (type,
size, first bytes), and an image must start with its format's signature and decode
completely; a file that does not is a form error, never a server error.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from guidebook.documents import extension_of, validate_attachment

IMAGE_SIGNATURES = {
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
}
# Formats Pillow decodes here: the whole image is read once, so a header followed by
# anything else is refused.
DECODED_FORMATS = {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP"}


def invalid_image() -> ValidationError:
    return ValidationError(
        _("This file is not a valid image, or its content does not match its extension."),
        code="invalid_image",
    )


def _read(data) -> bytes:
    position = data.tell() if hasattr(data, "tell") else 0
    data.seek(0)
    content = data.read()
    data.seek(position)
    return content


def check_image_upload(data) -> None:
    """Signature and a complete decode, for the formats Pillow reads."""
    from PIL import Image as PILImage

    extension = extension_of(getattr(data, "name", ""))
    content = _read(data)
    signatures = IMAGE_SIGNATURES.get(extension)
    if signatures and not any(content.startswith(s) for s in signatures):
        raise invalid_image()
    if extension == "webp" and content[8:12] != b"WEBP":
        raise invalid_image()
    expected = DECODED_FORMATS.get(extension)
    if expected is None:
        return
    try:
        with PILImage.open(io.BytesIO(content)) as image:
            if image.format != expected:
                raise invalid_image()
            width, height = image.size
            if width * height > (PILImage.MAX_IMAGE_PIXELS or width * height):
                return  # Wagtail's own pixel limit refuses it with its message
            image.load()
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - Pillow raises many kinds on broken files
        raise invalid_image() from error


class CheckedImageField(WagtailImageField):
    def to_python(self, data):
        if isinstance(data, UploadedFile):
            check_image_upload(data)
        try:
            return super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # noqa: BLE001 - Willow/Pillow on a broken file
            raise invalid_image() from error


class PraxisImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField) and not isinstance(field, CheckedImageField):
            # The field Wagtail built (label, limits, widget), with the checks above.
            field.__class__ = CheckedImageField


class PraxisDocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            validate_attachment(upload)
        return upload
