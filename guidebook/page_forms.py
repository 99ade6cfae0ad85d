"""The Wagtail admin's edit form for practice cases: publishing, or submitting for review,
needs what the members' form needs (``guidebook.validation``); saving a draft does not."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm

from guidebook.validation import missing_for_publication

# The buttons of Wagtail's page editor that ask for publication.
PUBLISHING_ACTIONS = ("action-publish", "action-submit")


class PracticePageForm(WagtailAdminPageForm):
    def is_publishing(self) -> bool:
        return any(action in self.data for action in PUBLISHING_ACTIONS)

    def clean(self):
        cleaned = super().clean()
        if self.is_publishing():
            for name, message in missing_for_publication(cleaned).items():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, message)
        return cleaned
