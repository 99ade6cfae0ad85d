"""``manage.py seed_demo``: the Wagtail tree, organisations, people, communities and their
discussions.

Idempotent: everything is looked up by its natural key (organisation name, username,
page slug, user and community, community and thread title), and only what is missing is
created. Existing rows are left as they are, so a second run changes nothing and whatever
demo users did in the meantime (joining, leaving, posting, editing their profile) is kept.

Threads are written through ``discussions.services``, like any post, so counters,
sanitised HTML, follows and notifications are right; only the rate limits are lifted
while seeding. Afterwards the timestamps are moved back to a realistic spread over the
last months (relative to now, the same on every run).
"""

from __future__ import annotations

import contextlib
import os
import random
from collections import Counter
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Max
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Page, Site

from communities import demo_content as content
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
from core.errors import ServiceError
from discussions import events
from discussions import services as discussions
from discussions.models import (
    ModerationAction,
    Notification,
    Post,
    Reaction,
    ReadState,
    Thread,
    ThreadFollow,
)
from guidebook.demo_content import seed_guidebook
from meetings.demo_content import seed_meetings
from programmes import demo as programme_content
from programmes.demo import seed_programmes

# Seeding writes dozens of posts a second, as the same people: lift the limits meant for
# humans (the services still validate everything else).
SEED_LIMITS = {
    "POST_INTERVAL_SECONDS": 0,
    "NEW_ACCOUNT_MAX_POSTS": 10**6,
    "DUPLICATE_WINDOW_SECONDS": 0,
}


class Command(BaseCommand):
    help = (
        "Create the demo site: home page, communities index, organisations, people, "
        "communities and their discussions."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Seed even under production settings (it creates a superuser with a "
            "published password).",
        )

    def handle(self, *args, **options):
        # Under override_settings (tests) SETTINGS_MODULE reads None: use the environment's.
        module = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith(".production") and not options["allow_production"]:
            raise CommandError(
                "seed_demo creates accounts with a published password; refusing to run under "
                "production settings (use --allow-production for a demo server)."
            )
        self.now = timezone.now()
        self.created: Counter[str] = Counter()
        self._password_hash = ""
        # Services tell people by e-mail (a selected challenge, a promoted RSVP); demo
        # content is not news, so those messages go nowhere.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
            self.indexing_at_the_end(),
        ):
            organisations = self.seed_organisations()
            join_dates = self.plan_join_dates()
            people = self.seed_people(organisations, join_dates)
            # Editors create and publish pages in the admin; the demo editor does here.
            editor = people["editor"]
            index = self.seed_page_tree(author=editor)
            communities = self.seed_communities(index, people, join_dates, author=editor)
            self.seed_threads(communities, people)
            seed_guidebook(stdout=self.stdout)
            seed_meetings(stdout=self.stdout)
            seed_programmes(password_hash=self.password_hash(), stdout=self.stdout)
        self.report()

    @contextlib.contextmanager
    def indexing_at_the_end(self):
        """Update the search index once, in bulk, when everything is written.

        modelsearch indexes each object as it is saved; with the Whoosh backend that is one
        index commit per object (about a tenth of a second each), which made seeding three
        times slower. Objects are also indexed with their final, back-dated timestamps.
        """
        from django.db.models.signals import post_save
        from modelsearch import index as search_index
        from modelsearch.backends import get_search_backends
        from modelsearch.signal_handlers import post_save_signal_handler

        saved: dict[type, set] = {}

        def remember(sender, instance, raw=False, **kwargs):
            if not raw:
                saved.setdefault(sender, set()).add(instance.pk)

        models = [
            model
            for model in search_index.get_indexed_models()
            if getattr(model, "search_auto_update", True)
        ]
        for model in models:
            post_save.disconnect(post_save_signal_handler, sender=model)
            post_save.connect(remember, sender=model, weak=False)
        try:
            yield
        finally:
            for model in models:
                post_save.disconnect(remember, sender=model)
                post_save.connect(post_save_signal_handler, sender=model)

        batches: dict[type, list] = {}
        for sender, pks in saved.items():
            for instance in sender.objects.filter(pk__in=pks):
                indexed = search_index.get_indexed_instance(instance)
                if indexed is not None:
                    batches.setdefault(type(indexed), []).append(indexed)
        for backend in get_search_backends(with_auto_update=True):
            for model, instances in batches.items():
                backend.add_bulk(model, instances)
        if batches:
            self.created["objects indexed for search"] += sum(map(len, batches.values()))

    # Organisations and people ----------------------------------------------------------

    def seed_organisations(self) -> dict[str, Organisation]:
        organisations = {}
        for data in content.ORGANISATIONS:
            fields = {k: v for k, v in data.items() if k not in ("key", "name")}
            organisation, created = Organisation.objects.get_or_create(
                name=data["name"], defaults=fields
            )
            self.created["organisations"] += created
            organisations[data["key"]] = organisation
        return organisations

    def plan_join_dates(self) -> dict[tuple[str, str], object]:
        """When each person joined (or asked to join) each community.

        Facilitators joined when the community started; members at stable pseudo-random
        dates after that, so every run computes the same spread (relative to now).
        """
        dates = {}
        for community in content.COMMUNITIES:
            founded = community["founded_days_ago"]
            for username in community["facilitators"]:
                dates[community["slug"], username] = self.now - timedelta(
                    days=founded, hours=random.Random(username).randint(0, 8)
                )
            for username in community["members"]:
                rng = random.Random(f"{community['slug']}:{username}")
                days_ago = rng.uniform(2, founded - 3)
                dates[community["slug"], username] = self.now - timedelta(days=days_ago)
            for position, (username, _message) in enumerate(community["pending"]):
                dates[community["slug"], username] = self.now - timedelta(
                    days=2 + 3 * position, hours=5
                )
        return dates

    def password_hash(self) -> str:
        # Hashing is deliberately slow; do it once for every demo account.
        if not self._password_hash:
            self._password_hash = make_password(content.DEMO_PASSWORD)
        return self._password_hash

    def seed_people(self, organisations, join_dates) -> dict[str, User]:
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
                joined_site = first_seen.get(username, self.now - timedelta(days=560))
                user = User.objects.create(
                    username=username,
                    email=data.get("email", f"{username}@example.org"),
                    password=self.password_hash(),
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
                    is_staff=superuser,
                    is_superuser=superuser,
                    date_joined=joined_site - timedelta(days=rng.randint(1, 20)),
                )
                self.created["people"] += 1
            if user.email:
                _address, created = EmailAddress.objects.get_or_create(
                    user=user,
                    email=user.email,
                    defaults={"verified": True, "primary": True},
                )
                self.created["verified e-mail addresses"] += created
            people[username] = user
        return people

    # Pages -----------------------------------------------------------------------------

    def publish(self, page: Page, author: User) -> None:
        page.save_revision(user=author).publish(user=author)
        self.created["pages"] += 1

    def seed_page_tree(self, *, author: User) -> CommunityIndexPage:
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
            self.publish(home, author)

        self.point_default_site_at(home)
        for placeholder in placeholders:
            # The default Site now points at the new home page, so nothing cascades.
            Page.objects.get(pk=placeholder.pk).delete()
            self.created["placeholder pages removed"] += 1

        index = CommunityIndexPage.objects.first()
        if index is None:
            data = content.COMMUNITY_INDEX_PAGE
            index = home.add_child(
                instance=CommunityIndexPage(
                    title=data["title"], slug=data["slug"], intro=data["intro"]
                )
            )
            self.publish(index, author)
        return index

    def point_default_site_at(self, home: HomePage) -> None:
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
            self.created["sites"] += 1
            return
        changed = {key: value for key, value in wanted.items() if getattr(site, key) != value}
        if changed:
            for key, value in changed.items():
                setattr(site, key, value)
            site.save()
            self.created["site settings updated"] += 1

    # Communities and memberships -------------------------------------------------------

    def seed_communities(
        self, index: CommunityIndexPage, people, join_dates, *, author: User
    ) -> dict[str, CommunityPage]:
        existing = {page.slug: page for page in CommunityPage.objects.child_of(index)}
        communities = {}
        for data in content.COMMUNITIES:
            slug = data["slug"]
            community = existing.get(slug)
            if community is None:
                community = self.create_community(index, data, author)
            self.seed_memberships(community, data, people, join_dates)
            communities[slug] = community
        return communities

    def create_community(self, index, data, author: User) -> CommunityPage:
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
        self.publish(community, author)
        # Back-date the launch (recent activity lists it) and set the latest activity.
        CommunityPage.objects.filter(pk=community.pk).update(
            first_published_at=self.now - timedelta(days=data["founded_days_ago"]),
            last_activity_at=self.now - timedelta(hours=data["last_activity_hours_ago"]),
        )
        self.created["communities"] += 1
        return community

    def seed_memberships(self, community, data, people, join_dates) -> None:
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
                self.created[f"memberships ({status})"] += 1

    # Discussions -----------------------------------------------------------------------

    def seed_threads(self, communities: dict[str, CommunityPage], people) -> None:
        """Each thread in ``content.THREADS`` that its community does not have yet."""
        self.check_thread_data()
        facilitators = {data["slug"]: data["facilitators"] for data in content.COMMUNITIES}
        touched = set()
        # Nobody is connected to a seeding process, and building the live events would
        # render every post and notification a second time (half the run time).
        with override_settings(PRAXIS_DISCUSSION_LIMITS=SEED_LIMITS), events.muted():
            for data in content.THREADS:
                community = communities.get(data["community"])
                if community is None:
                    continue
                if Thread.objects.filter(community=community, title=data["title"]).exists():
                    continue
                try:
                    # One savepoint per thread: a thread that cannot be written (a demo
                    # user left the community meanwhile, say) is skipped whole.
                    with transaction.atomic():
                        self.create_thread(community, data, people, facilitators[data["community"]])
                except ServiceError as error:
                    self.stderr.write(f"Skipped the thread {data['title']!r}: {error.message}")
                    continue
                touched.add(community.pk)
        for community_id in touched:
            latest = Post.objects.filter(thread__community_id=community_id).aggregate(
                latest=Max("created_at")
            )["latest"]
            CommunityPage.objects.filter(pk=community_id).update(last_activity_at=latest)

    def check_thread_data(self) -> None:
        """Catch editing mistakes in the demo data before anything is written."""
        members = {
            data["slug"]: {*data["facilitators"], *data["members"]} for data in content.COMMUNITIES
        }
        for data in content.THREADS:
            where = f"demo thread {data['title']!r}"
            posts = data["posts"]
            hours = [p["at"] for p in posts]
            if hours != sorted(hours) or hours[0] != 0:
                raise CommandError(f"{where}: posts must start at 0 hours, in time order.")
            if data["days_ago"] * 24 - hours[-1] < 1:
                raise CommandError(f"{where}: its last post would be in the future.")
            people = {p["by"] for p in posts}
            for p in posts:
                people.update(p["helpful"], p["thanks"])
            if data.get("answer_by"):
                people.add(data["answer_by"])
            strangers = people - members[data["community"]]
            if strangers:
                raise CommandError(f"{where}: not members of the community: {strangers}.")
            for index, p in enumerate(posts):
                if p["reply_to"] is not None and not 0 <= p["reply_to"] < index:
                    raise CommandError(f"{where}: post {index} replies to a later post.")
            if data.get("answer") is not None and not 0 < data["answer"] < len(posts):
                raise CommandError(f"{where}: the answer must be one of the replies.")

    def post_times(self, data) -> list:
        """When each post was written: the thread starts on a working morning ``days_ago``
        days back; posts follow ``at`` hours later, give or take a few minutes."""
        rng = random.Random(f"times:{data['title']}")
        day = timezone.localtime(self.now - timedelta(days=data["days_ago"]))
        start = day.replace(
            hour=rng.randint(8, 11), minute=rng.randint(0, 59), second=0, microsecond=0
        )
        times = [
            start + timedelta(hours=item["at"], minutes=rng.randint(0, 40) if item["at"] else 0)
            for item in data["posts"]
        ]
        overshoot = times[-1] - (self.now - timedelta(minutes=30))
        if overshoot > timedelta(0):
            times = [when - overshoot for when in times]
        return times

    def create_thread(self, community, data, people, facilitators) -> Thread:
        first, *replies = data["posts"]
        author = people[first["by"]]
        thread = discussions.thread_create(
            author=author,
            community=community,
            title=data["title"],
            source=first["text"],
            tags=data.get("tags", []),
        )
        posts = [thread.posts.get()]
        for item in replies:
            reply_to = posts[item["reply_to"]].pk if item["reply_to"] is not None else None
            posts.append(
                discussions.post_create(
                    author=people[item["by"]],
                    thread=thread,
                    source=item["text"],
                    reply_to_id=reply_to,
                )
            )
        when = {post.pk: at for post, at in zip(posts, self.post_times(data), strict=True)}
        for post, item in zip(posts, data["posts"], strict=True):
            for kind in ("helpful", "thanks"):
                for username in item[kind]:
                    if username != item["by"]:
                        discussions.reaction_toggle(user=people[username], post=post, kind=kind)
        if data.get("answer") is not None:
            marker = people[data.get("answer_by") or first["by"]]
            discussions.answer_mark(actor=marker, post=posts[data["answer"]])
        if data.get("pinned"):
            discussions.thread_set_flags(actor=people[facilitators[0]], thread=thread, pinned=True)
        self.backdate(thread, posts, when)
        self.created["threads"] += 1
        self.created["posts"] += len(posts)
        return thread

    def backdate(self, thread: Thread, posts: list[Post], when: dict) -> None:
        """Move everything the services stamped with "now" to when it happened."""
        rng = random.Random(f"thread:{thread.title}")
        last = max(when.values())
        for post in posts:
            at = when[post.pk]
            Post.objects.filter(pk=post.pk).update(created_at=at)
            for reaction in Reaction.objects.filter(post=post):
                later = min(at + timedelta(hours=rng.uniform(0.5, 30)), self.now)
                Reaction.objects.filter(pk=reaction.pk).update(created_at=later)
            # Notifications arrive with the post; older ones have been read by now.
            read_at = at + timedelta(hours=rng.uniform(1, 20))
            Notification.objects.filter(post=post).update(
                created_at=at, read_at=read_at if read_at < self.now - timedelta(days=3) else None
            )
            self.ensure_member_before(post.author_id, thread.community_id, at)
        Thread.objects.filter(pk=thread.pk).update(created_at=when[posts[0].pk])
        ThreadFollow.objects.filter(thread=thread).update(created_at=when[posts[0].pk])
        ReadState.objects.filter(thread=thread).update(updated_at=last)
        decided = min(last + timedelta(hours=1), self.now)
        ModerationAction.objects.filter(thread=thread).update(created_at=decided)
        for reactor_id in Reaction.objects.filter(post__thread=thread).values_list(
            "user_id", flat=True
        ):
            self.ensure_member_before(reactor_id, thread.community_id, when[posts[0].pk])
        discussions.refresh_thread_counters(thread)

    def ensure_member_before(self, user_id: int, community_id: int, when) -> None:
        """Nobody takes part in a discussion before joining the community (or the site)."""
        membership = Membership.objects.filter(user_id=user_id, community_id=community_id).first()
        if membership is None or (membership.joined_at and membership.joined_at <= when):
            return
        joined = when - timedelta(days=random.Random(f"{user_id}:{community_id}").uniform(1, 9))
        Membership.objects.filter(pk=membership.pk).update(joined_at=joined, created_at=joined)
        User.objects.filter(pk=user_id, date_joined__gt=joined).update(
            date_joined=joined - timedelta(days=1)
        )

    # Output ----------------------------------------------------------------------------

    def report(self) -> None:
        write = self.stdout.write
        if any(self.created.values()):
            write(self.style.SUCCESS("Demo data created:"))
            for label, count in self.created.items():
                if count:
                    write(f"  {label}: {count}")
        else:
            write(self.style.SUCCESS("Nothing to create: the demo data is already in place."))
        write(
            "In the database: "
            f"{Organisation.objects.count()} organisations, {User.objects.count()} people, "
            f"{CommunityPage.objects.count()} communities, "
            f"{Membership.objects.filter(status=MembershipStatus.ACTIVE).count()} active "
            f"memberships, "
            f"{Membership.objects.filter(status=MembershipStatus.PENDING).count()} join "
            f"requests waiting, {Thread.objects.count()} threads, "
            f"{Post.objects.count()} posts."
        )
        write("")
        write(self.style.MIGRATE_HEADING("Demo logins (sign in at /accounts/login/):"))
        logins = content.DEMO_LOGINS + [
            {**login, "password": content.DEMO_PASSWORD} for login in programme_content.DEMO_LOGINS
        ]
        width = max(len(login["username"]) for login in logins)
        for login in logins:
            write(f"  {login['username']:<{width}}  password: {login['password']}")
            write(f"  {'':<{width}}  {login['role']}")
        write("")
