"""Meetings, RSVP, calendars and topic voting for communities of practice.

Models live in ``communities.meetings.models`` and are imported by ``communities.models``
so that their migrations belong to the ``communities`` app.
"""
