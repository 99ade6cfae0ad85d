"""Peer-learning sessions and their days, task groups, the Open Space board, recorded outputs."""
