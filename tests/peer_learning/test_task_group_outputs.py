# ruff: noqa: F811  (fixtures imported from other test modules are used as arguments)
"""Task group outputs: each group records recommendations, the session page collects them,
and a facilitator proposes them as a practice case (a draft in the review workflow)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import WorkflowState

from core.errors import ServiceError
from guidebook.models import PracticePage
from peer_learning import services as peer_services
from peer_learning.models import TaskGroup
from tests.guidebook.factories import library
from tests.meetings.factories import relaxed_limits  # noqa: F401 (fixture)
from tests.peer_learning.test_peer_learning import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    library()
    world = Session()
    peer_services.task_groups_mix(actor=world.facilitator, session=world.session, group_count=2)
    world.group = TaskGroup.objects.filter(session=world.session).first()
    world.member = world.group.memberships.first().user
    world.other_group_member = (
        TaskGroup.objects.filter(session=world.session)
        .exclude(pk=world.group.pk)
        .first()
        .memberships.first()
        .user
    )
    return world


def recommendations_url(world):
    return reverse("task_group_recommendations", args=[world.meeting.pk, world.group.pk])


def propose_url(world):
    return reverse("task_group_propose", args=[world.meeting.pk, world.group.pk])


def test_a_group_member_records_recommendations_shown_on_the_session_page(world, client):
    client.force_login(world.member)
    response = client.post(
        recommendations_url(world),
        {"text": "- Pilot in **one** department first.\n- <script>alert(1)</script>"},
    )
    assert response.status_code == 302
    world.group.refresh_from_db()
    assert world.group.recommendations_by == world.member
    assert "<strong>one</strong>" in world.group.recommendations_html
    assert "<script>" not in world.group.recommendations_html

    client.force_login(world.bystander)  # any member who can see the session reads them
    page = client.get(world.session.get_absolute_url()).content.decode()
    assert "Pilot in <strong>one</strong> department first." in page
    assert "Recorded by" in page


def test_only_the_group_and_facilitators_write_its_recommendations(world, client):
    for outsider in (world.other_group_member, world.bystander):
        with pytest.raises(ServiceError) as error:
            peer_services.task_group_recommendations_set(
                actor=outsider, group=world.group, text="x"
            )
        assert error.value.code == "forbidden"
    client.force_login(world.outsider)  # not even a member: the session does not exist
    assert client.post(recommendations_url(world), {"text": "x"}).status_code == 404
    world.group.refresh_from_db()
    assert world.group.recommendations == ""

    peer_services.task_group_recommendations_set(
        actor=world.facilitator, group=world.group, text="Facilitator's summary."
    )
    world.group.refresh_from_db()
    assert world.group.recommendations == "Facilitator's summary."


def test_too_long_recommendations_are_refused_and_nothing_changes(world, client):
    peer_services.task_group_recommendations_set(
        actor=world.member, group=world.group, text="Kept."
    )
    client.force_login(world.member)
    response = client.post(recommendations_url(world), {"text": "x" * 10_001}, follow=True)
    assert "at most 10000 characters" in response.content.decode().replace(",", "")
    world.group.refresh_from_db()
    assert world.group.recommendations == "Kept."


def test_a_facilitator_proposes_recommendations_as_a_practice_case_in_review(world, client):
    client.force_login(world.facilitator)
    client.post(propose_url(world))
    assert not PracticePage.objects.exists()  # nothing written yet: nothing to propose

    peer_services.task_group_recommendations_set(
        actor=world.member, group=world.group, text="Name one person who leads the pilot."
    )
    page = client.get(world.session.get_absolute_url()).content.decode()
    assert "Propose as a practice case" in page
    client.post(propose_url(world))

    practice = PracticePage.objects.get()
    assert not practice.live
    assert practice.source_thread_id == world.group.thread_id
    assert "recommendations from Synergia, session 5" in practice.title
    assert "Name one person who leads the pilot." in practice.summary
    assert WorkflowState.objects.filter(object_id=str(practice.pk), status="in_progress").exists()
    page = client.get(world.session.get_absolute_url()).content.decode()
    assert "Proposed as a practice case (in review)" in page
    assert "Propose as a practice case" not in page
    # A second proposal of the same group is refused, and nothing new is created.
    response = client.post(propose_url(world), follow=True)
    assert "already been proposed" in response.content.decode()
    assert PracticePage.objects.count() == 1


def test_members_cannot_propose_outputs(world, client):
    peer_services.task_group_recommendations_set(
        actor=world.member, group=world.group, text="Ideas."
    )
    client.force_login(world.member)
    page = client.get(world.session.get_absolute_url()).content.decode()
    assert "Propose as a practice case" not in page
    client.post(propose_url(world))
    assert not PracticePage.objects.exists()


def test_session_page_queries_do_not_grow_with_outputs(
    world, client, django_assert_max_num_queries
):
    client.force_login(world.facilitator)
    url = world.session.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for group in TaskGroup.objects.filter(session=world.session):
        peer_services.task_group_recommendations_set(
            actor=world.facilitator, group=group, text=f"Recommendations of {group.name}."
        )
    peer_services.task_group_propose_practice(actor=world.facilitator, group=world.group)
    client.get(url)  # the proposed case is a new page: the cached site and header are read again
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.status_code == 200
    assert len(after.captured_queries) <= len(before.captured_queries)
