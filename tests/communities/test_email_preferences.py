"""E-mail settings on the profile, and one-click unsubscribe without signing in."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from communities import services
from communities.models import User
from core.mail import DIGEST, unsubscribe_token


def test_defaults_follow_discourse(make_user):
    person = make_user()
    assert person.email_delivery("mention") == "immediately"
    assert person.email_delivery("reply") == "immediately"
    assert person.email_delivery("moderation") == "immediately"
    assert person.email_delivery("followed") == "digest"
    assert person.digest_frequency == "weekly"


def test_the_settings_page_saves_each_kind(make_user, login):
    person = make_user()
    client = login(person)
    page = client.get("/me/email/").content.decode()
    assert re.search(r'name="mention" value="immediately"[^>]* checked', page)
    assert re.search(r'name="followed" value="digest"[^>]* checked', page)

    data = dict.fromkeys(("mention", "reply", "answer", "followed"), "digest")
    data |= dict.fromkeys(("membership", "meetings", "moderation", "flags"), "never")
    response = client.post("/me/email/", {**data, "digest_frequency": "daily"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.email_delivery("mention") == "digest"
    assert person.email_delivery("flags") == "never"
    assert person.digest_frequency == "daily"


def test_a_bad_choice_is_refused_and_changes_nothing(make_user, login):
    person = make_user()
    response = login(person).post("/me/email/", {"mention": "hourly", "digest_frequency": "daily"})

    assert response.status_code == 400
    person.refresh_from_db()
    assert person.email_preferences == {} and person.digest_frequency == "weekly"


def test_one_click_unsubscribe_turns_that_kind_off_without_signing_in(make_user):
    person = make_user()
    url = f"/email/unsubscribe/{unsubscribe_token(person.pk, 'mention')}/"
    anonymous = Client(enforce_csrf_checks=True)

    asked = anonymous.get(url)
    assert asked.status_code == 200 and "Stop these e-mails" in asked.content.decode()
    person.refresh_from_db()
    assert person.email_delivery("mention") == "immediately"  # a GET changes nothing

    # RFC 8058: the mail program posts this body, with no cookie and no CSRF token.
    done = anonymous.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    person.refresh_from_db()
    assert person.email_delivery("mention") == "never"
    assert person.email_delivery("reply") == "immediately"


def test_the_digest_link_stops_the_digest(make_user):
    person = make_user()
    Client().post(f"/email/unsubscribe/{unsubscribe_token(person.pk, DIGEST)}/")
    person.refresh_from_db()
    assert person.digest_frequency == "never"


def test_an_altered_link_is_refused_and_changes_nothing(make_user):
    person = make_user()
    token = unsubscribe_token(person.pk, "mention")
    forged = token.replace(token[-3:], "abc" if token[-3:] != "abc" else "abd")

    response = Client().post(f"/email/unsubscribe/{forged}/")

    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert User.objects.get(pk=person.pk).email_delivery("mention") == "immediately"


def test_a_facilitator_who_turned_join_requests_off_gets_no_mail(
    make_user, make_community, make_membership, django_capture_on_commit_callbacks
):
    community = make_community(title="Procurement", join_policy="request")
    chair = make_user()
    make_membership(user=chair, community=community, role="facilitator")
    services.email_preferences_set(
        user=chair, deliveries={"membership": "never"}, digest_frequency="weekly"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_join(user=make_user(), community=community)

    assert [m for m in mail.outbox if m.to == [chair.email]] == []
