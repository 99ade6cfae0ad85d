"""Every write to charters and health checks: keyword-only, typed, atomic, validated.

Each charter save keeps a revision (who, when, every field) and is logged with
``log_action`` on the community page (its history in the Wagtail admin), in the same
transaction; a recorded health check is logged the same way. Refusals raise
``ServiceError`` with a message fit for the user and change nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log as log_action

from communities.models import CommunityPage, User
from core.errors import ServiceError
from core.text import long_text
from facilitation.health import SCALE_TOP, STATEMENT_KEYS
from facilitation.models import (
    CHARTER_TEXT_FIELDS,
    CHARTER_TEXT_MAX,
    Charter,
    CharterRevision,
    HealthCheck,
    LifecycleStage,
)
from facilitation.permissions import can_edit_charter, can_record_health

NOTE_MAX = 2000


def _clean(value: str | None, *, max_length: int) -> str:
    return long_text((value or "").replace("\r\n", "\n").replace("\r", "\n"), max_length=max_length)


@transaction.atomic
def charter_save(
    *,
    actor: User,
    community: CommunityPage,
    domain: str = "",
    members: str = "",
    member_value: str = "",
    organisation_value: str = "",
    rhythm: str = "",
    chatham_house: bool = False,
    ground_rules: str = "",
    conflicts_of_interest: str = "",
    success_6_months: str = "",
    success_12_months: str = "",
    at: datetime | None = None,
    illustrative: bool = False,
) -> Charter:
    """Write the community's charter and keep the new version as a revision.

    ``at`` and ``illustrative`` are for the demo seeder (dated versions, marked as
    illustrative on the page)."""
    if actor is None or not can_edit_charter(actor, community):
        raise ServiceError(
            _("Only the community's facilitators can edit its charter."), code="forbidden"
        )
    given = {
        "domain": domain,
        "members": members,
        "member_value": member_value,
        "organisation_value": organisation_value,
        "rhythm": rhythm,
        "ground_rules": ground_rules,
        "conflicts_of_interest": conflicts_of_interest,
        "success_6_months": success_6_months,
        "success_12_months": success_12_months,
    }
    content = {
        name: _clean(given[name], max_length=CHARTER_TEXT_MAX) for name in CHARTER_TEXT_FIELDS
    }
    content["chatham_house"] = bool(chatham_house)
    if not content["domain"]:
        raise ServiceError(
            _("Say at least what the community is about (its domain)."), code="invalid"
        )
    when = at or timezone.now()
    charter = Charter.objects.select_for_update().filter(community=community).first()
    if charter is not None and charter.content() == content:
        raise ServiceError(_("Nothing changed in the charter, so nothing was saved."))
    if charter is None:
        charter = Charter(community=community)
    for name, value in content.items():
        setattr(charter, name, value)
    charter.updated_at = when
    charter.updated_by = actor
    charter.illustrative = illustrative
    charter.save()
    number = (charter.revisions.aggregate(top=Max("number"))["top"] or 0) + 1
    CharterRevision.objects.create(
        charter=charter, number=number, created_at=when, author=actor, **content
    )
    log_action(
        community,
        "praxis.charter_save",
        user=actor,
        data={"charter": charter.pk, "revision": number},
    )
    return charter


@transaction.atomic
def health_check_record(
    *,
    actor: User,
    community: CommunityPage,
    ratings: dict[str, int],
    stage: str,
    note: str = "",
    at: datetime | None = None,
    illustrative: bool = False,
) -> HealthCheck:
    """Record a completed health check: a rating for every statement, the stage, a note."""
    if actor is None or not can_record_health(actor, community):
        raise ServiceError(
            _("Only the community's facilitators can complete its health check."),
            code="forbidden",
        )
    if set(ratings) != STATEMENT_KEYS:
        raise ServiceError(_("Rate every statement of the health check."))
    cleaned = {}
    for key, value in ratings.items():
        try:
            rating = int(value)
        except (TypeError, ValueError):
            rating = -1
        if not 0 <= rating <= SCALE_TOP:
            raise ServiceError(_("Each statement is rated on the four-point scale."))
        cleaned[key] = rating
    if stage not in LifecycleStage.values:
        raise ServiceError(_("Choose the community's lifecycle stage."))
    check = HealthCheck.objects.create(
        community=community,
        completed_at=at or timezone.now(),
        completed_by=actor,
        ratings=cleaned,
        stage=stage,
        note=_clean(note, max_length=NOTE_MAX),
        illustrative=illustrative,
    )
    log_action(
        community,
        "praxis.health_check",
        user=actor,
        data={"health_check": check.pk, "stage": stage},
    )
    return check
