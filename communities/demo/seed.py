"""Seed the organisations, people, Wagtail tree, communities and memberships.

Idempotent: organisations and communities are found by their demo keys (what a demo user
renamed or re-slugged is still theirs, see ``core.demo.demo_object``), people by username,
memberships by user and community, and only what is missing is created. Existing rows are left as
they are, so a second run changes nothing and whatever demo users did in the meantime
(joining, leaving, editing their profile) is kept.
"""

from __future__ import annotations

import random
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from communities.demo import content, demo_organisation
from communities.models import (
    CommunityIndexPage,
    CommunityPage,
    HomePage,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organisation,
    User,
)
from core.demo import SeedContext, demo_object


def seed(context: SeedContext) -> None:
    context.logins.extend(content.DEMO_LOGINS)
    organisations = seed_organisations(context)
    join_dates = plan_join_dates(context.now)
    people = seed_people(context, organisations, join_dates)
    # Editors create and publish pages in the admin; the demo editor does here.
    editor = people["editor"]
    index = seed_page_tree(context, author=editor)
    communities = seed_communities(context, index, people, join_dates, author=editor)
    context.shared["people"] = people
    context.shared["communities"] = communities


# Organisations and people ----------------------------------------------------------------


def seed_organisations(context: SeedContext) -> dict[str, Organisation]:
    organisations = {}
    for data in content.ORGANISATIONS:
        fields = {k: v for k, v in data.items() if k not in ("key", "name")}
        organisation, created = demo_organisation(data["name"], fields)
        context.created["organisations"] += created
        organisations[data["key"]] = organisation
    return organisations


def plan_join_dates(now) -> dict[tuple[str, str], object]:
    """When each person joined (or asked to join) each community.

    Facilitators joined when the community started; members at stable pseudo-random
    dates after that, so every run computes the same spread (relative to now).
    """
    dates = {}
    for community in content.COMMUNITIES:
        founded = community["founded_days_ago"]
        for username in community["facilitators"]:
            dates[community["slug"], username] = now - timedelta(
                days=founded, hours=random.Random(username).randint(0, 8)
            )
        for username in community["members"]:
            rng = random.Random(f"{community['slug']}:{username}")
            days_ago = rng.uniform(2, founded - 3)
            dates[community["slug"], username] = now - timedelta(days=days_ago)
        for position, (username, _message) in enumerate(community["pending"]):
            dates[community["slug"], username] = now - timedelta(days=2 + 3 * position, hours=5)
    return dates


def seed_people(context: SeedContext, organisations, join_dates) -> dict[str, User]:
    first_seen: dict[str, object] = {}
    for (_slug, username), when in join_dates.items():
        if username not in first_seen or when < first_seen[username]:
            first_seen[username] = when

    people = {}
    for data in content.PEOPLE:
        username = data["username"]
        user = User.objects.filter(username=username).first()
        if user is None:
            superuser = data.get("superuser", False)
            rng = random.Random(f"signup:{username}")
            joined_site = first_seen.get(username, context.now - timedelta(days=560))
            user = User.objects.create(
                username=username,
                email=data.get("email", f"{username}@example.org"),
                password=context.password_hash,
                first_name=data["first_name"],
                last_name=data["last_name"],
                display_name=f"{data['first_name']} {data['last_name']}",
                organisation=organisations[data["organisation"]],
                department=data["department"],
                job_title=data["job_title"],
                staff_level=data["staff_level"],
                country=data["country"],
                languages=data["languages"],
                bio=data["bio"],
                is_illustrative=data["illustrative"],
                is_staff=superuser,
                is_superuser=superuser,
                date_joined=joined_site - timedelta(days=rng.randint(1, 20)),
            )
            context.created["people"] += 1
        if user.email:
            _address, created = EmailAddress.objects.get_or_create(
                user=user,
                email=user.email,
                defaults={"verified": True, "primary": True},
            )
            context.created["verified e-mail addresses"] += created
        people[username] = user
    return people


# Pages -----------------------------------------------------------------------------------


def publish(context: SeedContext, page: Page, author: User) -> None:
    page.save_revision(user=author).publish(user=author)
    context.created["pages"] += 1


def seed_page_tree(context: SeedContext, *, author: User) -> CommunityIndexPage:
    root = Page.get_first_root_node()
    # Wagtail's "Welcome to your new Wagtail site!" page: a plain, childless Page at
    # depth 2. Anything with children is someone's content and is left alone.
    placeholders = list(
        Page.objects.filter(
            depth=2, numchild=0, content_type=ContentType.objects.get_for_model(Page)
        )
    )

    home = HomePage.objects.first()
    if home is None:
        data = content.HOME_PAGE
        # Free the slug "home" before adding the real home page next to the old one.
        Page.objects.filter(pk__in=[p.pk for p in placeholders], slug=data["slug"]).update(
            slug="wagtail-welcome-page"
        )
        home = root.add_child(
            instance=HomePage(
                title=data["title"], slug=data["slug"], intro=data["intro"], body=data["body"]
            )
        )
        publish(context, home, author)

    point_default_site_at(context, home)
    for placeholder in placeholders:
        # The default Site now points at the new home page, so nothing cascades.
        Page.objects.get(pk=placeholder.pk).delete()
        context.created["placeholder pages removed"] += 1

    index = CommunityIndexPage.objects.first()
    if index is None:
        data = content.COMMUNITY_INDEX_PAGE
        index = home.add_child(
            instance=CommunityIndexPage(title=data["title"], slug=data["slug"], intro=data["intro"])
        )
        publish(context, index, author)
    return index


def point_default_site_at(context: SeedContext, home: HomePage) -> None:
    wanted = {
        "hostname": "localhost",
        "port": 80,
        "root_page_id": home.pk,
        "site_name": "Praxis",
        "is_default_site": True,
    }
    site = (
        Site.objects.filter(is_default_site=True).first()
        or Site.objects.filter(hostname="localhost", port=80).first()
    )
    if site is None:
        Site.objects.create(**wanted)
        context.created["sites"] += 1
        return
    changed = {key: value for key, value in wanted.items() if getattr(site, key) != value}
    if changed:
        for key, value in changed.items():
            setattr(site, key, value)
        site.save()
        context.created["site settings updated"] += 1


# Communities and memberships -------------------------------------------------------------


def seed_communities(
    context: SeedContext, index: CommunityIndexPage, people, join_dates, *, author: User
) -> dict[str, CommunityPage]:
    existing = {page.slug: page for page in CommunityPage.objects.child_of(index)}
    communities = {}
    for data in content.COMMUNITIES:
        slug = data["slug"]
        community, _created = demo_object(
            community_key(slug),
            CommunityPage,
            find=lambda slug=slug: existing.get(slug),
            create=lambda data=data: create_community(context, index, data, author),
        )
        if community is None:  # a demo user deleted it: it stays deleted
            continue
        seed_memberships(context, community, data, people, join_dates)
        communities[slug] = community
    return communities


def community_key(slug: str) -> str:
    """The demo key of the community that ``communities.toml`` calls ``slug``."""
    return f"community:{slug}"


def create_community(context: SeedContext, index, data, author: User) -> CommunityPage:
    community = index.add_child(
        instance=CommunityPage(
            title=data["title"],
            slug=data["slug"],
            topic=data["topic"],
            description=data["description"],
            visibility=data["visibility"],
            listed_in_index=data["listed_in_index"],
            join_policy=data["join_policy"],
            meeting_rhythm=data["meeting_rhythm"],
        )
    )
    community.themes.add(*data["themes"])
    publish(context, community, author)
    # Back-date the launch (recent activity lists it) and set the latest activity.
    CommunityPage.objects.filter(pk=community.pk).update(
        first_published_at=context.now - timedelta(days=data["founded_days_ago"]),
        last_activity_at=context.now - timedelta(hours=data["last_activity_hours_ago"]),
    )
    context.created["communities"] += 1
    return community


def seed_memberships(context: SeedContext, community, data, people, join_dates) -> None:
    slug = data["slug"]
    rows = [
        (username, MembershipRole.FACILITATOR, MembershipStatus.ACTIVE, "")
        for username in data["facilitators"]
    ]
    rows += [
        (username, MembershipRole.MEMBER, MembershipStatus.ACTIVE, "")
        for username in data["members"]
    ]
    rows += [
        (username, MembershipRole.MEMBER, MembershipStatus.PENDING, message)
        for username, message in data["pending"]
    ]
    for username, role, status, message in rows:
        when = join_dates[slug, username]
        _membership, created = Membership.objects.get_or_create(
            user=people[username],
            community=community,
            defaults={
                "role": role,
                "status": status,
                "created_at": when,
                "joined_at": when if status == MembershipStatus.ACTIVE else None,
                "request_message": message,
            },
        )
        if created:
            context.created[f"memberships ({status})"] += 1
