"""Thin views: parse the request, call a selector or a service, render or redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from communities import selectors as community_selectors
from communities.models import CommunityPage
from communities.permissions import access_community
from core.errors import ServiceError
from core.links import absolute_url, webcal_url
from core.views import form_action, form_errors, run
from meetings import forms, ics, selectors, services
from meetings.models import (
    AgendaItem,
    CalendarToken,
    Meeting,
    MeetingFormat,
    RSVPStatus,
    TopicProposal,
    TopicRound,
)
from meetings.permissions import access_meeting, can_schedule, can_view_meeting, can_view_round


def meeting_or_404(request, meeting_id: int) -> Meeting:
    """The meeting the user may see, or 404 (also for peer-learning pages built on it)."""
    meeting = selectors.meeting_for_page(meeting_id)
    if meeting is None:
        raise Http404
    access_meeting(request.user, meeting)
    return meeting


def _community_or_404(request, community_id: int) -> CommunityPage:
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    access_community(request.user, community)
    return community


def _round_or_404(request, round_id: int) -> TopicRound:
    topic_round = get_object_or_404(
        TopicRound.objects.select_related("community", "meeting"),
        pk=round_id,
        community__live=True,
    )
    if not can_view_round(request.user, topic_round):
        raise Http404
    return topic_round


# Listing and meeting page -----------------------------------------------------------------


def meeting_list(request):
    form = forms.MeetingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = selectors.meetings_page(
        user=request.user,
        page_number=request.GET.get("page"),
        format=filters.get("format") or "",
        theme=filters.get("theme") or "",
        month=filters.get("month"),
        past=bool(filters.get("past")),
    )
    querystring = request.GET.copy()
    querystring.pop("page", None)
    return TemplateResponse(
        request,
        "meetings/meeting_list.html",
        {
            "meetings": page,
            "filter_form": form,
            "filter_querystring": querystring.urlencode(),
            "themes": community_selectors.community_themes(user=request.user),
            "past": bool(filters.get("past")),
        },
    )


def meeting_detail(request, meeting_id: int):
    meeting = meeting_or_404(request, meeting_id)
    context = selectors.meeting_page_context(meeting=meeting, user=request.user)
    if context["can_manage"]:
        local = meeting.local_start
        context["agenda_form"] = forms.AgendaItemForm(
            initial={"on_date": local.date(), "at": local.time(), "duration_minutes": 30}
        )
    return TemplateResponse(request, "meetings/meeting_detail.html", context)


def meeting_ics(request, meeting_id: int):
    meeting = meeting_or_404(request, meeting_id)
    response = HttpResponse(
        ics.calendar_bytes([meeting], name=meeting.title),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    if meeting.is_members_only:
        response["Cache-Control"] = "private, no-store"
    return response


# Scheduling and editing -------------------------------------------------------------------


def _meeting_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "format": data["format"],
        "on_date": data["on_date"],
        "start_time": data.get("start_time"),
        "end_time": data.get("end_time"),
        "end_date": data.get("end_date"),
        "description": data.get("description") or "",
        "online_url": data.get("online_url") or "",
        "place": data.get("place") or "",
        "capacity": data.get("capacity"),
        "audience": data["audience"],
        "language": data["language"],
    }


@login_required
def meeting_create(request, community_id: int):
    community = _community_or_404(request, community_id)
    if not can_schedule(request.user, community):
        messages.error(request, _("Only the community's facilitators can schedule meetings."))
        return HttpResponseRedirect(community.url)
    initial_format = request.GET.get("format")
    if initial_format not in MeetingFormat.values:
        initial_format = MeetingFormat.BREAKFAST
    form = forms.MeetingForm(
        request.POST or None,
        initial={"format": initial_format, "language": "en", "audience": "members"},
    )
    return form_action(
        request,
        form,
        lambda data: services.meeting_create(
            actor=request.user, community=community, **_meeting_fields(form)
        ),
        success=_("The meeting is scheduled and its live thread is open."),
        redirect_to=lambda meeting: meeting.get_absolute_url(),
        render=lambda form, status: TemplateResponse(
            request,
            "meetings/meeting_form.html",
            {"form": form, "community": community, "meeting": None},
            status=status,
        ),
    )


@login_required
def meeting_edit(request, meeting_id: int):
    meeting = meeting_or_404(request, meeting_id)
    if not can_schedule(request.user, meeting.community):
        messages.error(request, _("Only the community's facilitators can edit meetings."))
        return HttpResponseRedirect(meeting.get_absolute_url())
    local_start, local_end = meeting.local_start, meeting.local_end
    initial = {
        "title": meeting.title,
        "format": meeting.format,
        "on_date": local_start.date(),
        "start_time": local_start.time(),
        "end_date": local_end.date() if local_end.date() != local_start.date() else None,
        "end_time": local_end.time(),
        "description": meeting.description,
        "place": meeting.place,
        "online_url": meeting.online_url,
        "capacity": meeting.capacity,
        "audience": meeting.audience,
        "language": meeting.language,
    }
    form = forms.MeetingForm(request.POST or None, initial=initial)
    return form_action(
        request,
        form,
        lambda data: services.meeting_update(
            actor=request.user, meeting=meeting, **_meeting_fields(form)
        ),
        success=_("The meeting is updated."),
        redirect_to=meeting.get_absolute_url(),
        render=lambda form, status: TemplateResponse(
            request,
            "meetings/meeting_form.html",
            {"form": form, "community": meeting.community, "meeting": meeting},
            status=status,
        ),
    )


@require_POST
@login_required
def agenda_add(request, meeting_id: int):
    meeting = meeting_or_404(request, meeting_id)
    form = forms.AgendaItemForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return HttpResponseRedirect(meeting.get_absolute_url() + "#agenda")
    data = form.cleaned_data
    try:
        services.agenda_item_add(
            actor=request.user,
            meeting=meeting,
            title=data["title"],
            presenter=data.get("presenter") or "",
            starts_at=services.local_datetime(
                tz_name=meeting.time_zone, on_date=data["on_date"], at=data["at"]
            ),
            duration_minutes=data["duration_minutes"],
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The agenda item is added."))
    return HttpResponseRedirect(meeting.get_absolute_url() + "#agenda")


@require_POST
@login_required
def agenda_remove(request, meeting_id: int, item_id: int):
    meeting = meeting_or_404(request, meeting_id)
    item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
    return run(
        request,
        lambda: services.agenda_item_remove(actor=request.user, item=item),
        success=_("The agenda item is removed."),
        redirect_to=meeting.get_absolute_url() + "#agenda",
    )


@require_POST
@login_required
def rsvp(request, meeting_id: int):
    meeting = meeting_or_404(request, meeting_id)
    form = forms.RSVPForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer going, maybe or not going."))
        return HttpResponseRedirect(meeting.get_absolute_url())
    try:
        answer = services.rsvp_set(
            user=request.user, meeting=meeting, response=form.cleaned_data["response"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        if answer.status == RSVPStatus.WAITING:
            messages.warning(
                request,
                _(
                    "The meeting is full: you are number %(position)d on the waiting list. "
                    "We will e-mail you if a place opens up."
                )
                % {"position": services.waiting_position(answer)},
            )
        else:
            messages.success(
                request,
                _("Your answer is saved: %(answer)s.") % {"answer": answer.get_status_display()},
            )
    return HttpResponseRedirect(meeting.get_absolute_url())


@login_required
def harvest(request, meeting_id: int):
    meeting = meeting_or_404(request, meeting_id)
    if not can_schedule(request.user, meeting.community):
        messages.error(request, _("Only the community's facilitators can write the harvest."))
        return HttpResponseRedirect(meeting.get_absolute_url())
    form = forms.HarvestForm(
        request.POST or None,
        initial={
            "decisions": meeting.harvest_decisions,
            "lessons": meeting.harvest_lessons,
            "follow_ups": meeting.harvest_follow_ups,
        },
    )
    return form_action(
        request,
        form,
        lambda data: services.meeting_harvest(actor=request.user, meeting=meeting, **data),
        success=_("The harvest is saved and posted to the meeting's thread."),
        redirect_to=meeting.get_absolute_url(),
        render=lambda form, status: TemplateResponse(
            request, "meetings/harvest_form.html", {"form": form, "meeting": meeting}, status=status
        ),
    )


# Calendars -------------------------------------------------------------------------------


def _calendar_response(meetings, *, name: str, request) -> HttpResponse:
    response = HttpResponse(
        ics.calendar_bytes(meetings, name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=300"
    return response


def _token_user(key: str):
    token = (
        CalendarToken.objects.select_related("user")
        .filter(key=key, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        raise Http404
    return token.user


def feed_mine(request, key: str):
    user = _token_user(key)
    meetings = selectors.meetings_for_feed(user=user)
    return _calendar_response(meetings, name=_("Praxis: my meetings"), request=request)


def feed_community_private(request, key: str, community_id: int):
    """A community's calendar as the token's owner sees it (members-only meetings too)."""
    user = _token_user(key)
    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    access_community(user, community)
    meetings = selectors.meetings_for_feed(user=user, community=community)
    return _calendar_response(meetings, name=f"Praxis: {community.title}", request=request)


def feed_community_public(request, community_id: int):
    """A public community's open meetings, as anyone may see them (no token)."""
    from django.contrib.auth.models import AnonymousUser

    community = get_object_or_404(CommunityPage.objects.live(), pk=community_id)
    anonymous = AnonymousUser()
    access_community(anonymous, community)
    meetings = selectors.meetings_for_feed(user=anonymous, community=community)
    return _calendar_response(meetings, name=f"Praxis: {community.title}", request=request)


@login_required
def calendar_links(request):
    token = services.calendar_token_for(user=request.user)
    communities = community_selectors.my_communities(user=request.user)

    def link(name: str, **kwargs) -> dict:
        url = absolute_url(reverse(name, kwargs={"key": token.key, **kwargs}))
        return {"url": url, "webcal": webcal_url(url)}

    return TemplateResponse(
        request,
        "meetings/calendar_links.html",
        {
            "mine": link("meeting_feed_mine"),
            "community_links": [
                (community, link("meeting_feed_community_private", community_id=community.pk))
                for community in communities
            ],
        },
    )


@require_POST
@login_required
def calendar_reset(request):
    services.calendar_token_reset(user=request.user)
    messages.success(
        request, _("Your old calendar links no longer work. Subscribe again with the new ones.")
    )
    return HttpResponseRedirect(reverse("meeting_calendar_links"))


# Topic rounds ----------------------------------------------------------------------------


def community_meetings(request, community_id: int):
    """A community's meetings and topic rounds."""
    community = _community_or_404(request, community_id)
    return TemplateResponse(
        request,
        "meetings/community_meetings.html",
        {
            "community": community,
            "upcoming": selectors.upcoming_for_community(
                community=community, user=request.user, limit=50
            ),
            "rounds": selectors.rounds_for_community(community=community),
            "can_facilitate": can_schedule(request.user, community),
            "round_form": forms.TopicRoundForm(initial={"votes_per_member": 3}),
            "formats": MeetingFormat.choices,
            "public_feed_webcal": webcal_url(
                absolute_url(reverse("meeting_feed_community", args=[community.pk]))
            ),
        },
    )


@require_POST
@login_required
def round_open(request, community_id: int):
    community = _community_or_404(request, community_id)
    form = forms.TopicRoundForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return HttpResponseRedirect(reverse("community_meetings", args=[community.pk]))
    try:
        topic_round = services.topic_round_open(
            actor=request.user, community=community, **form.cleaned_data
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(reverse("community_meetings", args=[community.pk]))
    messages.success(request, _("The topic round is open: members can propose and vote."))
    return HttpResponseRedirect(topic_round.get_absolute_url())


def round_detail(request, round_id: int):
    topic_round = _round_or_404(request, round_id)
    context = selectors.round_page_context(topic_round=topic_round, user=request.user)
    context["proposal_form"] = forms.TopicProposalForm()
    context["close_form"] = forms.RoundCloseForm(initial={"chosen_count": 3})
    return TemplateResponse(request, "meetings/topic_round.html", context)


@require_POST
@login_required
def topic_propose(request, round_id: int):
    topic_round = _round_or_404(request, round_id)
    form = forms.TopicProposalForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return HttpResponseRedirect(topic_round.get_absolute_url())
    try:
        services.topic_propose(user=request.user, topic_round=topic_round, **form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your topic is proposed."))
    return HttpResponseRedirect(topic_round.get_absolute_url())


@require_POST
@login_required
def topic_vote(request, round_id: int, topic_id: int, action: str):
    topic_round = _round_or_404(request, round_id)
    topic = get_object_or_404(TopicProposal, pk=topic_id, round=topic_round)
    if action == "vote":
        call, success = services.topic_vote, _("Your vote is counted.")
    elif action == "unvote":
        call = services.topic_unvote
        success = _("Your vote is taken back; you can give it to another topic.")
    else:
        raise Http404
    return run(
        request,
        lambda: call(user=request.user, topic=topic),
        success=success,
        redirect_to=topic_round.get_absolute_url() + f"#topic-{topic.pk}",
    )


@require_POST
@login_required
def round_close(request, round_id: int):
    topic_round = _round_or_404(request, round_id)
    form = forms.RoundCloseForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return HttpResponseRedirect(topic_round.get_absolute_url())
    meeting = None
    if form.cleaned_data.get("meeting"):
        meeting = Meeting.objects.filter(
            pk=form.cleaned_data["meeting"], community=topic_round.community
        ).first()
        if meeting is None or not can_view_meeting(request.user, meeting):
            messages.error(request, _("Choose an upcoming meeting of this community."))
            return HttpResponseRedirect(topic_round.get_absolute_url())
    try:
        items = services.topic_round_close(
            actor=request.user,
            topic_round=topic_round,
            meeting=meeting,
            chosen_count=form.cleaned_data["chosen_count"],
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return HttpResponseRedirect(topic_round.get_absolute_url())
    messages.success(request, _("The round is closed."))
    if items:
        return HttpResponseRedirect(items[0].meeting.get_absolute_url() + "#agenda")
    return HttpResponseRedirect(topic_round.get_absolute_url())
