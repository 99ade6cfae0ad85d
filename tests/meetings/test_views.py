# ruff: noqa: F811  (fixtures imported from meeting_factories are used as arguments)
"""Meeting pages, .ics files and calendar feeds: permissions, parsing, query counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar

from communities.models import Visibility
from meetings import services
from meetings.models import RSVP, Meeting, MeetingAudience, RSVPStatus
from tests.factories import OrganisationFactory, UserFactory
from tests.meetings.factories import (  # noqa: F401 (fixtures)
    AgendaItemFactory,
    MeetingFactory,
    People,
    RSVPFactory,
    people,
    private_people,
    relaxed_limits,
)

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.now().year + 1


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events_of(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


# Permission matrix -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "audience", "viewer", "expected"),
    [
        # members-only meeting in a public community: only members (and staff) see it
        (Visibility.PUBLIC, MeetingAudience.MEMBERS, "anonymous", 404),
        (Visibility.PUBLIC, MeetingAudience.MEMBERS, "outsider", 404),
        (Visibility.PUBLIC, MeetingAudience.MEMBERS, "member", 200),
        (Visibility.PUBLIC, MeetingAudience.MEMBERS, "facilitator", 200),
        (Visibility.PUBLIC, MeetingAudience.MEMBERS, "superuser", 200),
        # open meeting in a public community: everyone may see it
        (Visibility.PUBLIC, MeetingAudience.REGISTERED, "anonymous", 200),
        (Visibility.PUBLIC, MeetingAudience.REGISTERED, "outsider", 200),
        # members-only community: nothing exists for non-members, whatever the audience
        (Visibility.MEMBERS, MeetingAudience.REGISTERED, "anonymous", 404),
        (Visibility.MEMBERS, MeetingAudience.REGISTERED, "outsider", 404),
        (Visibility.MEMBERS, MeetingAudience.REGISTERED, "member", 200),
    ],
)
def test_meeting_page_and_ics_permission_matrix(
    client, login, visibility, audience, viewer, expected
):
    group = People(visibility=visibility)
    meeting = MeetingFactory(community=group.community, audience=audience)
    RSVPFactory(meeting=meeting, user=group.members[1])
    person = {
        "anonymous": None,
        "outsider": group.outsider,
        "member": group.member,
        "facilitator": group.facilitator,
        "superuser": UserFactory(is_superuser=True),
    }[viewer]
    browser = login(person) if person else client
    page = browser.get(f"/meetings/{meeting.pk}/")
    ics = browser.get(f"/meetings/{meeting.pk}.ics")
    listing = browser.get("/meetings/")
    assert page.status_code == expected
    assert ics.status_code == expected
    listed = meeting.title in listing.content.decode()
    assert listed == (expected == 200)
    if expected == 200 and person is not None:
        assert group.members[1].name in page.content.decode()  # attendee list
    if person is None and expected == 200:
        assert group.members[1].name not in page.content.decode()  # anonymous: counts only


def test_non_member_cannot_rsvp_members_only_meeting_through_the_view(login, people):
    meeting = MeetingFactory(community=people.community)
    response = login(people.outsider).post(f"/meetings/{meeting.pk}/rsvp/", {"response": "going"})
    assert response.status_code == 404
    assert not RSVP.objects.exists()


def test_facilitator_pages_refuse_members(login, people):
    meeting = MeetingFactory(community=people.community)
    member = login(people.member)
    for url in (
        f"/meetings/community/{people.community.pk}/new/",
        f"/meetings/{meeting.pk}/edit/",
        f"/meetings/{meeting.pk}/harvest/",
    ):
        response = member.get(url, follow=True)
        assert "facilitators" in response.content.decode()
    member.post(
        f"/meetings/{meeting.pk}/agenda/",
        {"title": "Sneaky", "on_date": "2030-01-01", "at": "09:00", "duration_minutes": 10},
    )
    assert not meeting.agenda_items.exists()


# Views: scheduling, RSVP, bad input --------------------------------------------------------------


def test_schedule_breakfast_through_the_form(login, people):
    response = login(people.facilitator).post(
        f"/meetings/community/{people.community.pk}/new/",
        {
            "title": "Breakfast: ethics in government",
            "format": "breakfast",
            "on_date": f"{NEXT_YEAR}-02-03",
            "audience": "members",
            "language": "nb",
            "capacity": "30",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.local_start.hour == 9 and meeting.local_end.hour == 11
    assert meeting.capacity == 30


def test_end_before_start_in_the_form_shows_a_message_and_saves_nothing(login, people):
    response = login(people.facilitator).post(
        f"/meetings/community/{people.community.pk}/new/",
        {
            "title": "Seminar on HR",
            "format": "seminar",
            "on_date": f"{NEXT_YEAR}-02-03",
            "start_time": "14:00",
            "end_time": "12:00",
            "audience": "members",
            "language": "en",
        },
    )
    assert response.status_code == 400
    assert "The meeting must end after it starts." in response.content.decode()
    assert not Meeting.objects.exists()


def test_invalid_meeting_form_answers_400_and_creates_nothing(login, people):
    response = login(people.facilitator).post(
        f"/meetings/community/{people.community.pk}/new/",
        {"title": "", "format": "no-such-format", "on_date": "not a date"},
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_rsvp_view_waiting_list_message(login, people):
    meeting = MeetingFactory(community=people.community, capacity=1)
    RSVPFactory(meeting=meeting, user=people.members[1])
    response = login(people.member).post(
        f"/meetings/{meeting.pk}/rsvp/", {"response": "going"}, follow=True
    )
    assert "number 1 on the waiting list" in response.content.decode()
    assert RSVP.objects.get(user=people.member).status == RSVPStatus.WAITING


@pytest.mark.parametrize("payload", [{}, {"response": "perhaps"}, {"response": "x" * 5000}])
def test_rsvp_view_bad_input(login, people, payload):
    meeting = MeetingFactory(community=people.community)
    response = login(people.member).post(f"/meetings/{meeting.pk}/rsvp/", payload, follow=True)
    assert response.status_code == 200
    assert "Answer going, maybe or not going." in response.content.decode()
    assert not RSVP.objects.exists()


def test_agenda_item_outside_time_through_the_view(login, people):
    meeting = MeetingFactory(community=people.community)
    local = meeting.local_start
    response = login(people.facilitator).post(
        f"/meetings/{meeting.pk}/agenda/",
        {
            "title": "Too late",
            "on_date": local.date().isoformat(),
            "at": "23:00",
            "duration_minutes": "10",
        },
        follow=True,
    )
    assert "within the meeting&#x27;s time" in response.content.decode()
    assert not meeting.agenda_items.exists()


@pytest.mark.parametrize(
    "query", ["?format=party", "?month=2026-13", "?month=abc", "?theme=%00", "?page=999"]
)
def test_listing_survives_bad_filters(client, query):
    assert client.get("/meetings/" + query).status_code == 200


def test_listing_filters_by_format_theme_and_month(client):
    hr = People()
    hr.community.themes.add("HR")
    hr.community.save()
    climate = People()
    climate.community.themes.add("Climate policy")
    climate.community.save()
    oslo = ZoneInfo("Europe/Oslo")
    first = datetime(NEXT_YEAR, 3, 10, 9, tzinfo=oslo)
    breakfast = MeetingFactory(
        community=hr.community,
        audience="registered",
        title="HR breakfast",
        starts_at=first,
        ends_at=first + timedelta(hours=2),
    )
    seminar = MeetingFactory(
        community=climate.community,
        audience="registered",
        title="Climate seminar",
        format="seminar",
        starts_at=first + timedelta(days=31),
        ends_at=first + timedelta(days=31, hours=3),
    )

    def titles(query):
        body = client.get("/meetings/" + query).content.decode()
        return {m.title for m in (breakfast, seminar) if m.title in body}

    assert titles("") == {"HR breakfast", "Climate seminar"}
    assert titles("?format=seminar") == {"Climate seminar"}
    assert titles("?theme=hr") == {"HR breakfast"}
    assert titles(f"?month={NEXT_YEAR}-03") == {"HR breakfast"}
    assert titles(f"?month={NEXT_YEAR}-04") == {"Climate seminar"}


# Query counts ------------------------------------------------------------------------------------


def queries_for(browser, url: str) -> int:
    browser.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    assert response.status_code == 200
    return len(captured)


def test_listing_queries_do_not_grow_with_meetings(client, login, people):
    viewer = login(people.member)
    MeetingFactory(community=people.community, audience="registered")
    small = queries_for(client, "/meetings/"), queries_for(viewer, "/meetings/")
    for n in range(15):
        group = People() if n % 5 == 0 else people
        meeting = MeetingFactory(
            community=group.community, audience=["registered", "members"][n % 2]
        )
        RSVPFactory(meeting=meeting, user=group.member)
    large = queries_for(client, "/meetings/"), queries_for(viewer, "/meetings/")
    assert large == small


def test_meeting_page_queries_do_not_grow_with_attendees_or_agenda(login, people):
    meeting = MeetingFactory(community=people.community, capacity=3)
    viewer = login(people.facilitator)
    url = f"/meetings/{meeting.pk}/"
    small = queries_for(viewer, url)
    organisations = [OrganisationFactory() for _ in range(5)]
    for i in range(12):
        RSVPFactory(
            meeting=meeting,
            user=UserFactory(organisation=organisations[i % 5]),
            status=["going", "maybe", "waiting"][i % 3],
            waitlisted_at=timezone.now() if i % 3 == 2 else None,
        )
        AgendaItemFactory(meeting=meeting, starts_at=meeting.starts_at + timedelta(minutes=i))
    assert queries_for(viewer, url) == small


# iCalendar ---------------------------------------------------------------------------------------


def test_meeting_ics_parses_with_its_time_zone(login, people):
    meeting = services.meeting_create(
        actor=people.facilitator,
        community=people.community,
        title="Breakfast; ethics, trust\nand the public",
        format="breakfast",
        on_date=date(NEXT_YEAR, 3, 10),
        place="Oslo, room 1",
        description="A long description " * 20,
    )
    calendar = parse(login(people.member).get(f"/meetings/{meeting.pk}.ics"))
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    (event,) = events_of(calendar)
    start = event.decoded("DTSTART")
    assert start.tzinfo is not None
    assert start.astimezone(ZoneInfo("Europe/Oslo")).hour == 9
    assert start == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert str(event["SUMMARY"]) == meeting.title  # escaping round-trips
    assert str(event["LOCATION"]) == "Oslo, room 1"
    assert str(event["UID"]).startswith(f"praxis-meeting-{meeting.pk}@")
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Oslo"
    assert vtimezone.walk("STANDARD") and vtimezone.walk("DAYLIGHT")
    assert all(len(line) <= 75 for line in response_lines(calendar))


def response_lines(calendar: Calendar) -> list[bytes]:
    return calendar.to_ical().split(b"\r\n")


def test_personal_feed_by_token_without_a_session(client, login, private_people):
    people = private_people
    mine = MeetingFactory(community=people.community, title="Members-only breakfast")
    other = People()
    MeetingFactory(community=other.community, audience="registered", title="Elsewhere")
    token = services.calendar_token_for(user=people.member)
    calendar = parse(client.get(f"/meetings/feeds/{token.key}/mine.ics"))
    assert [str(e["SUMMARY"]) for e in events_of(calendar)] == [mine.title]
    community_feed = client.get(f"/meetings/feeds/{token.key}/community/{people.community.pk}.ics")
    assert [str(e["SUMMARY"]) for e in events_of(parse(community_feed))] == [mine.title]
    # An outsider's token never reaches a members-only community.
    outsider = services.calendar_token_for(user=people.outsider)
    assert (
        client.get(
            f"/meetings/feeds/{outsider.key}/community/{people.community.pk}.ics"
        ).status_code
        == 404
    )
    assert not events_of(parse(client.get(f"/meetings/feeds/{outsider.key}/mine.ics")))
    # Without a token: nothing about a members-only community.
    assert client.get(f"/meetings/feeds/community/{people.community.pk}.ics").status_code == 404


def test_revoked_token_stops_working(client, login, people):
    token = services.calendar_token_for(user=people.member)
    url = f"/meetings/feeds/{token.key}/mine.ics"
    assert client.get(url).status_code == 200
    login(people.member).post("/meetings/calendar/reset/")
    assert client.get(url).status_code == 404
    assert client.get("/meetings/feeds/not-a-token/mine.ics").status_code == 404


def test_public_feed_lists_only_open_meetings(client, people):
    MeetingFactory(community=people.community, title="Members breakfast")
    MeetingFactory(community=people.community, audience="registered", title="Open seminar")
    calendar = parse(client.get(f"/meetings/feeds/community/{people.community.pk}.ics"))
    assert [str(e["SUMMARY"]) for e in events_of(calendar)] == ["Open seminar"]


def test_left_member_loses_the_feed_entries(client, people):
    from communities import services as community_services

    MeetingFactory(community=people.community, title="Members breakfast")
    token = services.calendar_token_for(user=people.member)
    url = f"/meetings/feeds/{token.key}/mine.ics"
    assert len(events_of(parse(client.get(url)))) == 1
    community_services.membership_leave(user=people.member, community=people.community)
    assert events_of(parse(client.get(url))) == []


# Pages that include meetings -------------------------------------------------------------------


def test_community_and_home_pages_show_upcoming_meetings(client, login, people):
    MeetingFactory(community=people.community, title="Members breakfast")
    MeetingFactory(community=people.community, audience="registered", title="Open seminar")
    public_page = client.get(people.community.url).content.decode()
    assert "Open seminar" in public_page and "Members breakfast" not in public_page
    member_home = login(people.member).get("/").content.decode()
    assert "Open seminar" in member_home and "Members breakfast" in member_home
    outsider_home = login(people.outsider).get("/").content.decode()
    assert "Members breakfast" not in outsider_home


def test_topic_round_pages(client, login, people):
    topic_round = services.topic_round_open(
        actor=people.facilitator, community=people.community, title="Autumn topics"
    )
    member = login(people.member)
    member.post(
        f"/meetings/topics/{topic_round.pk}/propose/",
        {"title": "Digital competence", "why": "Every agency trains staff on new systems."},
    )
    topic = topic_round.topics.get()
    member.post(f"/meetings/topics/{topic_round.pk}/{topic.pk}/vote/")
    again = member.post(f"/meetings/topics/{topic_round.pk}/{topic.pk}/vote/", follow=True)
    assert "already voted" in again.content.decode()
    assert topic.votes.count() == 1
    page = client.get(f"/meetings/topics/{topic_round.pk}/").content.decode()
    assert "Digital competence" in page
    assert (
        login(people.outsider)
        .post(f"/meetings/topics/{topic_round.pk}/{topic.pk}/vote/", follow=True)
        .status_code
        == 200
    )
    assert topic.votes.count() == 1
    assert member.post(f"/meetings/topics/{topic_round.pk}/{topic.pk}/dance/").status_code == 404
