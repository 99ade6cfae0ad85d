"""What the meeting page shows of its peer-learning session (meetings cannot import us)."""

from django import template

from peer_learning.models import PeerLearningSession

register = template.Library()


@register.inclusion_tag("peer_learning/includes/meeting_session_link.html")
def peer_session_link(meeting, can_manage: bool = False):
    return {
        "meeting": meeting,
        "can_manage": can_manage,
        "peer_session": PeerLearningSession.objects.filter(meeting=meeting).first(),
    }
