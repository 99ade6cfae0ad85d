"""Programmes across organisations: partners, challenge rounds, staff exchanges, study visits."""
