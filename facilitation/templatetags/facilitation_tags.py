"""``{% load facilitation_tags %}``: what the printouts need, so that they render with no
context beyond the request (the guide's printed handout includes them as they are)."""

from __future__ import annotations

from django import template

from facilitation.health import DIMENSIONS, SCALE
from facilitation.models import LifecycleStage

register = template.Library()


@register.simple_tag
def health_check_parts() -> dict:
    """The dimensions with their statements, the scale and the lifecycle stages."""
    return {
        "dimensions": DIMENSIONS,
        "scale": [label for _value, label in SCALE],
        "stages": [label for _value, label in LifecycleStage.choices],
    }
