"""A person's language follows them: their pages, their e-mails (in the recipient's
language, not the sender's), the live fragments their sockets receive. Anonymous visitors
get their browser's language, and the switcher remembers a choice."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from communities import services as community_services
from communities.models import JoinPolicy, MembershipRole, User
from core.errors import ServiceError
from meetings import services as meeting_services
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def said_in(language: str, msgid: str) -> str:
    """``msgid`` in ``language``; never the English itself (else the test proves nothing)."""
    with translation.override(language):
        translated = gettext(msgid)
    assert translated != msgid, f"{msgid!r} has no {language} translation"
    return translated


def test_an_anonymous_visitor_gets_the_browser_language(client, tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="lt,en;q=0.5")
    assert response.status_code == 200
    assert '<html lang="lt">' in response.content.decode()
    assert said_in("lt", "Communities") in response.content.decode()


def test_the_switcher_remembers_the_choice_of_a_visitor(client, tree):
    client.post("/i18n/setlang/", {"language": "sl", "next": "/"})
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="sl">' in response.content.decode()


def test_a_signed_in_person_keeps_their_language_on_any_device(login, make_user, tree):
    person = make_user(language="pl")
    # A new browser that asks for English: the profile wins.
    response = login(person).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="pl">' in response.content.decode()
    assert said_in("pl", "Communities") in response.content.decode()


def test_the_switcher_saves_a_signed_in_persons_language_for_pages_and_admin(
    login, make_user, tree
):
    person = make_user()
    client = login(person)
    response = client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "nb"
    # Wagtail's admin and its workflow e-mails read Wagtail's own profile.
    assert UserProfile.get_for_user(person).preferred_language == "nb"
    assert '<html lang="nb">' in login(person).get("/").content.decode()


def test_a_language_praxis_does_not_offer_changes_nothing(login, make_user, tree):
    person = make_user(language="lt")
    response = login(person).post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "lt"
    with pytest.raises(ServiceError) as refused:
        community_services.profile_set_language(user=person, language="de")
    assert refused.value.status == 400
    person.refresh_from_db()
    assert person.language == "lt"


def test_the_profile_form_sets_the_language(login, make_user, tree):
    person = make_user(display_name="Rasa Jankauskienė")
    response = login(person).post(
        "/me/profile/",
        {"display_name": "Rasa Jankauskienė", "language": "lt", "languages": ["lt", "en"]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.language == "lt"


def test_a_join_request_reaches_each_facilitator_in_their_own_language(
    make_community, make_membership, make_user, django_capture_on_commit_callbacks
):
    community = make_community(title="Socialinis klasterizavimas", join_policy=JoinPolicy.REQUEST)
    in_vilnius = make_user(language="lt", display_name="Rasa")
    in_oslo = make_user(language="nb", display_name="Kari")
    for facilitator in (in_vilnius, in_oslo):
        make_membership(user=facilitator, community=community, role=MembershipRole.FACILITATOR)
    asker = make_user(language="pl", display_name="Paweł Wójcik")

    with translation.override("pl"), django_capture_on_commit_callbacks(execute=True):
        community_services.membership_join(user=asker, community=community)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {in_vilnius.email, in_oslo.email}  # one message each
    for person, language in ((in_vilnius, "lt"), (in_oslo, "nb")):
        expected = said_in(language, "%(name)s asks to join %(community)s") % {
            "name": "Paweł Wójcik",
            "community": community.title,
        }
        assert by_recipient[person.email].subject.endswith(expected)


def test_a_waiting_list_promotion_is_written_in_the_promoted_persons_language(
    make_community, make_membership, make_user, django_capture_on_commit_callbacks
):
    community = make_community()
    meeting = MeetingFactory(community=community, capacity=1)
    leaving = make_user(language="en")
    waiting = make_user(language="sl")
    for person in (leaving, waiting):
        make_membership(user=person, community=community)
    meeting_services.rsvp_set(user=leaving, meeting=meeting, response="going")
    meeting_services.rsvp_set(user=waiting, meeting=meeting, response="going")
    mail.outbox.clear()

    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        meeting_services.rsvp_set(user=leaving, meeting=meeting, response="not_going")

    [message] = mail.outbox
    assert message.to == [waiting.email]
    expected = said_in("sl", "A place opened up: you are going to “%(title)s”") % {
        "title": meeting.title
    }
    assert message.subject.endswith(expected)


def test_a_person_signing_up_in_polish_keeps_polish(client, tree):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "anna.kowalska",
            "email": "anna.kowalska@example.gov.pl",
            "password1": "a long pass phrase 2026",
            "password2": "a long pass phrase 2026",
            "display_name": "Anna Kowalska",
        },
        HTTP_ACCEPT_LANGUAGE="pl",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert User.objects.get(username="anna.kowalska").language == "pl"
    # The verification e-mail is in Polish too (allauth renders it in the request's).
    [verification] = mail.outbox
    assert verification.to == ["anna.kowalska@example.gov.pl"]
    assert said_in("pl", "Please Confirm Your Email Address") in verification.subject


def test_a_meeting_names_its_language_in_the_readers_language(
    login, make_user, make_community, make_membership
):
    community = make_community()
    meeting = MeetingFactory(community=community, language="lt")
    reader = make_user(language="pl")
    make_membership(user=reader, community=community)
    with translation.override("pl"):
        lithuanian_in_polish = translation.get_language_info("lt")["name_translated"]
    page = login(reader).get(meeting.get_absolute_url()).content.decode()
    assert f"<dd>{lithuanian_in_polish}</dd>" in page
    community_services.profile_set_language(user=reader, language="en")
    assert "<dd>Lithuanian</dd>" in login(reader).get(meeting.get_absolute_url()).content.decode()
