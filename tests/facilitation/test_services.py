"""The charter and health-check services: validation, revisions, permissions, the log."""

from __future__ import annotations

import pytest
from wagtail.models import PageLogEntry

from core.errors import ServiceError
from facilitation import services
from facilitation.models import Charter, CharterRevision, HealthCheck, LifecycleStage
from tests.facilitation.conftest import CHARTER, ratings

pytestmark = pytest.mark.django_db


def test_a_facilitator_saves_a_charter_and_every_save_keeps_a_revision(people):
    charter = services.charter_save(actor=people.facilitator, community=people.public, **CHARTER)
    assert charter.domain == CHARTER["domain"] and charter.chatham_house is True
    changed = {**CHARTER, "rhythm": "In person in Warsaw, twice a year."}
    services.charter_save(actor=people.facilitator, community=people.public, **changed)
    revisions = list(CharterRevision.objects.filter(charter=charter).order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].rhythm == CHARTER["rhythm"]
    assert revisions[1].rhythm == "In person in Warsaw, twice a year."
    assert all(r.author == people.facilitator for r in revisions)
    charter.refresh_from_db()
    assert charter.rhythm == "In person in Warsaw, twice a year."
    logged = PageLogEntry.objects.filter(page=people.public, action="praxis.charter_save")
    assert logged.count() == 2
    assert logged.first().user == people.facilitator


def test_members_and_outsiders_cannot_write_a_charter(people):
    for actor in (people.member, people.outsider):
        with pytest.raises(ServiceError) as refused:
            services.charter_save(actor=actor, community=people.public, **CHARTER)
        assert refused.value.status == 403
    assert not Charter.objects.exists()


def test_a_charter_needs_its_domain_and_refuses_overlong_text(people):
    with pytest.raises(ServiceError, match="domain"):
        services.charter_save(actor=people.facilitator, community=people.public, domain="  ")
    with pytest.raises(ServiceError, match="at most 2000"):
        services.charter_save(
            actor=people.facilitator,
            community=people.public,
            **{**CHARTER, "ground_rules": "x" * 2001},
        )
    assert not Charter.objects.exists()
    assert not CharterRevision.objects.exists()


def test_an_unchanged_save_is_refused_and_adds_no_revision(people):
    services.charter_save(actor=people.facilitator, community=people.public, **CHARTER)
    with pytest.raises(ServiceError, match="Nothing changed"):
        services.charter_save(
            actor=people.facilitator,
            community=people.public,
            **{**CHARTER, "domain": CHARTER["domain"] + "\r\n"},
        )
    assert CharterRevision.objects.count() == 1


def test_a_facilitator_records_a_health_check(people):
    check = services.health_check_record(
        actor=people.facilitator,
        community=people.public,
        ratings=ratings(1, domain_clear=3),
        stage=LifecycleStage.COALESCING,
        note="First check.",
    )
    assert check.ratings["domain_clear"] == 3 and check.ratings["value_stories"] == 1
    assert check.completed_by == people.facilitator
    assert PageLogEntry.objects.filter(page=people.public, action="praxis.health_check").exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"ratings": ratings(2, domain_clear=4)},
        {"ratings": ratings(2, domain_clear="lots")},
        {"ratings": {"domain_clear": 2}},
        {"ratings": {**ratings(2), "made_up": 1}},
        {"stage": "adolescence"},
        {"note": "x" * 2001},
    ],
)
def test_a_health_check_with_bad_input_changes_nothing(people, bad):
    arguments = {"ratings": ratings(2), "stage": LifecycleStage.MATURING, "note": "", **bad}
    with pytest.raises(ServiceError) as refused:
        services.health_check_record(actor=people.facilitator, community=people.public, **arguments)
    assert refused.value.status == 400
    assert not HealthCheck.objects.exists()


def test_only_facilitators_record_health_checks(people):
    for actor in (people.member, people.outsider):
        with pytest.raises(ServiceError) as refused:
            services.health_check_record(
                actor=actor,
                community=people.private,
                ratings=ratings(2),
                stage=LifecycleStage.MATURING,
            )
        assert refused.value.status == 403
    assert not HealthCheck.objects.exists()
