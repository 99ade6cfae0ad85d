"""Member submission and the "Practice review" workflow: submit, approve, reject; drafts
are never public (page, listing, feeds, API)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import WorkflowState

from core.errors import ServiceError
from guidebook import selectors, services
from guidebook.models import PracticePage

pytestmark = pytest.mark.django_db

FORM = {
    "title": "Breakfast meetings for officials",
    "summary": "Two-hour breakfast meetings with a planned structure, topics chosen by officials.",
    "problem": "Officials rarely meet colleagues from other ministries.",
    "what_was_done": "We hold breakfast meetings from 09:00 to 11:00.",
    "status": "implementation",
    "country": "NO",
    "themes": "Meeting formats, peer learning",
}


def approve(practice, user, comment=""):
    state = practice.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve", comment=comment)


def reject(practice, user, comment):
    state = practice.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "reject", comment=comment)


def public_everywhere(client, practice) -> dict:
    listing = client.get("/practices/").content.decode()
    feed = client.get("/practices/feed/").content.decode()
    api = client.get("/api/v1/practices/").json()
    return {
        "page": client.get(f"/practices/{practice.slug}/").status_code == 200,
        "listing": practice.title in listing,
        "feed": practice.title in feed,
        "api": any(item["id"] == practice.pk for item in api["results"]),
        "api_detail": client.get(f"/api/v1/practices/{practice.pk}/").status_code == 200,
    }


def test_data_migration_created_groups_and_workflow(index):
    assert Group.objects.filter(name="Editors").exists()
    moderators = Group.objects.get(name="Moderators")
    workflow = services.review_workflow()
    assert workflow.name == "Practice review"
    task = workflow.tasks.get().specific
    assert list(task.groups.all()) == [moderators]
    assert index.get_workflow() == workflow
    assert moderators.permissions.filter(codename="access_admin").exists()


def test_submit_form_creates_a_draft_in_review(index, make_user, login, client):
    user = make_user()
    browser = login(user)
    response = browser.post("/practices/submit/", FORM)
    assert response.status_code == 302
    assert response["Location"] == "/practices/mine/"

    practice = PracticePage.objects.get(title=FORM["title"])
    assert not practice.live
    assert practice.submitted_by == user
    assert practice.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert practice.current_workflow_state.workflow.name == "Practice review"
    assert sorted(t.name for t in practice.themes.all()) == ["Meeting formats", "peer learning"]
    assert "<p>We hold breakfast meetings" in practice.what_was_done
    assert not any(public_everywhere(client, practice).values())

    mine = browser.get("/practices/mine/").content.decode()
    assert FORM["title"] in mine and "In review" in mine


def test_missing_fields_are_explained_and_nothing_is_saved(index, make_user, login):
    browser = login(make_user())
    response = browser.post("/practices/submit/", {**FORM, "title": "", "problem": "  "})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was saved" in body
    # The publication rule's own messages (guidebook.validation), as in the admin.
    assert "Give the case a title." in body
    assert "Describe the problem or challenge." in body
    assert not PracticePage.objects.exists()


def test_summary_over_500_characters_is_refused(index, make_user, login):
    browser = login(make_user())
    response = browser.post("/practices/submit/", {**FORM, "summary": "x" * 501})
    assert response.status_code == 400
    assert not PracticePage.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(index, client):
    response = client.get("/practices/submit/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.post("/practices/submit/", FORM).status_code == 302
    assert not PracticePage.objects.exists()


def test_moderator_approves_and_the_case_is_public_everywhere(
    index, make_user, login, client, moderator
):
    submitter = make_user()
    practice = services.practice_submit(user=submitter, **{**FORM, "themes": ["Meeting formats"]})
    approve(practice, moderator, comment="Clear and sourced.")
    practice.refresh_from_db()
    assert practice.live
    assert all(public_everywhere(client, practice).values())
    [mine] = selectors.my_submissions(user=submitter)
    assert mine.submission_status == "published"


def test_moderator_rejects_with_comment_and_submitter_sees_it(
    index, make_user, login, client, moderator
):
    submitter = make_user()
    practice = services.practice_submit(user=submitter, **{**FORM, "themes": []})
    reject(practice, moderator, comment="Please say how the results were measured.")
    practice.refresh_from_db()
    assert not practice.live
    assert practice.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not any(public_everywhere(client, practice).values())
    page = login(submitter).get("/practices/mine/").content.decode()
    assert "Changes requested" in page
    assert "Please say how the results were measured." in page


def test_only_moderators_can_approve(index, make_user):
    practice = services.practice_submit(user=make_user(), **{**FORM, "themes": []})
    task_state = practice.current_workflow_state.current_task_state
    outsider = make_user()
    actions = task_state.task.specific.get_actions(practice, outsider)
    assert actions == []


def test_submission_with_attachment(index, make_user):
    upload = SimpleUploadedFile("report.pdf", b"%PDF-1.4 minimal", content_type="application/pdf")
    practice = services.practice_submit(
        user=make_user(), **{**FORM, "themes": []}, attachment=upload, attachment_title="Report"
    )
    link = practice.attachments.get()
    assert link.title == "Report"
    assert link.document.collection.name == "Practice submissions"


def test_too_many_open_submissions_are_refused(index, make_user):
    user = make_user()
    for n in range(services.MAX_OPEN_SUBMISSIONS):
        services.practice_submit(user=user, **{**FORM, "title": f"Case {n}", "themes": []})
    with pytest.raises(ServiceError) as error:
        services.practice_submit(user=user, **{**FORM, "title": "One more", "themes": []})
    assert error.value.code == "rate_limited"


def test_reserved_slugs_are_avoided(index, make_user):
    practice = services.practice_submit(
        user=make_user(), **{**FORM, "title": "Submit", "themes": []}
    )
    assert practice.slug == "submit-2"


def test_moderator_approves_in_the_wagtail_admin(index, make_user, login, moderator):
    from django.urls import reverse

    practice = services.practice_submit(user=make_user(), **{**FORM, "themes": []})
    admin = login(moderator)
    dashboard = admin.get("/admin/")
    assert dashboard.status_code == 200
    assert practice.title in dashboard.content.decode()  # "Awaiting your review"

    task_state = practice.current_workflow_state.current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[practice.pk, "approve", task_state.pk]
    )
    response = admin.post(url, {"comment": "Sourced and clear."})
    assert response.status_code in (200, 302)
    practice.refresh_from_db()
    assert practice.live


def test_editor_cannot_approve_in_the_admin(index, make_user, login):
    from django.contrib.auth.models import Group
    from django.urls import reverse

    editor = make_user()
    editor.groups.add(Group.objects.get(name="Editors"))
    practice = services.practice_submit(user=make_user(), **{**FORM, "themes": []})
    task_state = practice.current_workflow_state.current_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[practice.pk, "approve", task_state.pk]
    )
    login(editor).post(url, {"comment": "ok"})
    practice.refresh_from_db()
    assert not practice.live


def test_reviewers_can_preview_a_draft(index, make_user, rf, moderator):
    practice = services.practice_submit(user=make_user(), **{**FORM, "themes": []})
    request = rf.get("/")
    request.user = moderator
    response = practice.serve_preview(request, practice.default_preview_mode)
    response.render()
    assert response.status_code == 200
    assert "We hold breakfast meetings" in response.content.decode()


def test_the_moderators_review_e_mail_is_in_the_moderators_language(
    index, make_user, login, django_capture_on_commit_callbacks
):
    """A Polish member submits; the Slovenian moderator's e-mail is wholly Slovenian
    (Wagtail's sentences come from Praxis's catalogue where Wagtail has none)."""
    from django.core import mail

    from communities import services as community_services
    from tests.i18n.test_user_language import said_in

    moderator = make_user(email="moderator@example.si", first_name="Petra")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    community_services.profile_update(user=moderator, language="sl")
    member = make_user(language="pl")
    with django_capture_on_commit_callbacks(execute=True):
        response = login(member).post("/practices/submit/", FORM)
    assert response.status_code == 302

    [message] = [m for m in mail.outbox if m.to == ["moderator@example.si"]]
    submitted = (
        'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    )
    task = "Moderators approve practice cases"
    assert message.subject.endswith(
        said_in("sl", submitted) % {"title": FORM["title"], "task": task}
    )
    assert said_in("sl", "Hello %(username)s,") % {"username": "Petra"} in message.body
    assert said_in("sl", "You can preview the page here:") in message.body
    assert "has been submitted" not in message.body
