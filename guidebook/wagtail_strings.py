# ruff: noqa: E501 -- each msgid must match Wagtail's byte for byte, on one line
"""Wagtail's workflow e-mail sentences (page submitted, approved, rejected; comments),
repeated here so that our catalogue carries them in every language Praxis speaks.

Wagtail's own catalogues leave most of them untranslated in Slovenian, Lithuanian and
Norwegian, so a moderator would get a Slovenian greeting and an English sentence. Its
templates ask gettext for exactly these msgids, and catalogues in LOCALE_PATHS win over
Wagtail's. Keep them in step with wagtailadmin/notifications/ when Wagtail changes them.
"""

from django.utils.translation import gettext_noop

WORKFLOW_EMAIL_SENTENCES = [
    gettext_noop('The page "%(title)s" has been approved.'),
    gettext_noop("You can view the page here:"),
    gettext_noop('The page "%(title)s" has been approved'),
    gettext_noop("Hello %(username)s,"),
    gettext_noop("Edit your notification preferences here:"),
    gettext_noop('The page "%(title)s" has been rejected.'),
    gettext_noop("You can edit the page here:"),
    gettext_noop('The page "%(title)s" has been rejected'),
    gettext_noop('The page "%(title)s" has been approved in moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been approved in "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected in moderation stage "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop("You can preview the page here:"),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    gettext_noop('%(editor)s has updated comments on "%(title)s".'),
    gettext_noop('%(editor)s has updated comments on "%(title)s"'),
    gettext_noop("New comments:"),
    gettext_noop("Resolved comments:"),
    gettext_noop("Deleted comments:"),
    gettext_noop("New replies:"),
    gettext_noop("New replies to:"),
    gettext_noop("New comments"),
    gettext_noop("Resolved comments"),
    gettext_noop("Deleted comments"),
    gettext_noop("New replies"),
    gettext_noop('The page "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    gettext_noop('The following comment was left: "%(comment)s"'),
    gettext_noop('The page "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    gettext_noop('The page "%(title)s" has been submitted to workflow "%(workflow)s"'),
]
