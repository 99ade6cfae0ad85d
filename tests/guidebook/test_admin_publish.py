"""The Wagtail admin refuses to publish (or submit for review) a practice case the
members' form would refuse; a draft may stay incomplete."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from guidebook.models import PracticePage
from guidebook.validation import missing_for_publication


@pytest.fixture
def superuser(make_user):
    return make_user(is_superuser=True, is_staff=True)


def edit_data(page, **overrides):
    data = {
        "title": page.title,
        "slug": page.slug,
        "summary": page.summary,
        "problem": rich_text(""),
        "what_was_done": rich_text(""),
        "what_is_new": rich_text(""),
        "status": page.status,
        "results": rich_text(""),
        "measurement": rich_text(""),
        "challenges": rich_text(""),
        "conditions": rich_text(""),
        "lessons": rich_text(""),
        "country": "",
        "level_of_government": "",
        "sector": "",
        "themes": "",
        "attachments": inline_formset([]),
        "gallery_images": inline_formset([]),
        **overrides,
    }
    return nested_form_data(data)


def test_publishing_an_incomplete_case_shows_field_errors_and_changes_nothing(
    client, superuser, make_practice
):
    page = make_practice(live=False, problem="", what_was_done="", country="")
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, {**edit_data(page, title="Changed"), "action-publish": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Describe the problem or challenge." in body
    assert "Say what was done." in body
    assert "Choose the country." in body
    page.refresh_from_db()
    assert not page.live and page.title != "Changed"
    assert not PracticePage.objects.filter(live=True).exists()


def test_submitting_an_incomplete_case_for_review_is_refused(client, superuser, make_practice):
    page = make_practice(live=False, problem="", what_was_done="", country="")
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, {**edit_data(page), "action-submit": "1"})
    assert "Describe the problem or challenge." in response.content.decode()
    page.refresh_from_db()
    assert page.current_workflow_state is None


def test_an_incomplete_draft_may_be_saved(client, superuser, make_practice):
    page = make_practice(live=False, problem="", what_was_done="", country="")
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.post(url, edit_data(page, title="Draft still incomplete"))
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision().content["title"] == "Draft still incomplete"


def test_a_complete_case_publishes(client, superuser, make_practice):
    page = make_practice(live=False, problem="", what_was_done="", country="")
    client.force_login(superuser)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_data(
        page,
        problem=rich_text("<p>Silos.</p>"),
        what_was_done=rich_text("<p>Peer learning.</p>"),
        country="PL",
    )
    response = client.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


def test_markup_alone_counts_as_missing():
    missing = missing_for_publication(
        {"title": "T", "summary": "S", "problem": "<p> </p>", "what_was_done": "x", "country": "PL"}
    )
    assert list(missing) == ["problem"]
