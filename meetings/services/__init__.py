"""Every write to meetings, agenda items, RSVPs, calendar tokens and topic rounds.

Keyword-only, inside ``transaction.atomic``, validating and raising ``ServiceError`` with a
message fit for the user; a refused write changes nothing. Live events and e-mails are sent
only on commit.

One module per use case; this package re-exports them all, so callers keep writing
``services.rsvp_set(...)``.
"""

from core.timezones import local_datetime
from meetings.services._common import locked_meeting
from meetings.services.agenda import agenda_item_add, agenda_item_remove
from meetings.services.calendar import calendar_token_for, calendar_token_reset
from meetings.services.harvest import meeting_harvest
from meetings.services.meetings import (
    DEFAULT_TIMES,
    LANGUAGE_CODES,
    MAX_MEETING_DAYS,
    meeting_create,
    meeting_update,
)
from meetings.services.rsvp import going_count, rsvp_set, waiting_position
from meetings.services.topic_rounds import (
    MAX_VOTES_PER_MEMBER,
    topic_propose,
    topic_round_close,
    topic_round_open,
    topic_unvote,
    topic_vote,
    topic_vote_move,
)

__all__ = [
    "DEFAULT_TIMES",
    "LANGUAGE_CODES",
    "MAX_MEETING_DAYS",
    "MAX_VOTES_PER_MEMBER",
    "agenda_item_add",
    "agenda_item_remove",
    "calendar_token_for",
    "calendar_token_reset",
    "going_count",
    "local_datetime",
    "locked_meeting",
    "meeting_create",
    "meeting_harvest",
    "meeting_update",
    "rsvp_set",
    "topic_propose",
    "topic_round_close",
    "topic_round_open",
    "topic_unvote",
    "topic_vote",
    "topic_vote_move",
    "waiting_position",
]
