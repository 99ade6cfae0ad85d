"""Exchange offers: a host organisation offers places, changes, closes and reopens them."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import Organisation, User
from core.errors import ServiceError
from core.text import long_text, one_line
from programmes.exchanges.services._common import (
    COUNTED_STATUSES,
    MAX_OFFER_DAYS,
    MAX_PLACES,
    _check_dates,
    _require_active_user,
    _required_text,
)
from programmes.models import (
    ExchangeOffer,
    ProgrammeRound,
)
from programmes.permissions import (
    can_manage_offer,
    can_offer_exchange,
    is_round_coordinator,
    round_has_ended,
)


def _clean_offer_fields(
    *,
    topic: str,
    description: str,
    host_department: str,
    starts_on: date | None,
    ends_on: date | None,
    duration_days: int | None,
    places: int | None,
) -> dict:
    topic = _required_text(
        topic, max_length=200, message=_("Give the exchange a topic of at least three characters.")
    )
    description = long_text(description, max_length=3000)
    if len(description) < 10:
        raise ServiceError(
            _("Describe in a sentence or two what the guest will see and do."),
            code="description",
        )
    if (starts_on is None) != (ends_on is None):
        raise ServiceError(
            _("Give both dates of the exchange, or neither and a duration instead."),
            code="dates",
        )
    if starts_on is not None:
        _check_dates(starts_on, ends_on, max_days=MAX_OFFER_DAYS)
    elif duration_days is None:
        raise ServiceError(
            _("Give the exchange's dates or how many days it lasts."), code="duration"
        )
    if duration_days is not None and not 1 <= duration_days <= MAX_OFFER_DAYS:
        raise ServiceError(
            ngettext(
                "An exchange lasts from 1 to %(max)d day.",
                "An exchange lasts from 1 to %(max)d days.",
                MAX_OFFER_DAYS,
            )
            % {"max": MAX_OFFER_DAYS},
            code="duration",
        )
    if places is None or not 1 <= places <= MAX_PLACES:
        raise ServiceError(
            ngettext(
                "An offer has from 1 to %(max)d place.",
                "An offer has from 1 to %(max)d places.",
                MAX_PLACES,
            )
            % {"max": MAX_PLACES},
            code="places",
        )
    return {
        "topic": topic,
        "description": description,
        "host_department": one_line(host_department, max_length=200),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "duration_days": duration_days,
        "places": places,
    }


def _offer_host(
    *,
    actor: User,
    programme_round: ProgrammeRound,
    host_organisation: Organisation | None,
    contact: User | None,
) -> tuple[Organisation, User]:
    coordinator = is_round_coordinator(actor, programme_round)
    host_organisation = host_organisation or actor.organisation
    if host_organisation is None:
        raise ServiceError(_("Choose the host organisation."), code="host")
    if not coordinator and host_organisation.pk != actor.organisation_id:
        raise ServiceError(_("You can offer exchanges only at your own organisation."), code="host")
    contact = contact or actor
    _require_active_user(contact, message=_("The contact person must have an active account."))
    if contact.organisation_id != host_organisation.pk and not is_round_coordinator(
        contact, programme_round
    ):
        raise ServiceError(
            _("The contact person must work at the host organisation."), code="contact"
        )
    return host_organisation, contact


@transaction.atomic
def offer_create(
    *,
    actor: User,
    programme_round: ProgrammeRound,
    topic: str,
    description: str,
    host_department: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    duration_days: int | None = None,
    places: int = 1,
    host_organisation: Organisation | None = None,
    contact: User | None = None,
) -> ExchangeOffer:
    """A host organisation's member (for their organisation) or a coordinator (for any)."""
    if round_has_ended(programme_round):
        raise ServiceError(
            _("This round has ended: offer the exchange in a current round."), code="ended"
        )
    if not can_offer_exchange(actor, programme_round):
        raise ServiceError(
            _(
                "Only members of an organisation or the programme's coordinators can offer "
                "exchanges."
            ),
            code="forbidden",
        )
    fields = _clean_offer_fields(
        topic=topic,
        description=description,
        host_department=host_department,
        starts_on=starts_on,
        ends_on=ends_on,
        duration_days=duration_days,
        places=places,
    )
    host_organisation, contact = _offer_host(
        actor=actor,
        programme_round=programme_round,
        host_organisation=host_organisation,
        contact=contact,
    )
    return ExchangeOffer.objects.create(
        round=programme_round,
        host_organisation=host_organisation,
        contact=contact,
        **fields,
    )


def _locked_offer(offer: ExchangeOffer) -> ExchangeOffer:
    return ExchangeOffer.objects.select_for_update().select_related("round").get(pk=offer.pk)


@transaction.atomic
def offer_update(
    *,
    actor: User,
    offer: ExchangeOffer,
    topic: str,
    description: str,
    host_department: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    duration_days: int | None = None,
    places: int = 1,
    contact: User | None = None,
) -> ExchangeOffer:
    offer = _locked_offer(offer)
    if not can_manage_offer(actor, offer):
        raise ServiceError(
            _("Only the host organisation and the coordinators can change this offer."),
            code="forbidden",
        )
    fields = _clean_offer_fields(
        topic=topic,
        description=description,
        host_department=host_department,
        starts_on=starts_on,
        ends_on=ends_on,
        duration_days=duration_days,
        places=places,
    )
    taken = offer.exchanges.filter(status__in=COUNTED_STATUSES).count()
    if fields["places"] < taken:
        raise ServiceError(
            ngettext(
                "%(taken)d place is already agreed: the offer needs at least that many.",
                "%(taken)d places are already agreed: the offer needs at least that many.",
                taken,
            )
            % {"taken": taken},
            code="places",
        )
    if contact is not None and contact.pk != offer.contact_id:
        _host, contact = _offer_host(
            actor=actor,
            programme_round=offer.round,
            host_organisation=offer.host_organisation,
            contact=contact,
        )
        fields["contact"] = contact
    for name, value in fields.items():
        setattr(offer, name, value)
    offer.save()
    return offer


@transaction.atomic
def offer_close(*, actor: User, offer: ExchangeOffer) -> ExchangeOffer:
    """No more applications; exchanges already proposed or agreed go on."""
    return _offer_set_open(
        actor,
        offer,
        is_open=False,
        forbidden=_("Only the host organisation and the coordinators can close this offer."),
        unchanged=_("This offer is already closed."),
    )


@transaction.atomic
def offer_reopen(*, actor: User, offer: ExchangeOffer) -> ExchangeOffer:
    return _offer_set_open(
        actor,
        offer,
        is_open=True,
        forbidden=_("Only the host organisation and the coordinators can reopen this offer."),
        unchanged=_("This offer is already open."),
    )


def _offer_set_open(
    actor: User, offer: ExchangeOffer, *, is_open: bool, forbidden: str, unchanged: str
) -> ExchangeOffer:
    offer = _locked_offer(offer)
    if not can_manage_offer(actor, offer):
        raise ServiceError(forbidden, code="forbidden")
    if offer.is_open == is_open:
        raise ServiceError(unchanged, code="open" if is_open else "closed")
    offer.is_open = is_open
    offer.save(update_fields=["is_open"])
    return offer
