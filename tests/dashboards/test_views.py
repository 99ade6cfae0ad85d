"""The dashboards' pages: who sees which, the k >= 5 rule, members-only isolation,
charts with their tables, CSV, and query counts that do not grow with the data."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from communities.models import MembershipRole, Visibility
from dashboards import aggregates
from tests.conftest import clear_cache
from tests.discussions.factories import PostFactory, ThreadFactory
from tests.factories import OrganisationFactory
from tests.guidebook.factories import library, moderator
from tests.programmes.factories import ProgrammePageFactory


def community_url(community, **query):
    url = reverse("dashboards:community", kwargs={"community_id": community.pk})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def world(make_community, staff_of, make_user):
    """A public community with a big organisation (6 people), a small one (3 people),
    and two more small ones (1 each); a members-only community; people who post."""
    community = make_community(title="Briefing external experts")
    private = make_community(title="Internal audit practice", visibility=Visibility.MEMBERS)
    big = OrganisationFactory(name="Chancellery of the Prime Minister", country="PL")
    small = OrganisationFactory(name="Tiny Municipal Office", country="LT")
    lone_a = OrganisationFactory(name="Lone Agency A", country="SI")
    lone_b = OrganisationFactory(name="Lone Agency B", country="NO")
    bigs = staff_of(big, 6, community)
    smalls = staff_of(small, 3, community)
    lone = staff_of(lone_a, 1, community) + staff_of(lone_b, 1, community)
    (facilitator,) = staff_of(big, 1, community, role=MembershipRole.FACILITATOR)
    quiet = staff_of(big, 2, community)  # never post
    auditors = staff_of(OrganisationFactory(name="Secret Audit Office"), 5, private)
    thread = ThreadFactory.create(community=community, author=bigs[0])
    PostFactory.create_batch(thread=thread, authors=bigs + smalls + lone, size=33)
    hidden = ThreadFactory.create(community=private, author=auditors[0])
    PostFactory.create_batch(thread=hidden, authors=auditors, size=10)
    aggregates.rebuild()
    return {
        "community": community,
        "private": private,
        "facilitator": facilitator,
        "member": smalls[0],
        "outsider": make_user(organisation=OrganisationFactory(name="Elsewhere")),
        "quiet": quiet,
        "auditor": auditors[0],
    }


def test_k_five_folds_small_groups_into_other(world, login):
    client = login(world["facilitator"])
    response = client.get(community_url(world["community"], period="all"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Chancellery of the Prime Minister" in page
    assert "Tiny Municipal Office" not in page  # 3 people
    assert "Lone Agency A" not in page
    table = response.context["tables"][0]
    labels = [row[0] for row in table.rows]
    assert labels == ["Chancellery of the Prime Minister", "Other"]
    other = table.rows[1]
    assert other[1] == 5  # members: 3 + 1 + 1
    # Every group shown has at least 5 people, in every breakdown.
    for breakdown in response.context["dash"].breakdowns:
        assert all(row.people >= 5 for row in breakdown.rows)


def test_an_other_group_under_five_is_not_shown(make_community, staff_of, login):
    community = make_community()
    (facilitator, *rest) = staff_of(
        OrganisationFactory(name="Big Ministry"), 5, community, role=MembershipRole.FACILITATOR
    )
    staff_of(OrganisationFactory(name="Pair Office"), 2, community)
    dash = login(facilitator).get(community_url(community)).context["dash"]
    organisation = dash.breakdowns[0]
    assert [row.label for row in organisation.rows] == ["Big Ministry"]
    assert organisation.hidden_people is True


def test_charts_are_accessible_svg_beside_their_tables(world, login):
    page = login(world["facilitator"]).get(community_url(world["community"])).content.decode()
    assert page.count('<svg class="dashboard-chart" role="img"') >= 8
    assert page.count('<title id="chart-') == page.count('role="img"')
    assert page.count('<desc id="chart-') == page.count('role="img"')
    assert page.count('<table class="dashboard-table"') == page.count('role="img"')
    assert "style=" not in page.split("<main", 1)[1]
    assert "<script>" not in page


def test_facilitators_see_quiet_members_and_dominance(world, login):
    dash = login(world["facilitator"]).get(community_url(world["community"], period="all"))
    assert dash.context["dash"].quiet_members == 3  # two quiet people and the facilitator
    assert dash.context["dash"].dominance[0]["organisation"] == "Chancellery of the Prime Minister"
    assert b"wrote more than half of the posts" in dash.content


def test_a_member_of_another_organisation_sees_no_facilitators_view(world, login):
    response = login(world["member"]).get(community_url(world["community"]))
    assert response.status_code == 200
    assert response.context["dash"].quiet_members is None
    assert response.context["dash"].dominance == []
    assert b"Quiet members" not in response.content
    assert b"Tiny Municipal Office" not in response.content  # their own group is too small


def test_outsiders_get_404_and_members_only_stays_hidden(world, login):
    outsider = login(world["outsider"])
    assert outsider.get(community_url(world["community"])).status_code == 404
    assert outsider.get(community_url(world["private"])).status_code == 404
    assert outsider.get(reverse("dashboards:overview")).status_code == 404
    # The public community's member does not see the members-only one either.
    assert login(world["member"]).get(community_url(world["private"])).status_code == 404
    assert login(world["auditor"]).get(community_url(world["private"])).status_code == 200


def test_coordinators_overview_leaves_out_members_only_communities(world, login, make_user):
    coordinator = make_user(organisation=OrganisationFactory(name="Programme office"))
    ProgrammePageFactory(coordinators=[coordinator])
    response = login(coordinator).get(reverse("dashboards:overview") + "?period=all")
    assert response.status_code == 200
    titles = [c["title"] for c in response.context["dash"].communities]
    assert titles == ["Briefing external experts"]
    assert b"Internal audit practice" not in response.content
    assert b"Secret Audit Office" not in response.content
    assert response.context["dash"].totals["posts"] == 34  # not the 11 members-only posts


def test_editors_overview_includes_what_they_may_read(world, login):
    library()
    editor = moderator()
    response = login(editor).get(reverse("dashboards:overview") + "?period=all")
    assert response.status_code == 200
    titles = [c["title"] for c in response.context["dash"].communities]
    assert titles == ["Briefing external experts", "Internal audit practice"]
    assert b"Participation dashboard" in login(editor).get(editor.get_absolute_url()).content


def test_every_table_exports_as_csv(world, login):
    client = login(world["facilitator"])
    tables = client.get(community_url(world["community"], period="all")).context["tables"]
    for table in tables:
        response = client.get(community_url(world["community"], period="all", export=table.key))
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == table.headers
        assert len(rows) == len(table.rows) + 1
    organisation = client.get(
        community_url(world["community"], period="all", export="by-organisation")
    ).content.decode()
    assert "Tiny Municipal Office" not in organisation
    assert client.get(community_url(world["community"], export="nope")).status_code == 404


def test_the_community_page_links_its_dashboard_for_members_only(world, login):
    community = world["community"]
    assert community_url(community).encode() in login(world["member"]).get(community.url).content
    assert (
        community_url(community).encode() not in login(world["outsider"]).get(community.url).content
    )


def _count_queries(client, url, *, cached=False) -> int:
    if not cached:
        clear_cache()  # the computed dashboard, not the cached one
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_data(make_community, staff_of, login, make_user):
    coordinator = make_user()
    ProgrammePageFactory(coordinators=[coordinator])
    community = make_community()
    organisations = [OrganisationFactory() for _ in range(3)]
    people = [p for org in organisations for p in staff_of(org, 5, community)]
    (facilitator,) = staff_of(organisations[0], 1, community, role=MembershipRole.FACILITATOR)
    thread = ThreadFactory.create(community=community, author=people[0])
    PostFactory.create_batch(thread=thread, authors=people[:5], size=5)
    aggregates.rebuild()
    client = login(facilitator)
    url = community_url(community, period="all")
    client.get(url)
    small = _count_queries(client, url)
    overview, overview_url = login(coordinator), reverse("dashboards:overview")
    overview.get(overview_url)
    small_overview = _count_queries(overview, overview_url)

    more = [OrganisationFactory() for _ in range(4)]
    people += [p for org in more for p in staff_of(org, 6, community)]
    for n in range(5):
        extra = ThreadFactory.create(community=community, author=people[n])
        PostFactory.create_batch(thread=extra, authors=people, size=60)
    for _ in range(3):
        other = make_community()
        others = staff_of(more[0], 5, other)
        extra = ThreadFactory.create(community=other, author=others[0])
        PostFactory.create_batch(thread=extra, authors=others, size=20)
    aggregates.rebuild()
    assert _count_queries(client, url) == small
    assert _count_queries(overview, overview_url) == small_overview
    # Cached: the version query only, beside the page's own (session, user, membership).
    client.get(url)
    assert _count_queries(client, url, cached=True) < small - 8


def test_a_new_post_shows_at_once_despite_the_cache(
    make_community, staff_of, login, django_capture_on_commit_callbacks
):
    community = make_community()
    (facilitator, *people) = staff_of(
        OrganisationFactory(), 5, community, role=MembershipRole.FACILITATOR
    )
    client = login(facilitator)
    assert client.get(community_url(community)).context["dash"].totals["posts"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        ThreadFactory.create(community=community, author=people[0])
    assert client.get(community_url(community)).context["dash"].totals["posts"] == 1


def test_short_periods_have_a_weekly_trend_and_long_ones_a_monthly(world, login):
    client = login(world["facilitator"])
    for period, title, points in (
        ("30d", "Posts per week", (5, 6)),
        ("quarter", "Posts per week", (13, 14)),
    ):
        response = client.get(community_url(world["community"], period=period))
        assert response.context["dash"].trend_kind == "week"
        assert points[0] <= len(response.context["dash"].trend) <= points[1]
        assert title.encode() in response.content
        assert all(p["start"].weekday() == 0 for p in response.context["dash"].trend)
        assert response.context["dash"].trend[-1]["posts"] == 34  # all written this week
    yearly = client.get(community_url(world["community"], period="year"))
    assert yearly.context["dash"].trend_kind == "month"
    assert len(yearly.context["dash"].trend) == 12
    assert b"Posts per month" in yearly.content


def test_the_header_links_the_dashboards_for_those_who_have_one(world, login, make_community):
    mine = reverse("dashboards:mine")
    link = f'<a href="{mine}">Dashboards</a>'
    facilitator = login(world["facilitator"])
    assert link in facilitator.get(world["community"].url).content.decode()
    assert facilitator.get(mine)["Location"] == community_url(world["community"])
    for person in ("member", "outsider"):
        client = login(world[person])
        assert link not in client.get(world["community"].url).content.decode()
        assert client.get(mine).status_code == 404
    library()
    editor = login(moderator())
    assert link in editor.get(world["community"].url).content.decode()
    assert editor.get(mine)["Location"] == reverse("dashboards:overview")
    # A facilitator of two communities gets the list of both.
    second = make_community(title="Second community")
    from tests.factories import MembershipFactory

    MembershipFactory(user=world["facilitator"], community=second, role=MembershipRole.FACILITATOR)
    listing = facilitator.get(mine)
    assert listing.status_code == 200
    assert community_url(second).encode() in listing.content
    assert link not in login(world["member"]).get("/").content.decode()
