"""The admin's "Send again now" button on the mail queue's listing."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run

from . import services
from .models import OutgoingEmail
from .permissions import can_manage_outbox


@require_POST
def retry(request, pk: int):
    if not can_manage_outbox(request.user):
        raise PermissionDenied
    email = get_object_or_404(OutgoingEmail, pk=pk)
    return run(
        request,
        lambda: services.retry_now(emails=[email]),
        success=lambda count: (
            _("The e-mail is queued to be sent now.")
            if count
            else _("This e-mail is being sent or was sent already.")
        ),
        redirect_to=reverse("outgoing_emails:index"),
    )
