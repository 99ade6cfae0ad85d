"""Staff exchanges: applied for, matched or recorded by a coordinator, confirmed by both
sides, cancelled."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from communities.models import Organisation, User
from core.errors import ServiceError
from core.text import long_text, one_line
from programmes.exchanges.services._common import (
    ACTIVE_STATUSES,
    COUNTED_STATUSES,
    MAX_EXCHANGE_DAYS,
    _check_dates,
    _day,
    _require_active_user,
    _required_text,
)
from programmes.exchanges.services.offers import _locked_offer
from programmes.models import (
    Exchange,
    ExchangeOffer,
    ExchangeStatus,
    ProgrammeRound,
)
from programmes.permissions import (
    can_apply,
    is_exchange_side,
    is_round_coordinator,
)


def _apply_dates(
    offer: ExchangeOffer, starts_on: date | None, ends_on: date | None
) -> tuple[date, date]:
    if starts_on is None and ends_on is None and offer.starts_on and offer.ends_on:
        return offer.starts_on, offer.ends_on
    if starts_on is None:
        raise ServiceError(_("Give the day you would like to start."), code="dates")
    if ends_on is None:
        try:
            if offer.duration_days:
                ends_on = starts_on + timedelta(days=offer.duration_days - 1)
            elif offer.starts_on and offer.ends_on:
                ends_on = starts_on + (offer.ends_on - offer.starts_on)
            else:
                raise ServiceError(_("Give the last day of the exchange."), code="dates")
        except OverflowError:
            raise ServiceError(
                _("Choose a start date in the coming years."), code="dates"
            ) from None
    _check_dates(starts_on, ends_on, max_days=MAX_EXCHANGE_DAYS)
    return starts_on, ends_on


@transaction.atomic
def exchange_apply(
    *,
    actor: User,
    offer: ExchangeOffer,
    message: str,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Exchange:
    """An employee of another organisation applies; applying confirms the applicant's side
    of the proposal, so the host's contact confirms next."""
    offer = _locked_offer(offer)
    if not offer.is_open:
        raise ServiceError(_("This offer is closed: it takes no more applications."), code="closed")
    if not can_apply(actor, offer):
        if actor.is_authenticated and actor.organisation_id == offer.host_organisation_id:
            message_text = _("You work at the host organisation: apply to another's offer.")
        else:
            message_text = _(
                "Only employees of another organisation can apply: add your organisation "
                "to your profile first."
            )
        raise ServiceError(message_text, code="forbidden")
    if Exchange.objects.filter(offer=offer, participant=actor, status__in=ACTIVE_STATUSES).exists():
        raise ServiceError(_("You have already applied to this offer."), code="duplicate")
    message = long_text(message, max_length=2000)
    if len(message) < 10:
        raise ServiceError(_("Tell the host in a sentence or two why you apply."), code="message")
    starts_on, ends_on = _apply_dates(offer, starts_on, ends_on)
    return Exchange.objects.create(
        round=offer.round,
        offer=offer,
        participant=actor,
        participant_name=actor.name[:200],
        home_organisation=actor.organisation,
        host_organisation=offer.host_organisation,
        host_contact=offer.contact,
        topic=offer.topic,
        message=message,
        starts_on=starts_on,
        ends_on=ends_on,
        status=ExchangeStatus.PROPOSED,
        participant_confirmed_at=timezone.now(),
        created_by=actor,
    )


def _pair(
    *,
    programme_round: ProgrammeRound,
    participant: User | None,
    participant_name: str,
    home_organisation: Organisation | None,
    host_organisation: Organisation | None,
    host_contact: User | None,
    starts_on: date | None,
    ends_on: date | None,
    offer: ExchangeOffer | None,
) -> dict:
    if participant is not None:
        _require_active_user(participant, message=_("The participant must have an active account."))
        home_organisation = home_organisation or participant.organisation
        participant_name = one_line(participant_name, max_length=200) or participant.name[:200]
    else:
        participant_name = _required_text(
            participant_name,
            max_length=200,
            message=_("Choose the participant's account or give their name."),
            min_length=2,
        )
    if home_organisation is None:
        raise ServiceError(_("Choose the participant's home organisation."), code="home")
    if offer is not None:
        if offer.round_id != programme_round.pk:
            raise ServiceError(_("Choose an offer of this round."), code="offer")
        host_organisation = host_organisation or offer.host_organisation
        host_contact = host_contact or offer.contact
        if host_organisation.pk != offer.host_organisation_id:
            raise ServiceError(_("The host organisation must be the offer's host."), code="host")
    if host_organisation is None:
        raise ServiceError(_("Choose the host organisation."), code="host")
    if host_organisation.pk == home_organisation.pk:
        raise ServiceError(
            _("An exchange takes a person to another organisation: choose a different host."),
            code="same_organisation",
        )
    if host_contact is not None:
        _require_active_user(
            host_contact, message=_("The host's contact person must have an active account.")
        )
        if host_contact.organisation_id != host_organisation.pk and not is_round_coordinator(
            host_contact, programme_round
        ):
            raise ServiceError(
                _("The host's contact person must work at the host organisation."),
                code="contact",
            )
        if participant is not None and host_contact.pk == participant.pk:
            raise ServiceError(
                _("The participant cannot be the host's contact person."), code="contact"
            )
    _check_dates(starts_on, ends_on, max_days=MAX_EXCHANGE_DAYS)
    return {
        "round": programme_round,
        "offer": offer,
        "participant": participant,
        "participant_name": participant_name,
        "home_organisation": home_organisation,
        "host_organisation": host_organisation,
        "host_contact": host_contact,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def _require_coordinator(actor: User, programme_round: ProgrammeRound, *, message: str) -> None:
    if not is_round_coordinator(actor, programme_round):
        raise ServiceError(message, code="forbidden")


@transaction.atomic
def exchange_match(
    *,
    actor: User,
    programme_round: ProgrammeRound,
    host_organisation: Organisation | None,
    starts_on: date | None,
    ends_on: date | None,
    participant: User | None = None,
    participant_name: str = "",
    home_organisation: Organisation | None = None,
    host_contact: User | None = None,
    topic: str = "",
    offer: ExchangeOffer | None = None,
) -> Exchange:
    """A coordinator pairs a person with a host; both sides then confirm."""
    _require_coordinator(
        actor,
        programme_round,
        message=_("Only the programme's coordinators can match people with hosts."),
    )
    if offer is not None:
        offer = _locked_offer(offer)
    fields = _pair(
        programme_round=programme_round,
        participant=participant,
        participant_name=participant_name,
        home_organisation=home_organisation,
        host_organisation=host_organisation,
        host_contact=host_contact,
        starts_on=starts_on,
        ends_on=ends_on,
        offer=offer,
    )
    topic = one_line(topic, max_length=200) or (offer.topic if offer else "")
    return Exchange.objects.create(
        **fields, topic=topic, status=ExchangeStatus.PROPOSED, created_by=actor
    )


@transaction.atomic
def exchange_record(
    *,
    actor: User,
    programme_round: ProgrammeRound,
    host_organisation: Organisation | None,
    starts_on: date | None,
    ends_on: date | None,
    participant: User | None = None,
    participant_name: str = "",
    home_organisation: Organisation | None = None,
    host_contact: User | None = None,
    topic: str = "",
    status: str = ExchangeStatus.DONE,
) -> Exchange:
    """A coordinator records an exchange as it stands: done (it has ended) or agreed (it is
    arranged but still to come), e.g. for people without an account."""
    _require_coordinator(
        actor, programme_round, message=_("Only the programme's coordinators can record exchanges.")
    )
    if status not in COUNTED_STATUSES:
        raise ServiceError(_("Record an exchange as agreed or done."), code="status")
    fields = _pair(
        programme_round=programme_round,
        participant=participant,
        participant_name=participant_name,
        home_organisation=home_organisation,
        host_organisation=host_organisation,
        host_contact=host_contact,
        starts_on=starts_on,
        ends_on=ends_on,
        offer=None,
    )
    if status == ExchangeStatus.DONE and ends_on > timezone.localdate():
        raise ServiceError(
            _("An exchange that ends on %(end)s has not ended yet: record it as agreed.")
            % {"end": _day(ends_on)},
            code="not_ended",
        )
    now = timezone.now()
    return Exchange.objects.create(
        **fields,
        topic=one_line(topic, max_length=200),
        status=status,
        agreed_at=now,
        done_at=now if status == ExchangeStatus.DONE else None,
        created_by=actor,
    )


def sides_to_confirm(actor: User, exchange: Exchange) -> list[str]:
    """Which sides this person confirms: their own, and a coordinator also confirms for a
    side that has no account."""
    sides = []
    coordinator = is_round_coordinator(actor, exchange.round)
    if exchange.participant_id == actor.pk or (exchange.participant_id is None and coordinator):
        sides.append("participant")
    if exchange.host_contact_id == actor.pk or (exchange.host_contact_id is None and coordinator):
        sides.append("host")
    return sides


def _locked_exchange(exchange: Exchange) -> Exchange:
    return (
        Exchange.objects.select_for_update().select_related("round__programme").get(pk=exchange.pk)
    )


@transaction.atomic
def exchange_confirm(*, actor: User, exchange: Exchange) -> Exchange:
    """One side confirms the next step. With both confirmations a proposed exchange becomes
    agreed; an agreed one, confirmed again by both from its last day on, becomes done."""
    exchange = _locked_exchange(exchange)
    sides = sides_to_confirm(actor, exchange) if actor.is_authenticated else []
    if not sides:
        raise ServiceError(
            _("Only the participant and the host's contact person confirm an exchange."),
            code="forbidden",
        )
    if exchange.status not in ACTIVE_STATUSES:
        raise ServiceError(
            _("This exchange is %(status)s: there is nothing to confirm.")
            % {"status": exchange.get_status_display().lower()},
            code="status",
        )
    today = timezone.localdate()
    if exchange.status == ExchangeStatus.AGREED and today < exchange.ends_on:
        raise ServiceError(
            _("You can confirm that the exchange took place from its last day, %(end)s.")
            % {"end": _day(exchange.ends_on)},
            code="too_early",
        )
    now = timezone.now()
    confirmed = {
        "participant": exchange.participant_confirmed_at,
        "host": exchange.host_confirmed_at,
    }
    if all(confirmed[side] for side in sides):
        raise ServiceError(
            _("You have already confirmed: now the other side confirms."), code="duplicate"
        )
    if "participant" in sides:
        exchange.participant_confirmed_at = exchange.participant_confirmed_at or now
    if "host" in sides:
        exchange.host_confirmed_at = exchange.host_confirmed_at or now
    if exchange.participant_confirmed_at and exchange.host_confirmed_at:
        if exchange.status == ExchangeStatus.PROPOSED:
            if exchange.offer_id is not None:
                offer = ExchangeOffer.objects.select_for_update().get(pk=exchange.offer_id)
                taken = (
                    Exchange.objects.filter(offer=offer, status__in=COUNTED_STATUSES)
                    .exclude(pk=exchange.pk)
                    .count()
                )
                if taken >= offer.places:
                    raise ServiceError(
                        ngettext(
                            "The %(places)d place of this offer is taken: the exchange "
                            "cannot be agreed.",
                            "All %(places)d places of this offer are taken: the exchange "
                            "cannot be agreed.",
                            offer.places,
                        )
                        % {"places": offer.places},
                        code="full",
                    )
            exchange.status = ExchangeStatus.AGREED
            exchange.agreed_at = now
        else:
            exchange.status = ExchangeStatus.DONE
            exchange.done_at = now
        exchange.participant_confirmed_at = None
        exchange.host_confirmed_at = None
    exchange.save()
    return exchange


@transaction.atomic
def exchange_cancel(*, actor: User, exchange: Exchange) -> Exchange:
    """Either side or a coordinator cancels an exchange that has not taken place."""
    exchange = _locked_exchange(exchange)
    if not (is_exchange_side(actor, exchange) or is_round_coordinator(actor, exchange.round)):
        raise ServiceError(
            _("Only the two sides and the coordinators can cancel an exchange."),
            code="forbidden",
        )
    if exchange.status not in ACTIVE_STATUSES:
        raise ServiceError(
            _("This exchange is %(status)s: it can no longer be cancelled.")
            % {"status": exchange.get_status_display().lower()},
            code="status",
        )
    exchange.status = ExchangeStatus.CANCELLED
    exchange.participant_confirmed_at = None
    exchange.host_confirmed_at = None
    exchange.save()
    return exchange
