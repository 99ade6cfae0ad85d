"""Experience reports on an exchange or a study visit, and posting them to a community."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import CommunityPage, User
from communities.permissions import can_post
from core.errors import ServiceError
from core.text import long_text
from programmes.exchanges.services._common import _day
from programmes.exchanges.services.exchanges import _locked_exchange
from programmes.models import (
    Exchange,
    ExperienceReport,
    StudyVisit,
)
from programmes.permissions import (
    can_report_on_exchange,
    can_report_on_visit,
    is_exchange_side,
    is_visit_participant,
)


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
    learned = long_text(learned, max_length=3000)
    will_change = long_text(will_change, max_length=3000)
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
        about = (  # whole sentences, with a topic and without, for the translators
            _("An exchange from %(home)s to %(host)s (%(topic)s), %(start)s–%(end)s.")
            if exchange.topic
            else _("An exchange from %(home)s to %(host)s, %(start)s–%(end)s.")
        ) % {
            "home": exchange.home_organisation.name,
            "host": exchange.host_organisation.name,
            "topic": exchange.topic,
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
