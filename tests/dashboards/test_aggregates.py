"""The daily aggregates: kept on commit, rebuilt from scratch, never counting restricted
threads, and the boundary-spanning measures they hold."""

from __future__ import annotations

from datetime import timedelta

from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from core import jobs
from dashboards import aggregates
from dashboards.models import CommunityActivity, PersonDay, PersonPeriod, ThreadReach
from dashboards.selectors import gini_simpson
from discussions import services
from discussions.models import Post, Thread
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import OrganisationFactory


def _sums():
    fields = (
        "posts",
        "threads",
        "replies",
        "answers",
        "cross_org_replies",
        "cross_country_replies",
        "answers_to_other_org",
    )
    return {
        (row.community_id, row.user_id, row.day): tuple(getattr(row, f) for f in fields)
        for row in PersonDay.objects.all()
    }


def test_posts_are_counted_after_commit_and_rebuild_gives_the_same(
    make_community, staff_of, django_capture_on_commit_callbacks
):
    community = make_community()
    pl = OrganisationFactory(name="Chancellery", country="PL")
    si = OrganisationFactory(name="Ministry of Public Administration", country="SI")
    lt = OrganisationFactory(name="Kaunas District Municipality", country="LT")
    (asker,) = staff_of(pl, 1, community)
    (slovene,) = staff_of(si, 1, community, country="SI")
    (lithuanian,) = staff_of(lt, 1, community, country="LT")
    (colleague,) = staff_of(pl, 1, community)

    with django_capture_on_commit_callbacks(execute=True):
        thread = ThreadFactory.create(community=community, author=asker)
    with django_capture_on_commit_callbacks(execute=True):
        answer = PostFactory.create(thread=thread, author=slovene)
        PostFactory.create(thread=thread, author=lithuanian)
        PostFactory.create(thread=thread, author=colleague)
    assert PersonDay.objects.filter(posts__gt=0).count() == 4  # nothing waited for a job
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_mark(actor=asker, post=answer)

    today = timezone.localdate()
    row = PersonDay.objects.get(user=slovene, community=community, day=today)
    assert (row.posts, row.replies, row.answers) == (1, 1, 1)
    assert row.cross_org_replies == 1 and row.cross_country_replies == 1
    assert row.answers_to_other_org == 1
    same_org = PersonDay.objects.get(user=colleague, day=today)
    assert same_org.cross_org_replies == 0 and same_org.cross_country_replies == 0
    opener = PersonDay.objects.get(user=asker, day=today)
    assert (opener.threads, opener.replies) == (1, 0)
    assert ThreadReach.objects.get(thread=thread).replier_organisations == 3

    incremental = _sums()
    call_command("rebuild_dashboards", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _sums() == incremental


def test_a_rolled_back_write_leaves_the_next_commit_counted(
    make_community, staff_of, django_capture_on_commit_callbacks
):
    from django.db import transaction

    community = make_community()
    (person,) = staff_of(OrganisationFactory(), 1, community)
    try:
        with transaction.atomic():
            ThreadFactory.create(community=community, author=person)
            raise RuntimeError
    except RuntimeError:
        pass
    with django_capture_on_commit_callbacks(execute=True):
        ThreadFactory.create(community=community, author=person)
    assert PersonDay.objects.get(user=person).threads == 1


def test_restricted_threads_are_never_counted(
    make_community, staff_of, django_capture_on_commit_callbacks
):
    community = make_community()
    people = staff_of(OrganisationFactory(), 2, community)
    with django_capture_on_commit_callbacks(execute=True):
        open_thread = ThreadFactory.create(community=community, author=people[0])
        PostFactory.create(thread=open_thread, author=people[1])
        hidden = ThreadFactory.create(community=community, author=people[1])
        PostFactory.create(thread=hidden, author=people[0])
        PostFactory.create(thread=hidden, author=people[0])
    with django_capture_on_commit_callbacks(execute=True):
        Thread.objects.get(pk=hidden.pk).save()  # unchanged: still counted
    assert sum(PersonDay.objects.values_list("posts", flat=True)) == 5
    with django_capture_on_commit_callbacks(execute=True):
        hidden.restricted = True
        hidden.save(update_fields=["restricted"])
    assert sum(PersonDay.objects.values_list("posts", flat=True)) == 2
    assert not ThreadReach.objects.filter(thread=hidden).exists()
    aggregates.rebuild()
    assert sum(PersonDay.objects.values_list("posts", flat=True)) == 2
    aggregates.refresh_recent()
    assert sum(PersonDay.objects.values_list("posts", flat=True)) == 2


def test_the_periodic_job_is_registered_and_catches_up(make_community, staff_of):
    assert "dashboards-refresh" in jobs._runner._jobs
    job = jobs._runner._jobs["dashboards-refresh"]
    assert job.on_wake is False
    community = make_community()
    people = staff_of(OrganisationFactory(), 2, community)
    thread = ThreadFactory.create(community=community, author=people[0])  # no commit here
    PostFactory.create_batch(thread=thread, authors=people, size=4)  # bulk: no signals
    assert not PersonDay.objects.exists()
    job.run()
    assert sum(PersonDay.objects.values_list("posts", flat=True)) == 5


def test_gini_simpson():
    assert gini_simpson([]) is None
    assert gini_simpson([10]) == 0
    assert gini_simpson([1, 1]) == 0.5
    assert abs(gini_simpson([1, 1, 1, 1]) - 0.75) < 1e-9


def test_a_thread_moved_to_another_community_is_counted_there_on_commit(
    make_community, staff_of, django_capture_on_commit_callbacks
):
    first, second = make_community(), make_community()
    people = staff_of(OrganisationFactory(), 3, first)
    with django_capture_on_commit_callbacks(execute=True):
        thread = ThreadFactory.create(community=first, author=people[0])
        PostFactory.create_batch(thread=thread, authors=people, size=4)
    assert sum(PersonDay.objects.filter(community=first).values_list("posts", flat=True)) == 5
    moving = Thread.objects.get(pk=thread.pk)
    with django_capture_on_commit_callbacks(execute=True):
        moving.community = second
        moving.save()
    assert not PersonDay.objects.filter(community=first).exists()
    assert sum(PersonDay.objects.filter(community=second).values_list("posts", flat=True)) == 5
    assert ThreadReach.objects.get(thread=thread).community_id == second.pk
    assert not PersonPeriod.objects.filter(community=first).exists()
    assert PersonPeriod.objects.get(community=second, user=people[0], period="all").posts >= 1
    assert CommunityActivity.objects.filter(community=second).exists()
    assert not CommunityActivity.objects.filter(community=first).exists()
    incremental = _sums()
    aggregates.rebuild()
    assert _sums() == incremental


def test_a_change_of_organisation_refreshes_the_rows_on_commit(
    make_community, staff_of, django_capture_on_commit_callbacks
):
    community = make_community()
    home, other = OrganisationFactory(country="PL"), OrganisationFactory(country="PL")
    (asker,) = staff_of(home, 1, community)
    (replier,) = staff_of(other, 1, community)
    with django_capture_on_commit_callbacks(execute=True):
        thread = ThreadFactory.create(community=community, author=asker)
        PostFactory.create(thread=thread, author=replier)
    assert PersonDay.objects.get(user=replier).cross_org_replies == 1
    person = type(replier).objects.get(pk=replier.pk)
    with django_capture_on_commit_callbacks(execute=True):
        person.organisation = home  # moves to the asker's organisation
        person.save()
    row = PersonDay.objects.get(user=replier)
    assert row.organisation_id == home.pk
    assert row.cross_org_replies == 0  # now a reply within one organisation
    assert PersonPeriod.objects.get(user=replier, period="all").organisation_id == home.pk
    assert ThreadReach.objects.get(thread=thread).replier_organisations == 1
    # An organisation's copied-in type and country follow it too.
    organisation = type(home).objects.get(pk=home.pk)
    with django_capture_on_commit_callbacks(execute=True):
        organisation.country = "SI"
        organisation.type = "municipality"
        organisation.save()
    row = PersonDay.objects.get(user=replier)
    assert (row.country, row.organisation_type) == ("SI", "municipality")
    # Nothing else changed (a login, a display name): the dashboards queue nothing (page
    # caches may still move their generations on: core.fragments).
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        person = type(replier).objects.get(pk=replier.pk)
        person.display_name = "Someone else"
        person.save()
    assert not [c for c in callbacks if c.__module__.startswith("dashboards")]
    incremental = _sums()
    aggregates.rebuild()
    assert _sums() == incremental


def test_the_rollups_give_the_same_dashboard_as_the_person_days(make_community, staff_of):
    from dashboards.selectors import compute_dashboard

    community, other = make_community(), make_community()
    organisations = [OrganisationFactory() for _ in range(3)]
    people = [p for org in organisations for p in staff_of(org, 5, community)]
    staff_of(organisations[0], 2, other)
    for n in range(4):
        thread = ThreadFactory.create(community=community, author=people[n])
        PostFactory.create_batch(thread=thread, authors=people[n:], size=7)
        back = F("created_at") - timedelta(days=40 * n)
        Post.objects.filter(thread=thread).update(created_at=back)
        Thread.objects.filter(pk=thread.pk).update(created_at=back)
    aggregates.rebuild()
    assert PersonPeriod.objects.exists() and CommunityActivity.objects.exists()
    for period in ("30d", "quarter", "year", "all"):
        args = {"community_ids": [community.pk, other.pk], "period": period, "facilitation": True}
        assert compute_dashboard(**args, rollups=True) == compute_dashboard(**args, rollups=False)
