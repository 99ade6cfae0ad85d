"""The discussions demo: threads, posts and reactions in the demo communities, as
Markdown files under ``threads/`` (see ``threads/README.md``)."""

from __future__ import annotations

from core.demo import SeedContext, register


@register("discussions", order=20)
def seed(context: SeedContext) -> None:
    from discussions.demo.seed import seed as seed_discussions

    seed_discussions(context)


@register("notification-mail", order=99)
def settle_notification_mail(context: SeedContext) -> None:
    """The demo's notifications are its past: none of them is e-mailed when the server
    starts (after every seeder that posts)."""
    from discussions.models import Notification

    Notification.objects.filter(email_pending=True).update(email_pending=False)
