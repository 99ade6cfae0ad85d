"""``{% thread_practice_panel thread %}``: on a thread page, the cases proposed from it
(in review, or linked once published) and, for facilitators and editors, the "Propose as
good practice" buttons. One query for the cases; permission checks reuse the caches the
thread page already filled."""

from django import template

from guidebook.permissions import can_propose_from_thread, is_practice_editor
from guidebook.selectors import practices_from_thread

register = template.Library()


@register.inclusion_tag("guidebook/includes/thread_practice_panel.html", takes_context=True)
def thread_practice_panel(context, thread):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    practices = practices_from_thread(thread=thread)
    can_propose = bool(user and can_propose_from_thread(user, thread))
    proposed_posts = {practice.source_post_id for practice in practices}
    return {
        "thread": thread,
        "practices": practices,
        "can_propose": can_propose,
        "can_edit": bool(user and is_practice_editor(user)),
        "answer_id": thread.answer_id,
        "answer_proposed": thread.answer_id in proposed_posts,
        "thread_proposed": None in proposed_posts,
        "csrf_token": context.get("csrf_token"),
    }
