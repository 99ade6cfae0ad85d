"""The review workflow's e-mails link to PRAXIS_BASE_URL: the moderator to the admin, the
practitioner who submitted the case to the public site (never to an admin they cannot
open), and no link says ``localhost``."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from guidebook import services
from tests.conftest import PUBLIC_BASE_URL
from tests.guidebook.test_workflow import FORM, approve, reject

pytestmark = pytest.mark.django_db

BASE = PUBLIC_BASE_URL


@pytest.fixture(autouse=True)
def on_the_public_address(public_base_url):
    return public_base_url


def links(message) -> list[str]:
    found = re.findall(r"https?://[^\s\"<>]+", message.body)
    for _content, _mimetype in getattr(message, "alternatives", []):
        found += re.findall(r"https?://[^\s\"<>]+", _content)
    return found


def mail_to(address: str):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def test_the_moderator_is_sent_to_the_admin_on_the_base_url(
    index, make_user, login, moderator, django_capture_on_commit_callbacks
):
    moderator.email = "moderator@example.gov"
    moderator.save()
    with django_capture_on_commit_callbacks(execute=True):
        login(make_user()).post("/practices/submit/", FORM)
    found = links(mail_to("moderator@example.gov"))
    assert found, mail_to("moderator@example.gov").body
    assert all(link.startswith(f"{BASE}/admin/") for link in found), found


def test_the_practitioner_gets_the_public_page_when_the_case_is_approved(
    index, make_user, moderator, django_capture_on_commit_callbacks
):
    submitter = make_user(email="submitter@example.gov")
    practice = services.practice_submit(user=submitter, **{**FORM, "themes": []})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve(practice, moderator)
    practice.refresh_from_db()
    message = mail_to("submitter@example.gov")
    assert links(message) == [f"{BASE}/practices/{practice.slug}/"], message.body
    assert "localhost" not in message.body


def test_the_practitioner_is_sent_to_their_submissions_when_changes_are_asked(
    index, make_user, moderator, django_capture_on_commit_callbacks
):
    submitter = make_user(email="submitter@example.gov")
    practice = services.practice_submit(user=submitter, **{**FORM, "themes": []})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reject(practice, moderator, comment="Please add the results.")
    message = mail_to("submitter@example.gov")
    assert links(message) == [f"{BASE}/practices/mine/"], message.body
    assert "Please add the results." in message.body
    assert "/admin/" not in message.body


def test_an_editor_who_submitted_is_sent_to_the_admin_editor(
    index, make_user, moderator, django_capture_on_commit_callbacks
):
    editor = make_user(email="editor@example.gov")
    editor.groups.add(Group.objects.get(name="Editors"))
    practice = services.practice_submit(user=editor, **{**FORM, "themes": []})
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reject(practice, moderator, comment="Please add the results.")
    found = links(mail_to("editor@example.gov"))
    assert f"{BASE}/admin/pages/{practice.pk}/edit/" in found
    assert all(link.startswith(f"{BASE}/") for link in found), found
