"""Thin views: parse the request, call a selector or a service, render or redirect.

Writes are POST-only; a refused write (``ServiceError``) shows its message with a 4xx
status and changes nothing; anything the user may not see is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from communities.models import User
from core.errors import ServiceError
from core.views import form_errors, run, with_retry_after
from programmes import permissions
from programmes.challenges import forms, selectors, services
from programmes.models import (
    Challenge,
    ChallengeStatus,
    ChallengeTeamMember,
    ProgrammePage,
    ProgrammeRound,
    SelectionCriterion,
)


def _round_or_404(round_id: int) -> ProgrammeRound:
    programme_round = selectors.round_for_page(round_id)
    if programme_round is None:
        raise Http404
    return programme_round


def _challenge_or_404(request, challenge_id: int) -> Challenge:
    challenge = selectors.challenge_for_page(challenge_id)
    if challenge is None:
        raise Http404
    permissions.access_challenge(request.user, challenge)
    return challenge


# The round -----------------------------------------------------------------------------------


def round_detail(request, round_id: int):
    programme_round = _round_or_404(round_id)
    context = selectors.round_page_context(programme_round=programme_round, user=request.user)
    return TemplateResponse(request, "programmes/challenges/round_detail.html", context)


def showcase(request, round_id: int):
    programme_round = _round_or_404(round_id)
    context = selectors.showcase(programme_round=programme_round)
    context.update({"programme_round": programme_round, "programme": programme_round.programme})
    return TemplateResponse(request, "programmes/challenges/showcase.html", context)


def _render_ranking(request, programme_round: ProgrammeRound, *, status: int = 200):
    context = selectors.ranking(programme_round=programme_round)
    context.update(
        {
            "programme_round": programme_round,
            "programme": programme_round.programme,
            "announced": programme_round.selection_published_at is not None,
        }
    )
    return TemplateResponse(request, "programmes/challenges/ranking.html", context, status=status)


@login_required
def ranking(request, round_id: int):
    programme_round = _round_or_404(round_id)
    if not permissions.can_see_ranking(request.user, programme_round):
        raise Http404
    return _render_ranking(request, programme_round)


@require_POST
@login_required
def announce(request, round_id: int):
    programme_round = _round_or_404(round_id)
    if not permissions.can_see_ranking(request.user, programme_round):
        raise Http404

    def again(error):
        programme_round.refresh_from_db()
        return _render_ranking(request, programme_round)

    return run(
        request,
        lambda: services.selection_announce(actor=request.user, programme_round=programme_round),
        success=lambda selected: (
            ngettext(
                "The selection is announced: %(count)d challenge is selected, with its "
                "members-only workspace. Now assign its mentors and team.",
                "The selection is announced: %(count)d challenges are selected, each with its "
                "members-only workspace. Now assign their mentors and teams.",
                len(selected),
            )
            % {"count": len(selected)}
        ),
        redirect_to=programme_round.get_absolute_url(),
        on_error=again,
    )


# Challenges ------------------------------------------------------------------------------------


def _challenge_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "problem": data.get("problem") or "",
        "change_sought": data.get("change_sought") or "",
        "contact_name": data.get("contact_name") or "",
        "contact_email": data.get("contact_email") or "",
        "affected": data.get("affected") or "",
        "affected_count": data.get("affected_count"),
        "help_wanted": data.get("help_wanted") or "",
    }


def _render_form(request, *, form, programme_round, challenge=None, status=200):
    return TemplateResponse(
        request,
        "programmes/challenges/challenge_form.html",
        {
            "form": form,
            "programme_round": programme_round,
            "programme": programme_round.programme,
            "challenge": challenge,
        },
        status=status,
    )


def _saved_message(request, challenge: Challenge) -> None:
    if challenge.status == ChallengeStatus.SUBMITTED:
        messages.success(
            request, _("Your challenge is sent to the selection commission. Thank you!")
        )
    else:
        messages.success(
            request,
            _("Your draft is saved. Only you can see it until you send it."),
        )


@login_required
def challenge_create(request, round_id: int):
    programme_round = _round_or_404(round_id)
    form = forms.ChallengeForm(
        request.POST or None,
        initial={"contact_name": request.user.name, "contact_email": request.user.email},
    )
    if request.method != "POST":
        if not permissions.can_submit_challenge(request.user, programme_round):
            messages.error(
                request,
                _("This round does not take challenges now, or your profile has no organisation."),
            )
            return HttpResponseRedirect(programme_round.get_absolute_url())
        return _render_form(request, form=form, programme_round=programme_round)
    if not form.is_valid():
        return _render_form(request, form=form, programme_round=programme_round, status=400)
    try:
        challenge = services.challenge_create(
            user=request.user,
            programme_round=programme_round,
            send=request.POST.get("action") == "send",
            **_challenge_fields(form),
        )
    except ServiceError as error:
        form.add_error(None, error.message)
        return _render_form(
            request, form=form, programme_round=programme_round, status=error.status
        )
    _saved_message(request, challenge)
    return HttpResponseRedirect(challenge.get_absolute_url())


@login_required
def challenge_edit(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    if challenge.submitted_by_id != request.user.pk:
        raise Http404
    programme_round = challenge.round
    initial = {name: getattr(challenge, name) for name in forms.ChallengeForm.base_fields}
    form = forms.ChallengeForm(request.POST or None, initial=initial)
    if request.method != "POST":
        if not permissions.can_edit_challenge(request.user, challenge):
            messages.error(request, _("The challenge is sent or the call is closed."))
            return HttpResponseRedirect(challenge.get_absolute_url())
        return _render_form(
            request, form=form, programme_round=programme_round, challenge=challenge
        )
    if not form.is_valid():
        return _render_form(
            request, form=form, programme_round=programme_round, challenge=challenge, status=400
        )
    try:
        challenge = services.challenge_update(
            user=request.user,
            challenge=challenge,
            send=request.POST.get("action") == "send",
            **_challenge_fields(form),
        )
    except ServiceError as error:
        form.add_error(None, error.message)
        return _render_form(
            request,
            form=form,
            programme_round=programme_round,
            challenge=challenge,
            status=error.status,
        )
    _saved_message(request, challenge)
    return HttpResponseRedirect(challenge.get_absolute_url())


def _render_challenge(request, challenge: Challenge, *, status: int = 200, **forms_):
    from discussions.permissions import can_read_thread

    user = request.user
    manage_team = permissions.can_manage_team(user, challenge)
    coordinator = permissions.is_round_coordinator(user, challenge.round)
    show_team = challenge.status == ChallengeStatus.SELECTED
    team = (
        list(
            ChallengeTeamMember.objects.filter(challenge=challenge)
            .select_related("user__organisation")
            .order_by("added_at", "pk")
        )
        if show_team
        else []
    )
    thread = challenge.workspace_thread
    write_outcome = permissions.can_write_outcome(user, challenge)
    context = {
        "challenge": challenge,
        "programme_round": challenge.round,
        "programme": challenge.round.programme,
        "is_submitter": user.is_authenticated and challenge.submitted_by_id == user.pk,
        "can_edit": permissions.can_edit_challenge(user, challenge),
        "can_see_contact": permissions.can_see_challenge_contact(user, challenge),
        "can_withdraw": permissions.can_withdraw_challenge(user, challenge),
        "can_select": coordinator
        and challenge.round.selection_published_at is None
        and challenge.status in (ChallengeStatus.SUBMITTED, ChallengeStatus.SELECTED),
        "can_manage_team": manage_team,
        "team": team,
        "show_team": show_team,
        "workspace_thread": thread if thread and can_read_thread(user, thread) else None,
        "can_write_outcome": write_outcome,
        "can_propose": permissions.can_propose_challenge_practice(user, challenge),
        "outcome_form": forms_.get("outcome_form")
        or (
            forms.OutcomeForm(
                initial={"outcome": challenge.outcome, "people_reached": challenge.people_reached}
            )
            if write_outcome
            else None
        ),
        "mentor_form": forms_.get("mentor_form") or forms.PersonForm(prefix="mentor"),
        "team_form": forms_.get("team_form") or forms.PersonForm(prefix="team"),
    }
    context.update(selectors.challenge_scores(challenge=challenge, user=user))
    return TemplateResponse(
        request, "programmes/challenges/challenge_detail.html", context, status=status
    )


def challenge_detail(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    return _render_challenge(request, challenge)


def _challenge_again(request, challenge: Challenge):
    """``on_error`` for a button on the challenge page: the page again, freshly loaded."""
    return lambda error: _render_challenge(request, selectors.challenge_for_page(challenge.pk))


@require_POST
@login_required
def challenge_send(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    return run(
        request,
        lambda: services.challenge_send(user=request.user, challenge=challenge),
        success=_("Your challenge is sent to the selection commission. Thank you!"),
        redirect_to=challenge.get_absolute_url(),
        on_error=_challenge_again(request, challenge),
    )


@require_POST
@login_required
def challenge_withdraw(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    return run(
        request,
        lambda: services.challenge_withdraw(user=request.user, challenge=challenge),
        success=_("The challenge is withdrawn."),
        redirect_to=challenge.get_absolute_url(),
        on_error=_challenge_again(request, challenge),
    )


def _selection(request, challenge_id: int, service, success: str):
    challenge = _challenge_or_404(request, challenge_id)
    if not permissions.can_select(request.user, challenge.round):
        raise Http404
    to_ranking = request.POST.get("next") == "ranking"
    ranking_url = reverse("programmes:round_ranking", kwargs={"round_id": challenge.round_id})
    try:
        service(actor=request.user, challenge=challenge)
    except ServiceError as error:
        messages.error(request, error.message)
        if to_ranking:
            return _render_ranking(request, challenge.round, status=error.status)
        fresh = selectors.challenge_for_page(challenge.pk)
        return _render_challenge(request, fresh, status=error.status)
    messages.success(request, success % {"title": challenge.title})
    return HttpResponseRedirect(ranking_url if to_ranking else challenge.get_absolute_url())


@require_POST
@login_required
def challenge_select(request, challenge_id: int):
    return _selection(
        request, challenge_id, services.challenge_select, _("“%(title)s” is selected.")
    )


@require_POST
@login_required
def challenge_unselect(request, challenge_id: int):
    return _selection(
        request, challenge_id, services.challenge_unselect, _("“%(title)s” is no longer selected.")
    )


@login_required
def challenge_score(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    if not permissions.is_commissioner(request.user, challenge.round):
        raise Http404
    if not permissions.can_score(request.user, challenge):
        messages.error(request, _("This challenge can no longer be scored."))
        return HttpResponseRedirect(challenge.get_absolute_url())
    criteria = list(challenge.round.criteria.all())
    score_form = forms.score_form_class(criteria)
    mine = {
        f"criterion_{row.criterion_id}": row.score
        for row in challenge.scores.filter(commissioner=request.user)
    }
    comment = (
        challenge.scores.filter(commissioner=request.user).values_list("comment", flat=True).first()
    )
    form = score_form(request.POST or None, initial={**mine, "comment": comment or ""})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.score_set(
                    commissioner=request.user,
                    challenge=challenge,
                    scores={c.pk: form.cleaned_data[f"criterion_{c.pk}"] for c in criteria},
                    comment=form.cleaned_data.get("comment") or "",
                )
            except ServiceError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _("Your scores are saved. You can now see the other commissioners' scores."),
                )
                return HttpResponseRedirect(challenge.get_absolute_url() + "#scores")
        else:
            status = 400
    return TemplateResponse(
        request,
        "programmes/challenges/score_form.html",
        {
            "form": form,
            "challenge": challenge,
            "programme_round": challenge.round,
            "criteria": criteria,
        },
        status=status,
    )


# Mentors, teams, outcomes ---------------------------------------------------------------------


def _person_action(request, challenge_id: int, *, prefix: str, service, success: str):
    challenge = _challenge_or_404(request, challenge_id)
    form = forms.PersonForm(request.POST, prefix=prefix)
    if not form.is_valid():
        form_errors(request, form)
        return _render_challenge(request, challenge, status=400, **{f"{prefix}_form": form})
    try:
        person = services.find_person(form.cleaned_data["person"])
        service(challenge, person)
    except ServiceError as error:
        messages.error(request, error.message)
        fresh = selectors.challenge_for_page(challenge.pk)
        return _render_challenge(request, fresh, status=error.status, **{f"{prefix}_form": form})
    messages.success(request, success % {"name": person.name})
    return HttpResponseRedirect(challenge.get_absolute_url() + "#team")


@require_POST
@login_required
def mentor_assign(request, challenge_id: int):
    return _person_action(
        request,
        challenge_id,
        prefix="mentor",
        service=lambda challenge, person: services.mentor_assign(
            actor=request.user, challenge=challenge, mentor=person
        ),
        success=_("%(name)s is the mentor now."),
    )


@require_POST
@login_required
def team_add(request, challenge_id: int):
    return _person_action(
        request,
        challenge_id,
        prefix="team",
        service=lambda challenge, person: services.team_member_add(
            actor=request.user, challenge=challenge, user=person
        ),
        success=_("%(name)s is on the team now."),
    )


@require_POST
@login_required
def team_remove(request, challenge_id: int, user_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    person = get_object_or_404(User, pk=user_id)
    return run(
        request,
        lambda: services.team_member_remove(actor=request.user, challenge=challenge, user=person),
        success=_("%(name)s is no longer on the team.") % {"name": person.name},
        redirect_to=challenge.get_absolute_url() + "#team",
        on_error=_challenge_again(request, challenge),
    )


@require_POST
@login_required
def outcome(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    form = forms.OutcomeForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return _render_challenge(request, challenge, status=400, outcome_form=form)
    try:
        services.outcome_set(
            actor=request.user,
            challenge=challenge,
            outcome=form.cleaned_data.get("outcome") or "",
            people_reached=form.cleaned_data.get("people_reached"),
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return _render_challenge(request, challenge, status=error.status, outcome_form=form)
    messages.success(request, _("The outcome is saved."))
    return HttpResponseRedirect(challenge.get_absolute_url() + "#outcome")


@require_POST
@login_required
def propose_practice(request, challenge_id: int):
    challenge = _challenge_or_404(request, challenge_id)
    return run(
        request,
        lambda: services.challenge_propose_practice(actor=request.user, challenge=challenge),
        success=lambda page: (
            _(
                "“%(title)s” is proposed as a good practice: the library's editors review the "
                "draft before it is published."
            )
            % {"title": page.title}
        ),
        redirect_to=challenge.get_absolute_url() + "#outcome",
        on_error=lambda error: _render_challenge(request, challenge),
    )


# My challenges --------------------------------------------------------------------------------


@login_required
def my_challenges(request):
    return TemplateResponse(
        request,
        "programmes/challenges/my_challenges.html",
        {"challenges": selectors.challenges_of(user=request.user)},
    )


# Setting rounds up (coordinators) ------------------------------------------------------------


def _managed_round_or_404(request, round_id: int) -> ProgrammeRound:
    programme_round = _round_or_404(round_id)
    if not permissions.can_manage_round(request.user, programme_round):
        raise Http404
    return programme_round


def _settings_url(programme_round: ProgrammeRound, anchor: str = "") -> str:
    url = reverse("programmes:round_settings", kwargs={"round_id": programme_round.pk})
    return f"{url}#{anchor}" if anchor else url


def _round_initial(programme_round: ProgrammeRound) -> dict:
    initial = {name: getattr(programme_round, name) for name in forms.RoundSettingsForm.base_fields}
    if programme_round.call_deadline is not None:
        initial["call_deadline"] = timezone.localtime(programme_round.call_deadline)
    return initial


def _settings_form(programme_round: ProgrammeRound, data=None) -> forms.RoundSettingsForm:
    return forms.RoundSettingsForm(
        data,
        initial=_round_initial(programme_round),
        announced=programme_round.selection_published_at is not None,
    )


@login_required
def round_create(request, programme_id: int):
    programme = get_object_or_404(ProgrammePage.objects.live(), pk=programme_id)
    if not permissions.can_create_round(request.user, programme):
        raise Http404
    form = forms.RoundForm(
        request.POST if request.method == "POST" else None,
        initial={"number": selectors.next_round_number(programme=programme), "max_selected": 5},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                programme_round = services.round_create(
                    actor=request.user, programme=programme, **form.round_fields()
                )
            except ServiceError as error:
                form.add_error(None, error.message)
                status = error.status
            else:
                messages.success(
                    request,
                    _(
                        "%(round)s is created. Now add its selection criteria and its "
                        "selection commission."
                    )
                    % {"round": programme_round},
                )
                return HttpResponseRedirect(_settings_url(programme_round))
        else:
            status = 400
    return TemplateResponse(
        request,
        "programmes/challenges/round_form.html",
        {"form": form, "programme": programme},
        status=status,
    )


def _render_settings(
    request,
    programme_round: ProgrammeRound,
    *,
    status: int = 200,
    round_form=None,
    criterion_form=None,
    edited: tuple[int, forms.CriterionForm] | None = None,
    commissioner_form=None,
):
    context = selectors.round_settings_context(programme_round=programme_round)
    criterion_rows = []
    for criterion in context["criteria"]:
        if edited and edited[0] == criterion.pk:
            edit_form = edited[1]
        else:
            edit_form = forms.CriterionForm(
                prefix=f"criterion-{criterion.pk}",
                initial={
                    name: getattr(criterion, name) for name in forms.CriterionForm.base_fields
                },
            )
        criterion_rows.append({"criterion": criterion, "form": edit_form})
    context.update(
        {
            "round_form": round_form or _settings_form(programme_round),
            "criterion_rows": criterion_rows,
            "criterion_form": criterion_form
            or forms.CriterionForm(prefix="criterion", initial={"weight": 1, "max_score": 5}),
            "commissioner_form": commissioner_form or forms.PersonForm(prefix="commissioner"),
        }
    )
    return TemplateResponse(
        request, "programmes/challenges/round_settings.html", context, status=status
    )


@login_required
def round_settings(request, round_id: int):
    programme_round = _managed_round_or_404(request, round_id)
    if request.method != "POST":
        return _render_settings(request, programme_round)
    form = _settings_form(programme_round, data=request.POST)
    if not form.is_valid():
        return _render_settings(request, programme_round, status=400, round_form=form)
    try:
        services.round_update(
            actor=request.user, programme_round=programme_round, **form.round_fields()
        )
    except ServiceError as error:
        form.add_error(None, error.message)
        programme_round = _round_or_404(round_id)
        return _render_settings(request, programme_round, status=error.status, round_form=form)
    messages.success(request, _("The round's settings are saved."))
    return HttpResponseRedirect(_settings_url(programme_round))


def _refused(request, programme_round: ProgrammeRound, error: ServiceError, **forms_):
    messages.error(request, error.message)
    fresh = _round_or_404(programme_round.pk)
    return with_retry_after(_render_settings(request, fresh, **forms_), error)


@require_POST
@login_required
def criterion_add(request, round_id: int):
    programme_round = _managed_round_or_404(request, round_id)
    form = forms.CriterionForm(request.POST, prefix="criterion")
    if not form.is_valid():
        form_errors(request, form)
        return _render_settings(request, programme_round, status=400, criterion_form=form)
    try:
        criterion = services.criterion_add(
            actor=request.user, programme_round=programme_round, **form.criterion_fields()
        )
    except ServiceError as error:
        return _refused(request, programme_round, error, criterion_form=form)
    messages.success(request, _("The criterion “%(name)s” is added.") % {"name": criterion.name})
    return HttpResponseRedirect(_settings_url(programme_round, "criteria"))


def _criterion_or_404(programme_round: ProgrammeRound, criterion_id: int) -> SelectionCriterion:
    return get_object_or_404(SelectionCriterion, pk=criterion_id, round_id=programme_round.pk)


@require_POST
@login_required
def criterion_edit(request, round_id: int, criterion_id: int):
    programme_round = _managed_round_or_404(request, round_id)
    criterion = _criterion_or_404(programme_round, criterion_id)
    form = forms.CriterionForm(request.POST, prefix=f"criterion-{criterion.pk}")
    if not form.is_valid():
        form_errors(request, form)
        return _render_settings(request, programme_round, status=400, edited=(criterion.pk, form))
    try:
        criterion = services.criterion_update(
            actor=request.user, criterion=criterion, **form.criterion_fields()
        )
    except ServiceError as error:
        return _refused(request, programme_round, error, edited=(criterion.pk, form))
    messages.success(request, _("The criterion “%(name)s” is saved.") % {"name": criterion.name})
    return HttpResponseRedirect(_settings_url(programme_round, "criteria"))


@require_POST
@login_required
def criterion_remove(request, round_id: int, criterion_id: int):
    programme_round = _managed_round_or_404(request, round_id)
    criterion = _criterion_or_404(programme_round, criterion_id)
    try:
        services.criterion_remove(actor=request.user, criterion=criterion)
    except ServiceError as error:
        return _refused(request, programme_round, error)
    messages.success(request, _("The criterion “%(name)s” is removed.") % {"name": criterion.name})
    return HttpResponseRedirect(_settings_url(programme_round, "criteria"))


@require_POST
@login_required
def commissioner_add(request, round_id: int):
    programme_round = _managed_round_or_404(request, round_id)
    form = forms.PersonForm(request.POST, prefix="commissioner")
    if not form.is_valid():
        form_errors(request, form)
        return _render_settings(request, programme_round, status=400, commissioner_form=form)
    try:
        person = services.commissioner_add(
            actor=request.user,
            programme_round=programme_round,
            person=form.cleaned_data["person"],
        )
    except ServiceError as error:
        return _refused(request, programme_round, error, commissioner_form=form)
    messages.success(
        request,
        _("%(name)s is on the selection commission now.") % {"name": person.name},
    )
    return HttpResponseRedirect(_settings_url(programme_round, "commission"))


@require_POST
@login_required
def commissioner_remove(request, round_id: int, user_id: int):
    programme_round = _managed_round_or_404(request, round_id)
    person = get_object_or_404(User, pk=user_id)
    try:
        deleted = services.commissioner_remove(
            actor=request.user,
            programme_round=programme_round,
            user=person,
            delete_scores=request.POST.get("delete_scores") == "yes",
        )
    except ServiceError as error:
        return _refused(request, programme_round, error)
    if deleted:
        message = ngettext(
            "%(name)s is no longer on the commission; their scores of %(count)d challenge "
            "are deleted.",
            "%(name)s is no longer on the commission; their scores of %(count)d challenges "
            "are deleted.",
            deleted,
        ) % {"name": person.name, "count": deleted}
    else:
        message = _("%(name)s is no longer on the commission.") % {"name": person.name}
    messages.success(request, message)
    return HttpResponseRedirect(_settings_url(programme_round, "commission"))
