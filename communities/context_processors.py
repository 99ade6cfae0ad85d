from communities.models import Membership, MembershipStatus


def navigation(request):
    """Header data: how many invitations wait for the signed-in user (one query, lazily)."""
    user = getattr(request, "user", None)

    def open_invitations():
        if user is None or not user.is_authenticated:
            return 0
        return Membership.objects.filter(
            user=user, status=MembershipStatus.INVITED, community__live=True
        ).count()

    return {"open_invitation_count": open_invitations}
