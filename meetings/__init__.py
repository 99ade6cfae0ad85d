"""Meetings, agenda, RSVP and the waiting list, calendars, and topic rounds (dot voting)."""
