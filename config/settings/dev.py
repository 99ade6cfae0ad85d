"""Local development and ``make run``: the embedded default."""

from .base import *  # noqa: F403

DEBUG = True
