"""The mail queue in the Wagtail admin: superusers see it and can send a message again;
nobody edits it; other admin users do not see it at all."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.mail import send_mail

from outbox.models import OutgoingEmail, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(settings):
    settings.OUTBOX_DELIVERY = "background"
    send_mail("Minutes of the round", "Body", None, ["ingrid@example.no"])
    return OutgoingEmail.objects.get()


@pytest.fixture
def superuser(make_user):
    return make_user(is_superuser=True, is_staff=True)


def test_a_superuser_sees_the_queue_and_a_message(login, superuser, queued):
    admin = login(superuser)
    listing = admin.get("/admin/outgoing_emails/")
    assert listing.status_code == 200
    body = listing.content.decode()
    assert "Minutes of the round" in body and "ingrid@example.no" in body
    assert "/admin/outbox/" in body  # the "Send again now" button
    detail = admin.get(f"/admin/outgoing_emails/inspect/{queued.pk}/")
    assert detail.status_code == 200
    assert "Minutes of the round" in detail.content.decode()


def test_nobody_edits_or_deletes_the_queue(login, superuser, queued):
    admin = login(superuser)
    for url in (
        "/admin/outgoing_emails/new/",
        f"/admin/outgoing_emails/edit/{queued.pk}/",
        f"/admin/outgoing_emails/delete/{queued.pk}/",
    ):
        assert admin.get(url).status_code in (302, 403), url
    assert OutgoingEmail.objects.filter(pk=queued.pk).exists()


def test_send_again_now_puts_a_failed_message_first_in_the_queue(login, superuser, queued):
    OutgoingEmail.objects.update(status=Status.FAILED, attempts=8)
    response = login(superuser).post(f"/admin/outbox/{queued.pk}/retry/")
    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.status == Status.QUEUED


def test_an_editor_neither_sees_the_queue_nor_retries(login, make_user, queued, tree):
    editor = make_user()
    editor.groups.add(Group.objects.get(name="Editors"))
    OutgoingEmail.objects.update(status=Status.FAILED)
    browser = login(editor)
    assert browser.get("/admin/outgoing_emails/").status_code in (302, 403)
    # Wagtail answers a refused admin view with a redirect and a message.
    assert browser.post(f"/admin/outbox/{queued.pk}/retry/").status_code in (302, 403)
    queued.refresh_from_db()
    assert queued.status == Status.FAILED
