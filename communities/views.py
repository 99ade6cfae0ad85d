"""Thin views: parse the request, call a selector or a service, render or redirect."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from communities import selectors, services
from communities.forms import (
    EmailPreferencesForm,
    InviteForm,
    JoinRequestForm,
    MemberFilterForm,
    ProfileForm,
)
from communities.models import CommunityPage, EmailKind, Organisation, User
from communities.permissions import can_facilitate, can_see_card
from core.errors import ServiceError
from core.mail import DIGEST, read_unsubscribe_token
from core.middleware import set_language as return_to_page_in_language
from core.views import done, form_action, refused, run, safe_next


def _community_for_action(request, community_id: int) -> CommunityPage:
    """The community a membership action targets, or 404 if the user may not know of it."""
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    if not can_see_card(request.user, community):
        raise Http404
    return community


def community_members(request, *, community: CommunityPage):
    """The member directory: who from which organisation and department is in it."""
    organisations = Organisation.objects.filter(
        people__memberships__community=community, people__memberships__status="active"
    ).distinct()
    form = MemberFilterForm(request.GET or None, organisations=organisations)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.member_directory(
        community=community,
        query=filters.get("q") or "",
        organisation_id=filters["organisation"].pk if filters.get("organisation") else None,
        staff_level=filters.get("staff_level") or "",
        role=filters.get("role") or "",
    )
    page = Paginator(members, selectors.MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return TemplateResponse(
        request,
        "communities/community_members.html",
        {
            "page": community,
            "members": page,
            "filter_form": form,
            "filter_querystring": querystring.urlencode(),
            "can_facilitate": can_facilitate(request.user, community),
            "figures": selectors.cross_silo_figures(community=community),
        },
    )


def community_manage(request, *, community: CommunityPage):
    """Facilitators' desk: join requests, invitations and roles."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"/accounts/login/?next={community.url}manage/")
    if not can_facilitate(request.user, community):
        messages.error(request, _("Only the community's facilitators can manage it."))
        return HttpResponseRedirect(community.url)
    members = Paginator(
        selectors.member_directory(community=community), selectors.MEMBERS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "communities/community_manage.html",
        {
            "page": community,
            "requests": selectors.pending_requests(community=community),
            "invitations": selectors.open_invitations(community=community),
            "invite_form": InviteForm(),
            "members": members,
        },
    )


@require_POST
@login_required
def membership_join(request, community_id: int):
    community = _community_for_action(request, community_id)
    form = JoinRequestForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        membership = services.membership_join(
            user=request.user, community=community, message=message
        )
    except ServiceError as error:
        return refused(request, error, fallback=community.url)
    if membership.is_active:
        # A new member goes to the community itself, wherever the button was.
        messages.success(request, _("Welcome to %(community)s.") % {"community": community.title})
        return HttpResponseRedirect(community.url)
    return done(
        request,
        _("Your request to join %(community)s was sent to its facilitators.")
        % {"community": community.title},
        redirect_to=community.url,
    )


@require_POST
@login_required
def membership_leave(request, community_id: int):
    community = _community_for_action(request, community_id)
    return run(
        request,
        lambda: services.membership_leave(user=request.user, community=community),
        success=_("You left %(community)s.") % {"community": community.title},
        redirect_to=community.url,
    )


@require_POST
@login_required
def invitation_decline(request, community_id: int):
    community = _community_for_action(request, community_id)
    return run(
        request,
        lambda: services.invitation_decline(user=request.user, community=community),
        success=_("You declined the invitation."),
        redirect_to="/",
    )


@require_POST
@login_required
def request_decide(request, community_id: int, membership_id: int, decision: str):
    if decision not in ("approve", "decline"):
        raise Http404
    community = _community_for_action(request, community_id)
    approve = decision == "approve"
    return run(
        request,
        lambda: services.membership_request_decide(
            actor=request.user, community=community, membership_id=membership_id, approve=approve
        ),
        success=_("Request approved.") if approve else _("Request declined."),
        redirect_to=f"{community.url}manage/",
    )


@require_POST
@login_required
def membership_invite(request, community_id: int):
    community = _community_for_action(request, community_id)
    if not can_facilitate(request.user, community):
        messages.error(request, _("Only the community's facilitators can do that."))
        return HttpResponseRedirect(community.url)
    form = InviteForm(request.POST)
    if not form.is_valid():
        for error in form.errors["person"]:
            messages.error(request, error)
        return HttpResponseRedirect(safe_next(request, f"{community.url}manage/"))
    invitee = form.cleaned_data["person"]
    return run(
        request,
        lambda: services.membership_invite(
            actor=request.user, community=community, invitee=invitee
        ),
        success=_("%(name)s was invited.") % {"name": invitee.name},
        redirect_to=f"{community.url}manage/",
    )


@require_POST
@login_required
def membership_remove(request, community_id: int, membership_id: int):
    community = _community_for_action(request, community_id)
    return run(
        request,
        lambda: services.membership_remove(
            actor=request.user, community=community, membership_id=membership_id
        ),
        success=_("The member was removed."),
        redirect_to=f"{community.url}manage/",
    )


@require_POST
@login_required
def membership_set_role(request, community_id: int, membership_id: int, role: str):
    community = _community_for_action(request, community_id)
    return run(
        request,
        lambda: services.membership_set_role(
            actor=request.user, community=community, membership_id=membership_id, role=role
        ),
        success=_("Role changed."),
        redirect_to=f"{community.url}manage/",
    )


@login_required
def my_communities(request):
    return render(
        request,
        "communities/my_communities.html",
        {
            "communities": selectors.my_communities(user=request.user),
            "invitations": selectors.my_open_invitations(user=request.user),
            "requests": selectors.my_pending_requests(user=request.user),
        },
    )


def profile(request, username: str):
    person = get_object_or_404(
        User.objects.select_related("organisation"), username=username, is_active=True
    )
    return render(
        request,
        "communities/profile.html",
        selectors.profile_context(person=person, viewer=request.user),
    )


@login_required
def profile_edit(request):
    return form_action(
        request,
        ProfileForm(request.POST or None, instance=request.user),
        lambda data: services.profile_update(user=request.user, **data),
        success=_("Your profile was saved."),
        redirect_to=request.user.get_absolute_url(),
        render=lambda form, status: render(
            request, "communities/profile_edit.html", {"form": form}, status=status
        ),
    )


@require_POST
def set_language(request):
    """The language switcher: Django's cookie for everyone, and for a signed-in person
    their profile too, so their pages and e-mails follow them to any device. A language
    Praxis does not offer changes nothing."""
    response = return_to_page_in_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.profile_set_language(user=request.user, language=language)
    return response


@login_required
def email_preferences(request):
    form = EmailPreferencesForm(request.POST or None, user=request.user)
    return form_action(
        request,
        form,
        lambda _data: services.email_preferences_set(user=request.user, **form.preferences()),
        success=_("Your e-mail settings were saved."),
        redirect_to=reverse("email_preferences"),
        render=lambda form, status: render(
            request, "communities/email_preferences.html", {"form": form}, status=status
        ),
    )


@csrf_exempt  # RFC 8058: mail programs post the one-click unsubscribe without a cookie
def email_unsubscribe(request, token: str):
    """An e-mail's unsubscribe link: GET asks, POST (a button here, or the mail
    program's one-click request) turns that kind of e-mail off, without signing in."""
    found = read_unsubscribe_token(token)
    if found is None or found[1] not in {*EmailKind.values, DIGEST}:
        return render(request, "communities/email_unsubscribe.html", {"invalid": True}, status=400)
    kind = found[1]
    context = {"token": token, "what": _email_kind_label(kind)}
    if request.method == "POST":
        try:
            services.email_unsubscribe(token=token)
        except ServiceError as error:
            return render(
                request,
                "communities/email_unsubscribe.html",
                {"invalid": True, "error": error.message},
                status=error.status,
            )
        context["done"] = True
    return render(request, "communities/email_unsubscribe.html", context)


def _email_kind_label(kind: str) -> str:
    if kind == DIGEST:
        return _("The digest of activity in your communities")
    return str(EmailKind(kind).label)
