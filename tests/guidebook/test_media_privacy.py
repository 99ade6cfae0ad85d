"""Issue 23: uploads of a practice case in review are never reachable by a static URL.

Every media URL of a draft's attachments (the document's view and its storage URL, the
original image, a rendition) answers 404 to an outsider, anonymous or signed in; the owner
and the editors get the document and the rendition through the permitted views; documents
and original images are never served from MEDIA_URL, whatever DEBUG says; stored names
carry a random part."""

from __future__ import annotations

import importlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images import get_image_model

from guidebook.models import PracticeAttachment, PracticeImage
from tests.conftest import clear_cache

pytestmark = pytest.mark.django_db


def png_bytes() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def draft_with_uploads(make_practice, make_user, disk_storage):

    clear_cache()  # Wagtail caches renditions by image id, which a new test may reuse
    owner = make_user()
    draft = make_practice(live=False, owner=owner, submitted_by=owner)
    document = Document(
        title="Draft report", file=SimpleUploadedFile("draft-report.docx", b"PK\x03\x04draft")
    )
    document.save()
    PracticeAttachment.objects.create(page=draft, document=document)
    image = get_image_model()(
        title="Draft photo", file=SimpleUploadedFile("photo.png", png_bytes())
    )
    image.save()
    PracticeImage.objects.create(page=draft, image=image, alt_text="A photo")
    rendition = image.get_rendition("max-20x20")
    return {
        "owner": owner,
        "document": document,
        "image": image,
        "rendition": rendition,
        "urls": [document.url, document.file.url, image.file.url, rendition.url],
    }


def test_stored_names_are_not_the_uploaders_names(draft_with_uploads):
    document, image = draft_with_uploads["document"], draft_with_uploads["image"]
    assert document.file.name.startswith("documents/")
    assert document.file.name != "documents/draft-report.docx"
    assert document.filename == "draft-report.docx"  # the download keeps its name
    assert image.file.name.startswith("original_images/")
    assert image.file.name != "original_images/photo.png"
    assert draft_with_uploads["rendition"].file.name != "images/photo.max-20x20.png"


def test_every_media_url_of_a_draft_is_404_to_outsiders(
    draft_with_uploads, client, make_user, login
):
    urls = draft_with_uploads["urls"]
    assert [url.split("/")[1:3] for url in urls[1:]] == [
        ["media", "documents"],
        ["media", "original_images"],
        ["media", "images"],
    ]
    for browser in (client, login(make_user())):
        for url in urls:
            assert browser.get(url).status_code == 404, url


def test_owner_and_editor_get_the_draft_through_the_permitted_views(
    draft_with_uploads, login, make_user
):
    document_view, document_file, original, rendition = draft_with_uploads["urls"]
    for person in (draft_with_uploads["owner"], make_user(is_superuser=True)):
        browser = login(person)
        response = browser.get(document_view)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"PK\x03\x04draft"
        response = browser.get(rendition)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/png"
        assert response["Cache-Control"] == "private, no-store"
        # Never from MEDIA_URL, not even for them.
        assert browser.get(document_file).status_code == 404
        assert browser.get(original).status_code == 404


def test_rendition_of_a_published_case_is_public(draft_with_uploads, client):
    image = draft_with_uploads["image"]
    page = PracticeImage.objects.get(image=image).page
    page.save_revision().publish()
    response = client.get(draft_with_uploads["rendition"].url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get("/media/images/").status_code == 404  # nothing is listed
    assert client.get("/media/images/not-a-rendition.png").status_code == 404


@pytest.fixture
def debug_urls(settings):
    """The URLs as `make run` builds them (DEBUG on)."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def test_media_is_not_served_statically_with_debug_on(draft_with_uploads, client, debug_urls):
    for url in draft_with_uploads["urls"]:
        assert client.get(url).status_code == 404, url
