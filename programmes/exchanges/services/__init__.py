"""Every write to exchange offers, staff exchanges, study visits and experience reports.

Keyword-only, inside ``transaction.atomic``, validating and raising ``ServiceError`` with a
message fit for the user; a refused write changes nothing. Dates are checked here, not only
by the database's constraints, so that the user is told what is wrong.

One module per use case; this package re-exports them all, so callers keep writing
``services.offer_create(...)``.
"""

from programmes.exchanges.services._common import (
    ACTIVE_STATUSES,
    COUNTED_STATUSES,
    MAX_EXCHANGE_DAYS,
    MAX_OFFER_DAYS,
    MAX_PLACES,
    MAX_VISIT_DAYS,
)
from programmes.exchanges.services.exchanges import (
    exchange_apply,
    exchange_cancel,
    exchange_confirm,
    exchange_match,
    exchange_record,
    sides_to_confirm,
)
from programmes.exchanges.services.offers import (
    offer_close,
    offer_create,
    offer_reopen,
    offer_update,
)
from programmes.exchanges.services.reports import report_post_to_community, report_write
from programmes.exchanges.services.visits import (
    visit_create,
    visit_item_add,
    visit_item_remove,
    visit_participant_add,
    visit_participant_remove,
    visit_update,
)

__all__ = [
    "ACTIVE_STATUSES",
    "COUNTED_STATUSES",
    "MAX_EXCHANGE_DAYS",
    "MAX_OFFER_DAYS",
    "MAX_PLACES",
    "MAX_VISIT_DAYS",
    "exchange_apply",
    "exchange_cancel",
    "exchange_confirm",
    "exchange_match",
    "exchange_record",
    "offer_close",
    "offer_create",
    "offer_reopen",
    "offer_update",
    "report_post_to_community",
    "report_write",
    "sides_to_confirm",
    "visit_create",
    "visit_item_add",
    "visit_item_remove",
    "visit_participant_add",
    "visit_participant_remove",
    "visit_update",
]
