"""Guide and library pages for tests. Wagtail pages need ``add_child``, so these are plain
``factory.Factory`` classes with a ``_create`` that puts the page in the tree."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from guidebook.models import (
    GuideIndexPage,
    GuidePage,
    PracticeIndexPage,
    PracticePage,
    PracticeStatus,
)
from guidebook.services import assign_review_workflow
from tests.factories import UserFactory, site_tree


def home_page():
    return site_tree().get_parent().specific


def library() -> PracticeIndexPage:
    index = PracticeIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(
            instance=PracticeIndexPage(title="Good-practice library", slug="practices")
        )
        assign_review_workflow(index)
    return index


def guide() -> GuideIndexPage:
    index = GuideIndexPage.objects.first()
    if index is None:
        index = home_page().add_child(
            instance=GuideIndexPage(title="Running a community of practice", slug="guide")
        )
    return index


class PracticePageFactory(factory.Factory):
    class Meta:
        model = PracticePage

    title = factory.Sequence(lambda n: f"Peer-learning sessions for managers {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary = "Managers from four countries analyse practices and work on real challenges."
    problem = "<p>Training rarely reaches the institution.</p>"
    what_was_done = "<p>Three days in task groups, ending with an Open Space.</p>"
    status = PracticeStatus.IMPLEMENTATION
    country = "PL"
    level_of_government = "central"
    year_started = 2020

    @classmethod
    def _create(cls, model_class, *args, themes=(), organisations=(), live=True, **kwargs):
        page = model_class(*args, **kwargs)
        page.live = live
        if themes:
            page.themes.add(*themes)
        if organisations:
            page.organisations.set(list(organisations))
        library().add_child(instance=page)
        if live:
            page.save_revision().publish()
        return page


class GuidePageFactory(factory.Factory):
    class Meta:
        model = GuidePage

    title = factory.Sequence(lambda n: f"Chapter {n}")
    slug = factory.Sequence(lambda n: f"chapter-{n}")
    summary = "What a community of practice is."
    body = factory.LazyFunction(
        lambda: [
            {"type": "heading", "value": {"text": "A definition you can use"}},
            {"type": "text", "value": "<p>A group that regularly discusses one topic.</p>"},
        ]
    )

    @classmethod
    def _create(cls, model_class, *args, live=True, **kwargs):
        page = model_class(*args, **kwargs)
        page.live = live
        guide().add_child(instance=page)
        if live:
            page.save_revision().publish()
        return page


def moderator():
    user = UserFactory(username="moderator-test")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user
