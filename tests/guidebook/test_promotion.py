"""Promotion from discussions: "Propose as good practice" on a thread or its answer."""

from __future__ import annotations

import pytest
from wagtail.models import WorkflowState

from communities.models import OrganisationType
from core.errors import ServiceError
from guidebook import services
from guidebook.models import PracticePage
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(community, member, people):
    thread = ThreadFactory.create(
        community=community,
        author=member,
        title="Open Space online: what worked",
        source="How do you run the third day online?",
        tags=["Peer learning"],
    )
    ajpes = OrganisationFactory(name="AJPES", country="SI", type=OrganisationType.CENTRAL_AGENCY)
    other = people(community, display_name="Mojca", organisation=ajpes, country="SI")
    PostFactory.create(
        thread=thread, author=other, source="We used **breakout rooms** and a shared board."
    )
    return thread


@pytest.fixture
def answer(thread):
    return thread.posts.order_by("id").last()


def propose(browser, thread, post=None):
    data = {"post": post.pk} if post else {}
    return browser.post(f"/guidebook/threads/{thread.pk}/propose/", data)


def test_facilitator_proposes_the_answer_post(index, thread, answer, facilitator, login):
    response = propose(login(facilitator), thread, answer)
    assert response.status_code == 302
    assert response["Location"] == thread.get_absolute_url()

    practice = PracticePage.objects.get()
    assert not practice.live
    assert practice.source_thread == thread and practice.source_post == answer
    assert practice.title == thread.title
    assert practice.summary == "We used breakout rooms and a shared board."
    assert practice.related_community == thread.community
    assert {o.name for o in practice.organisations.all()} >= {"AJPES"}
    assert [t.name for t in practice.themes.all()] == ["Peer learning"]
    assert practice.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert practice.submitted_by == facilitator


def test_thread_shows_in_review_then_links_the_published_case(
    index, thread, answer, facilitator, member, login, client, moderator
):
    browser = login(facilitator)
    page = browser.get(thread.get_absolute_url()).content.decode()
    assert "Propose the marked answer as good practice" not in page  # no answer marked yet
    assert "Propose as good practice" in page
    assert (
        "Propose as good practice"
        not in login(member).get(thread.get_absolute_url()).content.decode()
    )

    propose(browser, thread)
    practice = PracticePage.objects.get()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Proposed as a practice case (in review)" in page
    assert practice.get_url() is None or f'href="{practice.url}"' not in page

    task_state = practice.current_workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    practice.refresh_from_db()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Published as a practice case" in page and practice.url in page

    case = client.get(practice.url).content.decode()
    assert "This case grew out of a discussion" in case
    assert thread.get_absolute_url() in case


def test_member_cannot_propose(index, thread, member, login):
    response = propose(login(member), thread)
    assert response.status_code == 302
    assert not PracticePage.objects.exists()
    with pytest.raises(ServiceError) as error:
        services.practice_propose_from_thread(user=member, thread=thread)
    assert error.value.code == "forbidden"


def test_editor_outside_the_community_can_propose(index, thread, make_user, login):
    editor = make_user(is_superuser=True)
    propose(login(editor), thread)
    assert PracticePage.objects.filter(source_thread=thread).exists()


def test_proposing_twice_is_refused(index, thread, facilitator):
    services.practice_propose_from_thread(user=facilitator, thread=thread)
    with pytest.raises(ServiceError) as error:
        services.practice_propose_from_thread(user=facilitator, thread=thread)
    assert error.value.code == "duplicate"
    assert PracticePage.objects.count() == 1


def test_post_from_another_thread_is_refused(index, thread, community, member, facilitator, login):
    other = ThreadFactory.create(community=community, author=member)
    post = other.posts.get()
    with pytest.raises(ServiceError):
        services.practice_propose_from_thread(user=facilitator, thread=thread, post=post)
    for bad in ("not-a-number", "\u00b2", "9" * 40):
        response = login(facilitator).post(
            f"/guidebook/threads/{thread.pk}/propose/", {"post": bad}
        )
        assert response.status_code == 302
    assert not PracticePage.objects.exists()


def test_members_only_thread_is_404_for_outsiders(
    index, private_community, people, make_user, login
):
    insider = people(private_community)
    thread = ThreadFactory.create(community=private_community, author=insider)
    response = login(make_user()).post(f"/guidebook/threads/{thread.pk}/propose/")
    assert response.status_code == 404


def test_provenance_from_members_only_community_is_not_revealed(
    index, private_community, people, client, moderator
):
    facilitator = people(private_community, role="facilitator")
    thread = ThreadFactory.create(
        community=private_community, author=facilitator, title="Secret audit findings"
    )
    practice = services.practice_propose_from_thread(user=facilitator, thread=thread)
    # Editors rewrite the prefilled text before approval; the link must not leak anyway.
    practice.title = "Audit findings shared across ministries"
    practice.summary = "A summary the editors wrote."
    practice.what_was_done = "<p>Rewritten.</p>"
    practice.save_revision().publish()
    page = client.get(practice.url).content.decode()
    assert "members-only community" in page
    assert "Secret audit findings" not in page and thread.get_absolute_url() not in page
    assert (
        f"/threads/{thread.pk}/"
        not in client.get(f"/api/v1/practices/{practice.pk}/").content.decode()
    )


def test_get_is_not_allowed(index, thread, facilitator, login):
    assert login(facilitator).get(f"/guidebook/threads/{thread.pk}/propose/").status_code == 405


# Issue 23: a members-only (or restricted) thread's tags become public only when chosen.


@pytest.fixture
def members_only_thread(private_community, people):
    facilitator = people(private_community, role="facilitator")
    thread = ThreadFactory.create(
        community=private_community,
        author=facilitator,
        title="Audit findings",
        source="What the internal audit found in three ministries.",
        tags=["Internal audit", "Ministry of Finance"],
    )
    return thread, facilitator


def test_members_only_thread_shows_what_is_copied_and_preselects_no_tag(
    index, members_only_thread, login
):
    thread, facilitator = members_only_thread
    browser = login(facilitator)
    response = propose(browser, thread)
    assert response.status_code == 200  # a confirmation, nothing created yet
    assert not PracticePage.objects.exists()
    html = response.content.decode()
    assert "These come from a members-only community" in html
    assert "What the internal audit found in three ministries." in html
    for tag in ("Internal audit", "Ministry of Finance"):
        assert f'name="tags" value="{tag}">' in html  # a checkbox, unchecked
    assert "checked" not in html.split('name="tags"', 1)[1].split("</fieldset>", 1)[0]

    response = browser.post(f"/guidebook/threads/{thread.pk}/propose/", {"confirm": "1"})
    assert response.status_code == 302
    practice = PracticePage.objects.get()
    assert practice.source_thread == thread
    assert list(practice.themes.all()) == []


def test_members_only_thread_copies_only_the_chosen_tags(index, members_only_thread, login):
    thread, facilitator = members_only_thread
    login(facilitator).post(
        f"/guidebook/threads/{thread.pk}/propose/",
        {"confirm": "1", "tags": ["internal audit", "A tag the thread does not have"]},
    )
    practice = PracticePage.objects.get()
    assert [t.name for t in practice.themes.all()] == ["Internal audit"]


def test_service_copies_no_tag_of_a_confidential_thread_by_default(
    index, members_only_thread, community, member, facilitator
):
    thread, private_facilitator = members_only_thread
    practice = services.practice_propose_from_thread(user=private_facilitator, thread=thread)
    assert list(practice.themes.all()) == []
    restricted = ThreadFactory.create(community=community, author=member, tags=["Salaries"])
    restricted.restricted = True
    restricted.save(update_fields=["restricted"])
    practice = services.practice_propose_from_thread(user=facilitator, thread=restricted)
    assert list(practice.themes.all()) == []


def test_public_thread_is_proposed_at_once_with_its_tags(index, thread, facilitator, login):
    response = propose(login(facilitator), thread)
    assert response.status_code == 302
    assert [t.name for t in PracticePage.objects.get().themes.all()] == ["Peer learning"]
