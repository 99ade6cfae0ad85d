from django.apps import apps
from django.urls import NoReverseMatch, reverse

from communities.extensions import navigation_entries
from communities.models import Membership, MembershipStatus
from communities.permissions import can_open_admin


def main_navigation(request) -> list[dict]:
    """The header's links, in order: ``[{"key", "label", "url"}]``, cached on the request.

    A page-type entry links to the live child of the site's root page of that type (one
    query for all of them), so renaming an index page's slug keeps the header working; an
    entry whose page does not exist (yet) is left out.
    """
    cached = getattr(request, "_praxis_main_navigation", None)
    if cached is not None:
        return cached
    from django.core.cache import cache

    from core.fragments import fragment_key

    # The same for every reader of one language on one site: kept in the cache until a
    # page or a site changes (the ``pages`` and ``sites`` generations, core.fragments).
    key = fragment_key(
        "main-navigation", (request.get_host(),), topics=("pages", "sites"), request=request
    )
    # Cached for everyone: every entry, whoever asks; an entry shown only to some people
    # (``shown_to``) is left out per request, after the cache.
    every = cache.get(key) if key is not None else None
    if every is None:
        every = _main_navigation(request)
        if key is not None:
            cache.set(key, every, 3600)
    user = getattr(request, "user", None)
    limited = {entry.key: entry.shown_to for entry in navigation_entries() if entry.shown_to}
    items = [
        item
        for item in every
        if item["key"] not in limited or (user is not None and limited[item["key"]](user))
    ]
    request._praxis_main_navigation = items
    return items


def _main_navigation(request) -> list[dict]:
    from wagtail.models import Page, Site

    entries = navigation_entries()
    models = {}
    for entry in entries:
        if entry.page_type:
            try:
                models[entry.page_type] = apps.get_model(entry.page_type)
            except (LookupError, ValueError):
                continue
    pages = {}
    site = Site.find_for_request(request) if models else None
    if site is not None:
        children = Page.objects.child_of(site.root_page).live().type(*models.values())
        keys = {model: page_type for page_type, model in models.items()}
        for page in children.order_by("path"):
            page_type = keys.get(page.specific_class)
            if page_type is not None:
                pages.setdefault(page_type, page)
    items = []
    for entry in entries:
        if entry.page_type:
            page = pages.get(entry.page_type)
            url = page.get_url(request=request) if page is not None else None
        else:
            try:
                url = reverse(entry.url_name)
            except NoReverseMatch:
                url = None
        if url:
            items.append({"key": entry.key, "label": str(entry.label), "url": url})
    return items


def navigation(request):
    """Header data: the main navigation, how many invitations wait for the signed-in
    user and whether the header links to the admin (each computed lazily, when the
    template first asks)."""
    user = getattr(request, "user", None)

    def open_invitations():
        if user is None or not user.is_authenticated:
            return 0
        return Membership.objects.filter(
            user=user, status=MembershipStatus.INVITED, community__live=True
        ).count()

    return {
        "open_invitation_count": open_invitations,
        "can_open_admin": lambda: can_open_admin(user),
        "main_navigation": lambda: main_navigation(request),
    }
