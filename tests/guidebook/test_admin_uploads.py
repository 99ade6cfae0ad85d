"""Issue 23: uploads in the Wagtail admin get the public form's checks (type, size, first
bytes); a broken image is a form error, never a 500."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db

PNG_THEN_HTML = b"\x89PNG\r\n\x1a\n" + b"<html><script>alert(1)</script></html>" * 4
JPEG_THEN_HTML = b"\xff\xd8\xff\xe0" + b"<html><body>not a picture</body></html>" * 4


def png_bytes() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), "blue").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def admin(make_user, login):
    return login(make_user(is_superuser=True, is_staff=True))


def root_collection():
    return Collection.get_first_root_node().pk


@pytest.mark.parametrize(
    "name, content",
    [
        ("header.png", PNG_THEN_HTML),
        ("header.jpg", JPEG_THEN_HTML),
        ("page.png", b"<html><body>hello</body></html>"),
        ("notes.png", b"just some text"),
    ],
)
def test_invalid_image_is_a_form_error_in_the_admin(admin, name, content):
    response = admin.post(
        "/admin/images/add/",
        {
            "title": "Bad",
            "file": SimpleUploadedFile(name, content),
            "collection": root_collection(),
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert response.context["form"].errors["file"]
    response = admin.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content), "collection": root_collection()},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not get_image_model().objects.exists()


def test_valid_image_is_accepted_in_the_admin(admin):
    response = admin.post(
        "/admin/images/add/",
        {
            "title": "Good",
            "file": SimpleUploadedFile("good.png", png_bytes()),
            "collection": root_collection(),
        },
    )
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Good").exists()
    response = admin.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("more.png", png_bytes()), "collection": root_collection()},
    )
    assert response.json()["success"] is True
    image = get_image_model().objects.get(pk=response.json()["image_id"])
    response = admin.post(
        f"/admin/images/multiple/{image.pk}/",
        {f"image-{image.pk}-title": "Renamed", f"image-{image.pk}-collection": root_collection()},
    )
    assert response.json()["success"] is True


@pytest.mark.parametrize(
    "name, content",
    [
        ("fake.pdf", b"<html><script>alert(1)</script></html>"),
        ("renamed.docx", b"MZ\x90\x00executable"),
        ("empty.pdf", b""),
    ],
)
def test_admin_document_upload_checks_the_first_bytes(admin, name, content):
    response = admin.post(
        "/admin/documents/add/",
        {
            "title": "Bad",
            "file": SimpleUploadedFile(name, content),
            "collection": root_collection(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    response = admin.post(
        "/admin/documents/multiple/add/",
        {"files[]": SimpleUploadedFile(name, content), "collection": root_collection()},
    )
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert not Document.objects.exists()


def test_admin_document_upload_accepts_a_real_pdf(admin):
    response = admin.post(
        "/admin/documents/add/",
        {
            "title": "Report",
            "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4\n% minimal\n"),
            "collection": root_collection(),
        },
    )
    assert response.status_code == 302
    assert Document.objects.filter(title="Report").exists()
