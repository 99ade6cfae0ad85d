from django.utils.translation import gettext_lazy as _
from wagtail import hooks

# Logged on the community page by facilitation.services.
FACILITATION_LOG_ACTIONS = {
    "praxis.charter_save": (_("Save community charter"), _("Community charter saved")),
    "praxis.health_check": (_("Complete health check"), _("Health check completed")),
}


@hooks.register("register_log_actions")
def register_facilitation_log_actions(actions):
    for action, (label, message) in FACILITATION_LOG_ACTIONS.items():
        actions.register_action(action, label, message)
