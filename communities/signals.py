"""Signals sent by ``communities.services``, always after the transaction commits.

``membership_changed`` carries ``membership``, ``change`` ("joined", "requested", "left",
"removed", "role"), ``community_id`` and ``user_id``. Live sockets listen to it to stop
sending a community's content to someone who left or was removed.
"""

from django.dispatch import Signal

membership_changed = Signal()
