from discussions.selectors import unread_notification_count


def notifications(request):
    """Header data: the signed-in user's unread notifications (one query, lazily)."""
    user = getattr(request, "user", None)

    def unread_notifications():
        if user is None or not user.is_authenticated:
            return 0
        return unread_notification_count(user=user)

    return {"unread_notification_count": unread_notifications}
