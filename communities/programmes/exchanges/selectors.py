"""Reads for staff exchanges and study visits (placeholder until the exchanges work lands)."""


def round_section_context(*, programme_round, user) -> dict:
    return {}
