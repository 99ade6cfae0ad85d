"""Attachments: accepted types and size, and served as downloads through Wagtail's view."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents.models import Document

from guidebook.documents import MAX_ATTACHMENT_BYTES, validate_attachment
from guidebook.models import PracticeAttachment

pytestmark = pytest.mark.django_db


PDF = b"%PDF-1.4\n% minimal\n"


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.pdf", PDF),
        ("table.xlsx", b"PK\x03\x04rest"),
        ("slides.odp", b"PK\x03\x04rest"),
        ("photo.jpg", b"\xff\xd8\xff\xe0rest"),
        ("chart.png", b"\x89PNG\r\n\x1a\nrest"),
    ],
)
def test_accepted_files(name, content):
    validate_attachment(upload(name, content))


@pytest.mark.parametrize(
    "name, content, code",
    [
        ("script.exe", b"MZ", "file_type"),
        ("page.html", b"<html>", "file_type"),
        ("drawing.svg", b"<svg/>", "file_type"),
        ("fake.pdf", b"<html><script>", "file_content"),
        ("empty.pdf", b"", "file_empty"),
    ],
)
def test_refused_files(name, content, code):
    with pytest.raises(ValidationError) as error:
        validate_attachment(upload(name, content))
    assert error.value.code == code


def test_files_over_20_mb_are_refused():
    big = upload("big.pdf", PDF)
    big.size = MAX_ATTACHMENT_BYTES + 1
    with pytest.raises(ValidationError) as error:
        validate_attachment(big)
    assert error.value.code == "file_size"


def test_submit_form_explains_a_refused_file(index, make_user, login):
    from guidebook.models import PracticePage

    browser = login(make_user())
    response = browser.post(
        "/practices/submit/",
        {
            "title": "A case",
            "summary": "Short.",
            "problem": "A problem.",
            "what_was_done": "Something.",
            "status": "idea",
            "country": "PL",
            "attachment": upload("run.exe", b"MZ"),
        },
    )
    assert response.status_code == 400
    assert "This file type is not accepted" in response.content.decode()
    assert not PracticePage.objects.exists()
    assert not Document.objects.exists()


def make_document(name="report.pdf", content=PDF):
    document = Document(title=name, file=SimpleUploadedFile(name, content))
    document.save()
    return document


def test_documents_are_served_as_downloads_with_nosniff(make_practice, client, disk_storage):
    document = make_document()
    practice = make_practice()
    PracticeAttachment.objects.create(page=practice, document=document)
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF  # streamed, not read into memory
    docx = make_document("table.xlsx", b"PK\x03\x04rest")
    response = client.get(docx.url)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_attachment_of_a_draft_is_not_served_to_the_public(
    make_practice, client, make_user, login, disk_storage
):
    document = make_document("draft.docx", b"PK\x03\x04draft")
    draft = make_practice(live=False)
    PracticeAttachment.objects.create(page=draft, document=document)
    assert client.get(document.url).status_code == 404
    assert login(make_user()).get(document.url).status_code == 404
    editor = make_user(is_superuser=True)
    response = login(editor).get(document.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
