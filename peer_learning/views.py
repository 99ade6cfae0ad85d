"""Thin views over peer-learning services and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.views import form_action, form_errors, run
from meetings.permissions import access_meeting, can_schedule
from meetings.views import meeting_or_404
from peer_learning import forms, services
from peer_learning import selectors as peer_selectors
from peer_learning.models import OpenSpaceSession, PeerLearningSession, SessionDay, TaskGroup

# Peer-learning sessions ---------------------------------------------------------------------


def _session_or_404(request, meeting_id: int) -> PeerLearningSession:
    session = peer_selectors.session_for_page(meeting_id)
    if session is None:
        raise Http404
    access_meeting(request.user, session.meeting)
    return session


def _day_or_404(request, meeting_id: int, day_id: int) -> SessionDay:
    day = peer_selectors.board_day_for_page(meeting_id=meeting_id, day_id=day_id)
    if day is None:
        raise Http404
    access_meeting(request.user, day.session.meeting)
    return day


def peer_session(request, meeting_id: int):
    session = _session_or_404(request, meeting_id)
    context = peer_selectors.session_page_context(session=session, user=request.user)
    if context["can_manage"]:
        context["day_form"] = forms.SessionDayForm()
        context["group_form"] = forms.TaskGroupForm()
        context["mix_form"] = forms.MixForm(initial={"group_count": max(len(context["groups"]), 3)})
    return TemplateResponse(request, "peer_learning/peer_session.html", context)


@login_required
def peer_session_create(request, meeting_id: int):
    meeting = meeting_or_404(request, meeting_id)
    if PeerLearningSession.objects.filter(meeting=meeting).exists():
        return HttpResponseRedirect(reverse("peer_session", args=[meeting.pk]))
    if not can_schedule(request.user, meeting.community):
        messages.error(
            request, _("Only the community's facilitators can set up a peer-learning session.")
        )
        return HttpResponseRedirect(meeting.get_absolute_url())
    form = forms.PeerSessionForm(request.POST or None, initial={"synergia_days": True})
    return form_action(
        request,
        form,
        lambda data: services.peer_session_create(actor=request.user, meeting=meeting, **data),
        success=_("The peer-learning session is set up."),
        redirect_to=lambda session: session.get_absolute_url(),
        render=lambda form, status: TemplateResponse(
            request,
            "peer_learning/peer_session_form.html",
            {"form": form, "meeting": meeting},
            status=status,
        ),
    )


@require_POST
@login_required
def session_day(request, meeting_id: int):
    session = _session_or_404(request, meeting_id)
    form = forms.SessionDayForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return HttpResponseRedirect(session.get_absolute_url() + "#days")
    try:
        services.session_day_set(actor=request.user, session=session, **form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The day is saved."))
    return HttpResponseRedirect(session.get_absolute_url() + "#days")


@require_POST
@login_required
def task_group_create(request, meeting_id: int):
    session = _session_or_404(request, meeting_id)
    form = forms.TaskGroupForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return HttpResponseRedirect(session.get_absolute_url() + "#groups")
    try:
        services.task_group_create(actor=request.user, session=session, **form.cleaned_data)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The task group is created with its members-only thread."))
    return HttpResponseRedirect(session.get_absolute_url() + "#groups")


@require_POST
@login_required
def task_groups_mix(request, meeting_id: int):
    session = _session_or_404(request, meeting_id)
    form = forms.MixForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return HttpResponseRedirect(session.get_absolute_url() + "#groups")
    try:
        groups = services.task_groups_mix(
            actor=request.user, session=session, group_count=form.cleaned_data["group_count"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "Participants are mixed into %(count)d group, organisations spread out.",
                "Participants are mixed into %(count)d groups, organisations spread out.",
                len(groups),
            )
            % {"count": len(groups)},
        )
    return HttpResponseRedirect(session.get_absolute_url() + "#groups")


@require_POST
@login_required
def task_group_assign(request, meeting_id: int):
    from communities.models import User

    session = _session_or_404(request, meeting_id)
    form = forms.AssignForm(request.POST)
    person = None
    if form.is_valid():
        person = User.objects.filter(pk=form.cleaned_data["user"]).first()
    if person is None:
        messages.error(request, _("Choose a participant."))
        return HttpResponseRedirect(session.get_absolute_url() + "#groups")
    group = None
    if form.cleaned_data.get("group"):
        group = TaskGroup.objects.filter(pk=form.cleaned_data["group"], session=session).first()
        if group is None:
            messages.error(request, _("Choose one of this session's task groups."))
            return HttpResponseRedirect(session.get_absolute_url() + "#groups")
    try:
        services.task_group_assign(actor=request.user, session=session, user=person, group=group)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The task groups are updated."))
    return HttpResponseRedirect(session.get_absolute_url() + "#groups")


def open_space_board(request, meeting_id: int, day_id: int):
    day = _day_or_404(request, meeting_id, day_id)
    context = peer_selectors.board_context(day=day, user=request.user)
    if request.GET.get("fragment"):  # the board script re-fetches the list after an update
        return TemplateResponse(request, "peer_learning/includes/board_items.html", context)
    if context["can_take_part"]:
        context["form"] = forms.OpenSpaceForm()
    return TemplateResponse(request, "peer_learning/open_space_board.html", context)


@require_POST
@login_required
def open_space_propose(request, meeting_id: int, day_id: int):
    day = _day_or_404(request, meeting_id, day_id)

    def board(form, status):
        # Bad input: the board again with the message and what was typed; nothing is saved.
        context = peer_selectors.board_context(day=day, user=request.user)
        context["form"] = form
        return TemplateResponse(
            request, "peer_learning/open_space_board.html", context, status=status
        )

    return form_action(
        request,
        forms.OpenSpaceForm(request.POST),
        lambda data: services.open_space_propose(user=request.user, day=day, **data),
        success=_("Your session is on the board. You host it."),
        redirect_to=day.get_absolute_url(),
        render=board,
    )


@require_POST
@login_required
def open_space_signup(request, meeting_id: int, day_id: int, item_id: int, action: str):
    day = _day_or_404(request, meeting_id, day_id)
    item = get_object_or_404(OpenSpaceSession, pk=item_id, day=day)
    if action == "signup":
        call, success = services.open_space_signup, _("You are signed up.")
    elif action == "withdraw":
        call, success = services.open_space_withdraw, _("You are no longer signed up.")
    else:
        raise Http404
    return run(
        request,
        lambda: call(user=request.user, item=item),
        success=success,
        redirect_to=day.get_absolute_url() + f"#open-space-{item.pk}",
    )


def _group_or_404(request, meeting_id: int, group_id: int) -> tuple[PeerLearningSession, TaskGroup]:
    session = _session_or_404(request, meeting_id)
    group = get_object_or_404(TaskGroup, pk=group_id, session=session)
    return session, group


@require_POST
@login_required
def task_group_recommendations(request, meeting_id: int, group_id: int):
    session, group = _group_or_404(request, meeting_id, group_id)
    back = session.get_absolute_url() + f"#outputs-{group.pk}"
    form = forms.RecommendationsForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return HttpResponseRedirect(back)
    try:
        services.task_group_recommendations_set(
            actor=request.user, group=group, text=form.cleaned_data["text"]
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The group's recommendations are saved."))
    return HttpResponseRedirect(back)


@require_POST
@login_required
def task_group_propose(request, meeting_id: int, group_id: int):
    session, group = _group_or_404(request, meeting_id, group_id)
    return run(
        request,
        lambda: services.task_group_propose_practice(actor=request.user, group=group),
        success=_("The recommendations are proposed as a practice case; editors review it next."),
        redirect_to=session.get_absolute_url() + f"#outputs-{group.pk}",
    )
