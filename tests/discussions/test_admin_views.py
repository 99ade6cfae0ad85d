"""The Discussions views in the Wagtail admin: lists with filters and search, inspect,
history (moderation logged through log_action), export, and who may see them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry, PageLogEntry

from communities import services as community_services
from communities.models import MembershipStatus
from core.errors import ServiceError
from discussions import services


@pytest.fixture
def admin_user(make_user):
    return make_user(is_superuser=True, is_staff=True)


@pytest.fixture
def moderator(make_user):
    """A Wagtail admin user with only the view permissions on the discussions models."""
    user = make_user()
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="discussions",
            codename__in=["view_thread", "view_post", "view_flag"],
        ),
    )
    return user


@pytest.mark.parametrize("name", ["threads", "posts", "reports"])
def test_each_listing_loads_with_filters_and_search(
    client, moderator, thread, reply, member, name, django_assert_max_num_queries
):
    services.flag_create(reporter=member, post=reply, reason="Rude")
    client.force_login(moderator)
    url = reverse(f"{name}:index")
    with django_assert_max_num_queries(40):
        response = client.get(url)
    assert response.status_code == 200
    community = {"threads": "community", "posts": "thread__community", "reports": None}[name]
    query = {"q": "zzz-nothing"}
    if community:
        query[community] = thread.community_id
    response = client.get(url, query)
    assert response.status_code == 200
    assert thread.title not in response.content.decode() or name != "threads"


def test_thread_search_finds_by_title(client, moderator, thread):
    client.force_login(moderator)
    response = client.get(reverse("threads:index"), {"q": thread.title.split()[0]})
    assert thread.title in response.content.decode()
    response = client.get(reverse("threads:index"), {"q": "qqqxxx"})
    assert thread.title not in response.content.decode()


def test_post_listing_filters_hidden(client, moderator, admin_user, thread, reply):
    services.post_hide(actor=admin_user, post=reply, reason="Personal data")
    client.force_login(moderator)
    hidden = client.get(reverse("posts:index"), {"hidden_at__isnull": "false"})
    visible = client.get(reverse("posts:index"), {"hidden_at__isnull": "true"})
    assert str(reply) in hidden.content.decode()
    assert str(reply) not in visible.content.decode()


def test_inspect_views_show_the_object(client, moderator, thread, reply, member):
    flag = services.flag_create(reporter=member, post=reply, reason="Rude words")
    client.force_login(moderator)
    assert thread.title in client.get(reverse("threads:inspect", args=[thread.pk])).content.decode()
    assert reply.source in client.get(reverse("posts:inspect", args=[reply.pk])).content.decode()
    assert "Rude words" in client.get(reverse("reports:inspect", args=[flag.pk])).content.decode()


def test_nobody_edits_or_deletes_in_the_admin(client, admin_user, thread):
    client.force_login(admin_user)
    assert client.get(reverse("threads:edit", args=[thread.pk])).status_code in (302, 403)
    assert client.get(reverse("threads:delete", args=[thread.pk])).status_code in (302, 403)
    assert client.get(reverse("threads:add")).status_code in (302, 403)


def test_a_member_without_admin_rights_is_refused(client, member, thread):
    client.force_login(member)
    for url in (reverse("threads:index"), reverse("threads:inspect", args=[thread.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert thread.title not in response.content.decode()


def test_admin_user_without_the_view_permission_is_refused(client, make_user, thread):
    user = make_user()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    response = client.get(reverse("threads:index"))
    assert response.status_code in (302, 403)
    assert thread.title not in response.content.decode()


def test_hiding_a_post_is_in_its_admin_history(client, moderator, facilitator, reply):
    services.post_hide(actor=facilitator, post=reply, reason="Personal data of a citizen")
    entry = ModelLogEntry.objects.get(action="praxis.hide_post")
    assert entry.user == facilitator and entry.object_id == str(reply.pk)
    assert entry.data["reason"] == "Personal data of a citizen"
    client.force_login(moderator)
    history = client.get(reverse("posts:history", args=[reply.pk])).content.decode()
    assert "Post hidden" in history
    site_history = client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "Post hidden" in site_history


def test_dismissing_a_report_is_in_the_report_history(
    client, moderator, facilitator, member, reply
):
    flag = services.flag_create(reporter=member, post=reply, reason="Rude")
    services.flag_dismiss(actor=facilitator, flag=flag)
    entry = ModelLogEntry.objects.get(action="praxis.dismiss_flag")
    assert entry.object_id == str(flag.pk)
    client.force_login(moderator)
    history = client.get(reverse("reports:history", args=[flag.pk])).content.decode()
    assert "Report dismissed" in history


def test_a_refused_moderation_logs_nothing(member, reply):
    with pytest.raises(ServiceError):
        services.post_hide(actor=member, post=reply, reason="Off topic")
    assert not ModelLogEntry.objects.filter(action__startswith="praxis.").exists()


def test_approving_a_join_is_in_the_community_history(
    community, facilitator, make_user, make_membership
):
    applicant = make_user()
    membership = make_membership(
        user=applicant, community=community, status=MembershipStatus.PENDING
    )
    community_services.membership_request_decide(
        actor=facilitator, membership_id=membership.pk, community=community, approve=True
    )
    entry = PageLogEntry.objects.get(action="praxis.join_approve")
    assert entry.page_id == community.pk and entry.user == facilitator
    assert entry.data["member"] == applicant.pk


def test_report_export_has_the_columns(client, moderator, member, reply):
    services.flag_create(reporter=member, post=reply, reason="Rude")
    client.force_login(moderator)
    response = client.get(reverse("reports:index"), {"export": "csv"})
    assert response.status_code == 200
    assert "reports.csv" in response["Content-Disposition"]
    header, row = response.getvalue().decode().splitlines()[:2]
    assert header.split(",")[:4] == ["Post", "Thread", "Community", "Reason"]
    assert "Rude" in row


@pytest.mark.parametrize("name", ["threads", "posts", "reports", "meetings"])
def test_the_moderators_group_opens_the_listings_without_a_hand_grant(
    client, make_user, thread, name
):
    """The Moderators group (created by the migrations) carries the view permissions."""
    from django.contrib.auth.models import Group

    person = make_user()
    person.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(person)
    assert client.get(reverse(f"{name}:index")).status_code == 200
