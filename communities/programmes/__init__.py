"""Programmes across organisations: partners, challenge rounds, staff exchanges, visits.

Models live in ``communities.programmes.models`` and are imported by ``communities.models``
so that their migrations belong to the ``communities`` app.
"""
