"""Every write to exchange offers, staff exchanges, study visits and experience reports.

Keyword-only, inside ``transaction.atomic``, validating and raising ``ServiceError`` with a
message fit for the user; a refused write changes nothing. Dates are checked here, not only
by the database's constraints, so that the user is told what is wrong.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from communities.models import CommunityPage, Organisation, User
from communities.permissions import can_post
from core.errors import ServiceError
from programmes.models import (
    Exchange,
    ExchangeOffer,
    ExchangeStatus,
    ExperienceReport,
    ProgrammePage,
    ProgrammeRound,
    StudyVisit,
    StudyVisitItem,
)
from programmes.permissions import (
    can_apply,
    can_manage_offer,
    can_manage_visit,
    can_offer_exchange,
    can_report_on_exchange,
    can_report_on_visit,
    is_coordinator,
    is_exchange_side,
    is_round_coordinator,
    is_visit_participant,
    round_has_ended,
)

MAX_OFFER_DAYS = 90
MAX_EXCHANGE_DAYS = 90
MAX_VISIT_DAYS = 30
MAX_PLACES = 50
COUNTED_STATUSES = (ExchangeStatus.AGREED, ExchangeStatus.DONE)
ACTIVE_STATUSES = (ExchangeStatus.PROPOSED, ExchangeStatus.AGREED)


# Validation helpers ---------------------------------------------------------------------------


def _text(value: str | None, *, max_length: int) -> str:
    return " ".join((value or "").replace("\x00", "").split())[:max_length]


def _required_text(value: str | None, *, max_length: int, message: str, min_length=3) -> str:
    cleaned = _text(value, max_length=max_length)
    if len(cleaned) < min_length:
        raise ServiceError(message, code="required")
    return cleaned


def _long_text(value: str | None, *, max_length: int) -> str:
    value = (value or "").replace("\x00", "").strip()
    if len(value) > max_length:
        raise ServiceError(
            _("A text field can be at most %(max)d characters.") % {"max": max_length},
            code="too_long",
        )
    return value


def _day(value: date) -> str:
    return date_format(value, "DATE_FORMAT")


def _check_dates(starts_on: date | None, ends_on: date | None, *, max_days: int) -> None:
    if starts_on is None or ends_on is None:
        raise ServiceError(_("Give both the first and the last day."), code="dates")
    if ends_on < starts_on:
        raise ServiceError(
            _("The last day (%(end)s) is before the first day (%(start)s).")
            % {"end": _day(ends_on), "start": _day(starts_on)},
            code="end_before_start",
        )
    if (ends_on - starts_on).days + 1 > max_days:
        raise ServiceError(
            _("This can last at most %(days)d days.") % {"days": max_days}, code="too_long"
        )


def _require_active_user(user, *, message: str) -> None:
    if user is None or not user.is_active:
        raise ServiceError(message, code="user")


# Offers -------------------------------------------------------------------------------------


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
    description = _long_text(description, max_length=3000)
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
            _("An exchange lasts from 1 to %(max)d days.") % {"max": MAX_OFFER_DAYS},
            code="duration",
        )
    if places is None or not 1 <= places <= MAX_PLACES:
        raise ServiceError(
            _("An offer has from 1 to %(max)d places.") % {"max": MAX_PLACES}, code="places"
        )
    return {
        "topic": topic,
        "description": description,
        "host_department": _text(host_department, max_length=200),
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
            _("%(taken)d places are already agreed: the offer needs at least that many.")
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


# Exchanges ----------------------------------------------------------------------------------


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
    message = _long_text(message, max_length=2000)
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
        participant_name = _text(participant_name, max_length=200) or participant.name[:200]
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
    topic = _text(topic, max_length=200) or (offer.topic if offer else "")
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
        topic=_text(topic, max_length=200),
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
                        _(
                            "All %(places)d places of this offer are taken: the exchange "
                            "cannot be agreed."
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


# Experience reports -------------------------------------------------------------------------


@transaction.atomic
def report_write(
    *,
    actor: User,
    learned: str,
    will_change: str,
    exchange: Exchange | None = None,
    visit: StudyVisit | None = None,
) -> ExperienceReport:
    """Only someone who took part: a side of a done exchange, or a participant of a visit
    that has started. One report per person."""
    if (exchange is None) == (visit is None):
        raise ServiceError(_("A report is about one exchange or one visit."), code="subject")
    if exchange is not None:
        exchange = _locked_exchange(exchange)
        if not is_exchange_side(actor, exchange):
            raise ServiceError(
                _(
                    "Only the participant and the host's contact person write about an "
                    "exchange they took part in."
                ),
                code="not_participant",
            )
        if not can_report_on_exchange(actor, exchange):
            raise ServiceError(
                _(
                    "You can write your report once both sides have confirmed the exchange "
                    "took place."
                ),
                code="not_done",
            )
        existing = ExperienceReport.objects.filter(exchange=exchange, author=actor)
    else:
        visit = StudyVisit.objects.select_for_update().get(pk=visit.pk)
        if not is_visit_participant(actor, visit):
            raise ServiceError(
                _("Only the visit's participants write reports about it."),
                code="not_participant",
            )
        if not can_report_on_visit(actor, visit):
            raise ServiceError(
                _("You can write your report once the visit has started, on %(start)s.")
                % {"start": _day(visit.starts_on)},
                code="too_early",
            )
        existing = ExperienceReport.objects.filter(visit=visit, author=actor)
    if existing.exists():
        raise ServiceError(_("You have already written your report."), code="duplicate")
    learned = _long_text(learned, max_length=3000)
    will_change = _long_text(will_change, max_length=3000)
    if len(learned) < 10 or len(will_change) < 10:
        raise ServiceError(
            _("Write a sentence or two both on what you learned and on what you will change."),
            code="required",
        )
    return ExperienceReport.objects.create(
        exchange=exchange, visit=visit, author=actor, learned=learned, will_change=will_change
    )


def _report_subject(report: ExperienceReport) -> tuple[str, str]:
    if report.exchange_id:
        exchange = report.exchange
        title = _("What I learned on a staff exchange at %(host)s") % {
            "host": exchange.host_organisation.name
        }
        about = _("An exchange from %(home)s to %(host)s%(topic)s, %(start)s–%(end)s.") % {
            "home": exchange.home_organisation.name,
            "host": exchange.host_organisation.name,
            "topic": f" ({exchange.topic})" if exchange.topic else "",
            "start": _day(exchange.starts_on),
            "end": _day(exchange.ends_on),
        }
    else:
        visit = report.visit
        title = _("What I learned on the study visit “%(title)s”") % {"title": visit.title}
        about = _("%(destination)s, %(start)s–%(end)s.") % {
            "destination": visit.destination,
            "start": _day(visit.starts_on),
            "end": _day(visit.ends_on),
        }
    return title, about


@transaction.atomic
def report_post_to_community(
    *, actor: User, report: ExperienceReport, community: CommunityPage
) -> ExperienceReport:
    """Post the report as a new thread in a community the author can post in."""
    from discussions.services import thread_create

    report = (
        ExperienceReport.objects.select_for_update(of=("self",))
        .select_related("exchange__home_organisation", "exchange__host_organisation", "visit")
        .get(pk=report.pk)
    )
    if report.author_id != actor.pk:
        raise ServiceError(_("Only the report's author can post it."), code="forbidden")
    if report.thread_id is not None:
        raise ServiceError(
            _("This report is already posted to a community."), code="already_posted"
        )
    if not can_post(actor, community):
        raise ServiceError(
            _("You can post only in communities you are an active member of."),
            code="cannot_post",
        )
    title, about = _report_subject(report)
    source = "\n\n".join(
        [
            about,
            "**" + _("What I learned") + "**",
            report.learned,
            "**" + _("What I will change") + "**",
            report.will_change,
        ]
    )
    thread = thread_create(
        author=actor, community=community, title=title[:200], source=source, tags=[]
    )
    report.thread = thread
    report.save(update_fields=["thread"])
    return report


# Study visits -------------------------------------------------------------------------------


def _clean_visit_fields(
    *,
    programme: ProgrammePage,
    title: str,
    purpose: str,
    destination: str,
    starts_on: date | None,
    ends_on: date | None,
    programme_round: ProgrammeRound | None,
) -> dict:
    title = _required_text(
        title, max_length=200, message=_("Give the visit a title of at least three characters.")
    )
    purpose = _long_text(purpose, max_length=3000)
    if len(purpose) < 10:
        raise ServiceError(_("Say in a sentence or two what the visit is for."), code="purpose")
    destination = _required_text(
        destination, max_length=200, message=_("Give the visit's destination."), min_length=2
    )
    _check_dates(starts_on, ends_on, max_days=MAX_VISIT_DAYS)
    if programme_round is not None and programme_round.programme_id != programme.pk:
        raise ServiceError(_("Choose a round of this programme."), code="round")
    return {
        "title": title,
        "purpose": purpose,
        "destination": destination,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "round": programme_round,
    }


def _require_visit_manager(actor: User, programme: ProgrammePage) -> None:
    if not is_coordinator(actor, programme):
        raise ServiceError(
            _("Only the programme's coordinators can manage study visits."), code="forbidden"
        )


@transaction.atomic
def visit_create(
    *,
    actor: User,
    programme: ProgrammePage,
    title: str,
    purpose: str,
    destination: str,
    starts_on: date | None,
    ends_on: date | None,
    programme_round: ProgrammeRound | None = None,
    host_organisations: list[Organisation] | None = None,
) -> StudyVisit:
    _require_visit_manager(actor, programme)
    fields = _clean_visit_fields(
        programme=programme,
        title=title,
        purpose=purpose,
        destination=destination,
        starts_on=starts_on,
        ends_on=ends_on,
        programme_round=programme_round,
    )
    visit = StudyVisit.objects.create(programme=programme, created_by=actor, **fields)
    if host_organisations:
        visit.host_organisations.set(host_organisations)
    return visit


def _locked_visit(visit: StudyVisit) -> StudyVisit:
    return StudyVisit.objects.select_for_update().select_related("programme").get(pk=visit.pk)


@transaction.atomic
def visit_update(
    *,
    actor: User,
    visit: StudyVisit,
    title: str,
    purpose: str,
    destination: str,
    starts_on: date | None,
    ends_on: date | None,
    programme_round: ProgrammeRound | None = None,
    host_organisations: list[Organisation] | None = None,
) -> StudyVisit:
    visit = _locked_visit(visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    fields = _clean_visit_fields(
        programme=visit.programme,
        title=title,
        purpose=purpose,
        destination=destination,
        starts_on=starts_on,
        ends_on=ends_on,
        programme_round=programme_round,
    )
    outside = visit.items.exclude(day__range=(starts_on, ends_on)).count()
    if outside:
        raise ServiceError(
            _(
                "%(count)d meetings of the visit's programme fall outside the new dates: "
                "move or remove them first."
            )
            % {"count": outside},
            code="items_outside",
        )
    for name, value in fields.items():
        setattr(visit, name, value)
    visit.save()
    if host_organisations is not None:
        visit.host_organisations.set(host_organisations)
    return visit


@transaction.atomic
def visit_item_add(
    *,
    actor: User,
    visit: StudyVisit,
    day: date | None,
    title: str,
    starts_at: time | None = None,
    description: str = "",
    host_organisation: Organisation | None = None,
) -> StudyVisitItem:
    visit = _locked_visit(visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    if day is None or not visit.starts_on <= day <= visit.ends_on:
        raise ServiceError(
            _("A meeting of the visit takes place between %(start)s and %(end)s.")
            % {"start": _day(visit.starts_on), "end": _day(visit.ends_on)},
            code="day",
        )
    title = _required_text(
        title,
        max_length=200,
        message=_("Give the meeting a title of at least three characters."),
    )
    return StudyVisitItem.objects.create(
        visit=visit,
        day=day,
        starts_at=starts_at,
        title=title,
        description=_long_text(description, max_length=2000),
        host_organisation=host_organisation,
    )


@transaction.atomic
def visit_item_remove(*, actor: User, item: StudyVisitItem) -> None:
    visit = _locked_visit(item.visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    StudyVisitItem.objects.filter(pk=item.pk, visit=visit).delete()


@transaction.atomic
def visit_participant_add(*, actor: User, visit: StudyVisit, user: User | None) -> StudyVisit:
    visit = _locked_visit(visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    _require_active_user(user, message=_("Choose a person with an active account."))
    if visit.participants.filter(pk=user.pk).exists():
        raise ServiceError(
            _("%(name)s already takes part in this visit.") % {"name": user.name},
            code="duplicate",
        )
    visit.participants.add(user)
    return visit


@transaction.atomic
def visit_participant_remove(*, actor: User, visit: StudyVisit, user: User) -> StudyVisit:
    visit = _locked_visit(visit)
    if not can_manage_visit(actor, visit):
        _require_visit_manager(actor, visit.programme)
    if not visit.participants.filter(pk=user.pk).exists():
        raise ServiceError(_("This person does not take part in the visit."), code="missing")
    if visit.reports.filter(author=user).exists():
        raise ServiceError(
            _("%(name)s has written a report on this visit and stays on its list.")
            % {"name": user.name},
            code="has_report",
        )
    visit.participants.remove(user)
    return visit
