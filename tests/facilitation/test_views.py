"""The charter and health-check pages: who sees and edits what, the community page's
Charter section, the profile with next steps, history and comparison, the printouts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from facilitation import services
from facilitation.models import Charter, CharterRevision, HealthCheck, LifecycleStage
from tests.facilitation.conftest import CHARTER, ratings

pytestmark = pytest.mark.django_db


def edit_url(community):
    return reverse("facilitation:charter_edit", kwargs={"community_id": community.pk})


def health_url(community):
    return reverse("facilitation:health", kwargs={"community_id": community.pk})


def new_check_url(community):
    return reverse("facilitation:health_new", kwargs={"community_id": community.pk})


def form_data(**overrides):
    data = {k: v for k, v in CHARTER.items() if k != "chatham_house"}
    data["chatham_house"] = "on"
    data.update(overrides)
    return data


def check_data(**overrides):
    data = {key: str(value) for key, value in ratings(2).items()}
    data.update({"stage": "maturing", "note": ""})
    data.update(overrides)
    return data


# The charter ---------------------------------------------------------------------------


def test_a_facilitator_writes_the_charter_and_it_shows_on_the_community_page(people, login):
    client = login(people.facilitator)
    page = client.get(people.public.url).content.decode()
    assert "This community has no charter yet" in page
    assert edit_url(people.public) in page
    form = client.get(edit_url(people.public))
    assert form.status_code == 200 and b"Chatham House" in form.content
    response = client.post(edit_url(people.public), form_data())
    assert response.status_code == 302
    page = client.get(people.public.url).content.decode()
    assert 'id="charter-title"' in page
    assert CHARTER["domain"] in page
    assert "Edit the charter" in page
    assert "Yes: members may use what is said" in page


def test_anyone_who_may_read_a_public_community_reads_its_charter_but_cannot_edit(people, login):
    services.charter_save(actor=people.facilitator, community=people.public, **CHARTER)
    for client in (Client(), login(people.outsider), login(people.member)):
        page = client.get(people.public.url).content.decode()
        assert CHARTER["domain"] in page
        assert edit_url(people.public) not in page
    assert login(people.member).get(edit_url(people.public)).status_code == 404
    assert login(people.outsider).post(edit_url(people.public), form_data()).status_code == 404
    anonymous = Client().get(edit_url(people.public))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert Charter.objects.get().rhythm == CHARTER["rhythm"]


def test_without_a_charter_members_see_a_plain_empty_state(people, login):
    page = login(people.member).get(people.public.url).content.decode()
    assert "The facilitators have not written a charter" in page
    assert "Write the charter" not in page


def test_a_members_only_charter_never_leaks(people, login):
    secret = "Internal audit findings shared only among auditors"
    services.charter_save(
        actor=people.facilitator, community=people.private, **{**CHARTER, "domain": secret}
    )
    charter_pages = [
        people.private.url,
        reverse("facilitation:charter_history", kwargs={"community_id": people.private.pk}),
        reverse(
            "facilitation:charter_revision",
            kwargs={"community_id": people.private.pk, "number": 1},
        ),
        edit_url(people.private),
    ]
    for client in (Client(), login(people.outsider)):
        for url in charter_pages:
            response = client.get(url)
            assert response.status_code in (302, 404), url
            assert secret not in response.content.decode()
        assert secret not in client.get("/search/", {"q": "auditors"}).content.decode()
        assert secret not in client.get("/api/v1/communities/").content.decode()
        detail = client.get(f"/api/v1/communities/{people.private.pk}/")
        assert detail.status_code == 404
    assert secret in login(people.member).get(people.private.url).content.decode()


def test_a_refused_charter_form_is_shown_again_with_its_error(people, login):
    client = login(people.facilitator)
    response = client.post(edit_url(people.public), form_data(domain=""))
    assert response.status_code == 400
    assert b"This field is required" in response.content
    response = client.post(edit_url(people.public), form_data(ground_rules="x" * 2001))
    assert response.status_code == 400
    assert not Charter.objects.exists()


def test_the_history_lists_versions_and_shows_the_previous_text(people, login):
    services.charter_save(actor=people.facilitator, community=people.public, **CHARTER)
    client = login(people.facilitator)
    client.post(edit_url(people.public), form_data(rhythm="In person in Warsaw, twice a year."))
    assert CharterRevision.objects.count() == 2
    history = client.get(
        reverse("facilitation:charter_history", kwargs={"community_id": people.public.pk})
    ).content.decode()
    assert "Version 2" in history and "Version 1" in history
    assert "Marta Kowalska" in history
    second = Client().get(
        reverse(
            "facilitation:charter_revision",
            kwargs={"community_id": people.public.pk, "number": 2},
        )
    )
    assert second.status_code == 200
    text = second.content.decode()
    assert "In person in Warsaw, twice a year." in text
    assert CHARTER["rhythm"] in text  # the previous version's text, beside it
    assert text.count('class="charter-compare changed"') == 1
    missing = Client().get(
        reverse(
            "facilitation:charter_revision",
            kwargs={"community_id": people.public.pk, "number": 9},
        )
    )
    assert missing.status_code == 404


# The health check ----------------------------------------------------------------------


def test_a_facilitator_completes_a_check_and_sees_the_profile_and_next_steps(people, login):
    client = login(people.facilitator)
    form = client.get(new_check_url(people.public))
    assert form.status_code == 200
    assert b"Members can say in one sentence what the community is about." in form.content
    data = check_data(sponsorship_sponsor="0", sponsorship_time="0", value_stories="1")
    response = client.post(new_check_url(people.public), data)
    assert response.status_code == 302 and response["Location"] == health_url(people.public)
    page = client.get(health_url(people.public)).content.decode()
    assert "<svg" in page and "Score per dimension" in page
    assert "Sponsorship" in page and "0%" in page
    assert "Find a sponsor at director level" in page  # the weakest dimension's steps
    assert "Collect one value-creation story a quarter" in page  # the second weakest
    assert "Write the domain in one sentence" not in page  # not weak: no steps
    assert "first check" in page
    assert HealthCheck.objects.get().completed_by == people.facilitator


def test_a_second_check_shows_the_change_per_dimension_and_the_list(people, login):
    services.health_check_record(
        actor=people.facilitator,
        community=people.public,
        ratings=ratings(1),
        stage=LifecycleStage.COALESCING,
    )
    services.health_check_record(
        actor=people.facilitator,
        community=people.public,
        ratings=ratings(1, domain_clear=3, domain_matters=3, value_stories=0),
        stage=LifecycleStage.MATURING,
    )
    client = login(people.member)
    response = client.get(health_url(people.public))
    profile = response.context["profile"]
    changes = {row.key: row.change for row in profile.dimensions}
    assert changes["domain"] == 67 and changes["value"] == -16 and changes["rhythm"] == 0
    page = response.content.decode()
    assert "+67" in page and "−16" in page and "no change" in page
    assert "Past checks" in page and page.count("facilitation/communities/") >= 2
    first = HealthCheck.objects.order_by("completed_at").first()
    older = client.get(
        reverse(
            "facilitation:health_check",
            kwargs={"community_id": people.public.pk, "check_id": first.pk},
        )
    )
    assert older.status_code == 200 and older.context["profile"].check == first


def test_members_see_the_profile_but_only_facilitators_complete_a_check(people, login):
    services.health_check_record(
        actor=people.facilitator,
        community=people.private,
        ratings=ratings(2),
        stage=LifecycleStage.MATURING,
        note="Secret note about the audit office",
    )
    member = login(people.member)
    page = member.get(health_url(people.private))
    assert page.status_code == 200 and b"Secret note about the audit office" in page.content
    assert new_check_url(people.private).encode() not in page.content
    assert member.get(new_check_url(people.private)).status_code == 404
    assert member.post(new_check_url(people.private), check_data()).status_code == 404
    assert HealthCheck.objects.count() == 1


def test_nobody_else_sees_a_health_check_not_even_of_a_public_community(people, login):
    services.health_check_record(
        actor=people.facilitator,
        community=people.public,
        ratings=ratings(2),
        stage=LifecycleStage.MATURING,
    )
    check = HealthCheck.objects.get()
    outsider = login(people.outsider)
    for community in (people.public, people.private):
        assert outsider.get(health_url(community)).status_code == 404
    assert (
        outsider.get(
            reverse(
                "facilitation:health_check",
                kwargs={"community_id": people.public.pk, "check_id": check.pk},
            )
        ).status_code
        == 404
    )
    # the same answer as for a community that does not exist
    assert (
        outsider.get(reverse("facilitation:health", kwargs={"community_id": 999999})).status_code
        == 404
    )
    anonymous = Client().get(health_url(people.public))
    assert anonymous.status_code == 302
    public_page = outsider.get(people.public.url).content.decode()
    assert health_url(people.public) not in public_page


def test_an_incomplete_check_is_refused_with_a_message(people, login):
    client = login(people.facilitator)
    data = check_data()
    del data["rhythm_between"]
    response = client.post(new_check_url(people.public), data)
    assert response.status_code == 400
    assert b"This field is required" in response.content
    response = client.post(new_check_url(people.public), check_data(domain_clear="7"))
    assert response.status_code == 400
    assert not HealthCheck.objects.exists()


def test_a_check_of_another_community_is_not_shown_through_this_one(people, login):
    services.health_check_record(
        actor=people.facilitator,
        community=people.private,
        ratings=ratings(2),
        stage=LifecycleStage.MATURING,
    )
    check = HealthCheck.objects.get()
    url = reverse(
        "facilitation:health_check",
        kwargs={"community_id": people.public.pk, "check_id": check.pk},
    )
    assert login(people.member).get(url).status_code == 404


# The printouts -------------------------------------------------------------------------


def test_the_printouts_are_public_and_have_boxes_for_every_field(db):
    charter = Client().get("/facilitation/charter-template/")
    assert charter.status_code == 200
    text = charter.content.decode()
    for label in (
        "Domain",
        "Members",
        "Value for members",
        "Value for their organisations",
        "Rhythm",
        "Ground rules",
        "Chatham House rule",
        "Conflicts of interest",
        "Success at 6 months",
        "Success at 12 months",
    ):
        assert label in text, label
    assert text.count('class="printout-box') == 9
    assert "css/facilitation.css" in text
    health = Client().get("/facilitation/health-check-template/")
    assert health.status_code == 200
    text = health.content.decode()
    for label in ("Domain", "Community", "Practice", "Rhythm", "Sponsorship", "Value"):
        assert f">{label}</th>" in text
    assert text.count('<td class="tick"><span class="tick-box">') == 12 * 4
    for stage in ("Potential", "Coalescing", "Maturing", "Stewardship", "Transformation"):
        assert stage in text


def test_the_printouts_are_translated(db):
    response = Client().get("/facilitation/health-check-template/", HTTP_ACCEPT_LANGUAGE="pl")
    assert response.status_code == 200


def test_the_printout_includes_render_with_only_the_request(rf):
    from django.template.loader import render_to_string

    request = rf.get("/guide/print/")
    for name in ("charter_printout", "health_check_printout"):
        html = render_to_string(f"facilitation/includes/{name}.html", request=request)
        assert 'class="printout' in html


def test_the_health_page_queries_do_not_grow_with_checks(people, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def record():
        services.health_check_record(
            actor=people.facilitator,
            community=people.public,
            ratings=ratings(2),
            stage=LifecycleStage.MATURING,
        )

    def count(client):
        client.get(health_url(people.public))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(health_url(people.public)).status_code == 200
        return len(captured)

    client = login(people.member)
    record()
    few = count(client)
    for _ in range(6):
        record()
    assert count(client) == few
