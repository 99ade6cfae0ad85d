"""``{% load meeting_tags %}``: upcoming meetings for the community and home pages.

Kept as an inclusion tag so those pages need only an ``{% include %}``-sized change; each
tag runs one query."""

from __future__ import annotations

from django import template

from meetings import selectors

register = template.Library()


@register.inclusion_tag("meetings/includes/upcoming.html", takes_context=True)
def upcoming_meetings(context, community=None, limit=5):
    user = context["request"].user
    if community is not None:
        meetings = selectors.upcoming_for_community(community=community, user=user, limit=limit)
    else:
        meetings = selectors.upcoming_for_user(user=user, limit=limit)
    return {
        "meetings": meetings,
        "community": community,
        "request": context["request"],
        "user": user,
    }
