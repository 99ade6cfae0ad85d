"""The health check's fixed parts: six dimensions, two statements each, a four-point scale,
the lifecycle stages, and the next steps a facilitator is given for the weakest dimensions.

They are code, not rows, so that every check rates the same statements and a change
between two checks means something; the texts are translated like the rest of the site.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from facilitation.models import LifecycleStage

# The four points of the scale: the rating stored per statement.
SCALE = (
    (0, _("Not yet")),
    (1, _("Starting")),
    (2, _("Mostly")),
    (3, _("Fully")),
)
SCALE_TOP = 3


@dataclass(frozen=True)
class Statement:
    key: str
    text: object  # lazily translated


@dataclass(frozen=True)
class Dimension:
    key: str
    label: object
    question: object
    statements: tuple[Statement, ...]
    next_steps: tuple[object, ...]


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension(
        key="domain",
        label=pgettext_lazy("health check dimension", "Domain"),
        question=_("Is it clear what the community is about, and does it matter?"),
        statements=(
            Statement(
                "domain_clear", _("Members can say in one sentence what the community is about.")
            ),
            Statement(
                "domain_matters",
                _("The topic matters to members' daily work and to their organisations."),
            ),
        ),
        next_steps=(
            _(
                "Write the domain in one sentence with your core group and test it on three "
                "members: if they describe it differently, rewrite it."
            ),
            _(
                "Ask members which problem from their own desk they would bring to the next "
                "meeting, and let the answers sharpen the topic."
            ),
            _("Say what the community is not about, so that it does not drift into everything."),
        ),
    ),
    Dimension(
        key="community",
        label=pgettext_lazy("health check dimension", "Community"),
        question=_("Do members know and trust each other?"),
        statements=(
            Statement(
                "community_trust",
                _("Members know each other and ask each other for help between meetings."),
            ),
            Statement(
                "community_mix",
                _("Members come from several organisations and levels, and all of them speak up."),
            ),
        ),
        next_steps=(
            _(
                "Open each meeting with a short round in which members say what they are "
                "working on and where they are stuck."
            ),
            _(
                "Introduce two members from different organisations who face the same problem, "
                "and ask them to tell the group what they found."
            ),
            _(
                "Invite quiet members personally to bring one example: most people who do not "
                "post are waiting to be asked."
            ),
        ),
    ),
    Dimension(
        key="practice",
        label=pgettext_lazy("health check dimension", "Practice"),
        question=_("Do members share and build up real practice?"),
        statements=(
            Statement(
                "practice_share",
                _("Members bring real cases, tools and documents from their own work."),
            ),
            Statement(
                "practice_record",
                _("What the community learns is written down where members can find it again."),
            ),
        ),
        next_steps=(
            _(
                "Run a case clinic: one member presents a real problem for ten minutes, and the "
                "others ask questions before anyone gives advice."
            ),
            _(
                "After each meeting, write a half-page harvest: what was shared, what was "
                "agreed, who follows up. Post it in a thread the same week."
            ),
            _("Turn the best discussion of the quarter into a practice case in the library."),
        ),
    ),
    Dimension(
        key="rhythm",
        label=pgettext_lazy("health check dimension", "Rhythm"),
        question=_("Does the community meet and talk at a steady pace?"),
        statements=(
            Statement("rhythm_regular", _("The community meets at a regular, known rhythm.")),
            Statement(
                "rhythm_between",
                _("There is activity between meetings: threads, replies, small tasks."),
            ),
        ),
        next_steps=(
            _(
                "Fix a regular slot, for example the last Thursday of the month, and publish "
                "the dates for the next six months."
            ),
            _(
                "Between meetings, start one thread a fortnight with a concrete question, and "
                "make sure every new post gets a reply within two working days."
            ),
            _(
                "Keep meetings predictable: the same length, an agenda a week ahead, and the "
                "notes out the same week."
            ),
        ),
    ),
    Dimension(
        key="sponsorship",
        label=pgettext_lazy("health check dimension", "Sponsorship"),
        question=_("Do the organisations support the community?"),
        statements=(
            Statement(
                "sponsorship_sponsor",
                _("A senior sponsor supports the community and knows what it does."),
            ),
            Statement("sponsorship_time", _("Members' managers give them time to take part.")),
        ),
        next_steps=(
            _(
                "Find a sponsor at director level and meet them twice a year for twenty "
                "minutes, with two concrete examples of what the community changed."
            ),
            _(
                "Write a one-page note for members' managers: what the community is for, how "
                "much time it takes and what their unit gets back."
            ),
            _(
                "Ask the sponsor to open one meeting a year: it tells managers that taking "
                "part is part of the job."
            ),
        ),
    ),
    Dimension(
        key="value",
        label=pgettext_lazy("health check dimension", "Value"),
        question=_("Can the community show what it changes?"),
        statements=(
            Statement(
                "value_stories",
                _(
                    "Members can tell a concrete story of something the community changed in "
                    "their work."
                ),
            ),
            Statement(
                "value_reported",
                _("The community reports its value to its sponsor and members' organisations."),
            ),
        ),
        next_steps=(
            _(
                "Collect one value-creation story a quarter: what happened in the community, "
                "what the member then did differently, and what changed as a result."
            ),
            _(
                "End each meeting by asking what members will use from it, and write the "
                "answers down: they are the raw material of your value stories."
            ),
            _(
                "Send the sponsor a short report every six months with stories and a few "
                "figures, not only attendance."
            ),
        ),
    ),
)

STATEMENTS: tuple[Statement, ...] = tuple(s for d in DIMENSIONS for s in d.statements)
STATEMENT_KEYS = frozenset(s.key for s in STATEMENTS)

STAGE_DESCRIPTIONS = {
    LifecycleStage.POTENTIAL: _(
        "People with a shared problem are finding each other; the community is not formed yet."
    ),
    LifecycleStage.COALESCING: _(
        "Members meet, build trust and agree on what the community is for."
    ),
    LifecycleStage.MATURING: _(
        "The community takes on more members and topics and starts to record its practice."
    ),
    LifecycleStage.STEWARDSHIP: _(
        "The community is established; the work is to keep it relevant and to renew it."
    ),
    LifecycleStage.TRANSFORMATION: _(
        "The community changes shape: it merges, splits, becomes part of the organisation "
        "or closes."
    ),
}

# How many of the weakest dimensions get next steps.
WEAKEST = 2
