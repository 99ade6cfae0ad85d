"""The mail queue in the Wagtail admin (Settings → Outgoing e-mail), for superusers:
what is queued, sent or failed, with the last error, and "Send again now"."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from . import views
from .models import OutgoingEmail, Status
from .permissions import SuperusersReadOnly, can_manage_outbox

register_permission_policy(OutgoingEmail, SuperusersReadOnly(OutgoingEmail))


class RetryColumn(Column):
    cell_template_name = "outbox/retry_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["can_retry"] = instance.status in (Status.QUEUED, Status.FAILED) and (
            request is not None and can_manage_outbox(request.user)
        )
        context["retry_url"] = reverse("outbox_retry", args=[instance.pk])
        context["request"] = request
        context["csrf_token"] = parent_context.get("csrf_token")
        return context


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    # Nobody may add or edit (SuperusersReadOnly); Wagtail still asks for a form.
    form_fields = ["status"]
    list_display = [
        "subject",
        Column("recipients", label=_("recipients")),
        "kind",
        "status",
        "attempts",
        DateColumn("created_at", label=_("queued at")),
        DateColumn("next_attempt_at", label=_("next attempt")),
        DateColumn("sent_at", label=_("sent at")),
        RetryColumn("retry", label=""),
    ]
    list_filter = ["status", "kind"]
    inspect_view_fields = [
        "to",
        "cc",
        "bcc",
        "reply_to",
        "from_email",
        "subject",
        "body",
        "html_body",
        "headers",
        "kind",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "created_at",
        "sent_at",
    ]


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutgoingEmailViewSet("outgoing_emails")


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [path("outbox/<int:pk>/retry/", views.retry, name="outbox_retry")]
