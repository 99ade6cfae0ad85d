"""A database migrated at the layout before the app split (meetings, peer learning and
programmes inside ``communities``) migrates forward with every row kept and usable."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.apps import apps as current_apps
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor

from tests.db_state import content_type_ids, restore_migrated_state

OLD_STATE = [
    ("communities", "0006_programmes"),
    ("discussions", "0002_thread_readers_promoted"),
    ("guidebook", "0002_review_workflow_and_groups"),
]
AFTER_THE_SPLIT = [("discussions", "0002_thread_readers_promoted")]
MOVED = {
    "meetings": ["Meeting", "AgendaItem", "RSVP", "CalendarToken", "TopicRound",
                 "TopicProposal", "TopicVote"],
    "peer_learning": ["PeerLearningSession", "SessionDay", "TaskGroup", "TaskGroupMember",
                      "OpenSpaceSession", "OpenSpaceSignup"],
    "programmes": ["ProgrammeIndexPage", "ProgrammePage", "PartnerParticipation",
                   "ProgrammeRound", "SelectionCriterion", "Challenge", "ChallengeTeamMember",
                   "ChallengeScore", "ExchangeOffer", "Exchange", "StudyVisit",
                   "StudyVisitItem", "ExperienceReport"],
}  # fmt: skip
# Rows whose check constraints need more than "any value" (one of two links, end > start).
LEAVE_EMPTY = {
    ("ExperienceReport", "visit"),
    ("OpenSpaceSession", "thread"),
}

counter = itertools.count(1)
NOW = dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC)


def value_for(field, made: dict):
    """Some valid value for a required field, by its type."""
    n = next(counter)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey | models.OneToOneField):
        return made[field.related_model._meta.model_name]
    if isinstance(field, models.DateTimeField):
        return NOW + dt.timedelta(hours=1 if "end" in field.name else 0)
    if isinstance(field, models.DateField):
        return (NOW + dt.timedelta(days=1 if "end" in field.name else 0)).date()
    if isinstance(field, models.TimeField):
        return dt.time(10 if "end" in field.name else 9)
    if isinstance(field, models.DurationField):
        return dt.timedelta(hours=1)
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return 1
    if isinstance(field, models.EmailField):
        return f"person{n}@example.org"
    if isinstance(field, models.URLField):
        return f"https://example.org/{n}"
    if isinstance(field, models.JSONField):
        return []
    if isinstance(field, models.CharField | models.TextField):
        return f"{field.name} {n}"[: field.max_length or 100]
    raise AssertionError(f"no value for {field!r}")


def make_row(model, made: dict, **given):
    """A row with every required field set; links go to the rows made so far."""
    values = dict(given)
    for field in model._meta.concrete_fields:
        if (
            field.name in values
            or field.auto_created
            or (model.__name__, field.name) in LEAVE_EMPTY
        ):
            continue
        if field.is_relation:
            target = field.related_model._meta.model_name
            if target in made:
                values[field.name] = made[target]
            elif not field.null:
                raise AssertionError(f"{model.__name__}.{field.name}: make a {target} first")
        elif not (field.has_default() or field.null or field.blank):
            values[field.name] = value_for(field, made)
    return model.objects.create(**values)


def page_row(model, made: dict, *, depth: int, title: str):
    """A page row as treebeard would write it, typed with its own (historical) content type."""
    root = made["page"]
    content_type, _created = made["contenttype"].__class__.objects.get_or_create(
        app_label=model._meta.app_label, model=model._meta.model_name
    )
    child = next(counter)
    return make_row(
        model, made, title=title, slug=f"{title.lower().replace(' ', '-')}-{child}",
        path=f"{root.path}{9000 + child:04d}", depth=depth, numchild=0, url_path=f"/{title}/",
        draft_title=title, live=True, locale=made["locale"],
        content_type=content_type,
    )  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_rows_in_every_moved_model_survive_the_split():
    content_types = content_type_ids()
    executor = MigrationExecutor(connection)
    # Migrations added after the split (discussions 0003, post languages) are unapplied on
    # their own first: the state ``migrate`` returns is that before the last migration it
    # unapplies, so that one must be the split's.
    executor.migrate(AFTER_THE_SPLIT)
    executor.loader.build_graph()
    # The state after unapplying is the old layout; a clone renders the historical models,
    # the original starts the forward run (rendering the whole project state is the cost).
    executor.migrate(OLD_STATE)
    # The state at OLD_STATE itself: what migrate() returns after unapplying migrations of
    # several apps is the state before the last one it unapplied, with every migration
    # earlier in the plan still in it (communities 0007 before guidebook 0003).
    old_state = executor.loader.project_state(OLD_STATE, at_end=True)
    old = old_state.clone().apps

    made = {
        "user": old.get_model("communities", "User").objects.create(username="mover"),
        "organisation": old.get_model("communities", "Organisation").objects.create(
            name="Ministry of Tests", country="PL", type="ministry", level_of_government="central"
        ),
        "locale": old.get_model("wagtailcore", "Locale").objects.first(),
        "page": old.get_model("wagtailcore", "Page").objects.get(depth=1),
        "contenttype": old.get_model("contenttypes", "ContentType").objects.first(),
    }
    made["communitypage"] = page_row(
        old.get_model("communities", "CommunityPage"), made, depth=2, title="Community"
    )
    made["thread"] = make_row(old.get_model("discussions", "Thread"), made)
    made["post"] = make_row(old.get_model("discussions", "Post"), made)
    order = [name for names in MOVED.values() for name in names]
    for name in order:
        model = old.get_model("communities", name)
        if name.endswith("Page"):
            row = page_row(model, made, depth=2, title=name)
        elif name == "Exchange":
            other = old.get_model("communities", "Organisation").objects.create(
                name="Host company", country="SI", type="company", level_of_government="n/a"
            )
            row = make_row(model, made, host_organisation=other)
        else:
            row = make_row(model, made)
        made[model._meta.model_name] = row
    before = {name: made[name.lower()].pk for name in order}

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes(), state=old_state)

    for app_label, names in MOVED.items():
        for name in names:
            model = current_apps.get_model(app_label, name)
            row = model.objects.get(pk=before[name])
            assert row.pk == before[name]
            assert str(row)  # loads through the new model, relations and all
    # The pages still resolve to their specific class through the moved content type.
    from wagtail.models import Page

    index = Page.objects.get(pk=before["ProgrammeIndexPage"])
    assert type(index.specific).__name__ == "ProgrammeIndexPage"
    from django.contrib.contenttypes.models import ContentType

    assert not ContentType.objects.filter(app_label="communities", model="meeting").exists()
    # Content languages: a locale per interface language, the pages stay in English.
    from wagtail.models import Locale

    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes >= {"en", "pl", "sl", "lt", "nb"}
    assert index.locale.language_code == "en"
    restore_migrated_state(content_types)
