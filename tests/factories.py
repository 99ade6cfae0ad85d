"""factory_boy factories: each test builds just the data it needs."""

from __future__ import annotations

import factory
from django.utils import timezone
from wagtail.models import Page, Site

from communities.models import (
    CommunityIndexPage,
    CommunityPage,
    GovernmentLevel,
    HomePage,
    JoinPolicy,
    Membership,
    MembershipRole,
    MembershipStatus,
    Organisation,
    OrganisationType,
    StaffLevel,
    User,
    Visibility,
)
from tests.db_state import ensure_wagtail_root


def site_tree() -> CommunityIndexPage:
    """Home page and /communities/ index, created once per test database."""
    index = CommunityIndexPage.objects.first()
    if index:
        return index
    # A transactional test's flush may have removed Wagtail's root objects: put them back.
    ensure_wagtail_root()
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Praxis", slug="praxis-home"))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Praxis"},
    )
    return home.add_child(instance=CommunityIndexPage(title="Communities", slug="communities"))


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ministry of Example Affairs {n}")
    short_name = factory.Sequence(lambda n: f"MEA{n}")
    country = "PL"
    type = OrganisationType.MINISTRY
    level_of_government = GovernmentLevel.CENTRAL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)
    department = "Department of Strategy"
    job_title = "Specialist"
    staff_level = StaffLevel.SPECIALIST
    country = "PL"
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class CommunityPageFactory(factory.Factory):
    """Builds a published community under /communities/ (Wagtail pages need add_child)."""

    class Meta:
        model = CommunityPage

    title = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")
    topic = "How public bodies brief, contract and learn from external experts"
    visibility = Visibility.PUBLIC
    join_policy = JoinPolicy.OPEN
    listed_in_index = True
    last_activity_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, themes=(), live=True, **kwargs):
        page = model_class(*args, **kwargs)
        page.live = live
        site_tree().add_child(instance=page)
        if themes:
            page.themes.add(*themes)
            page.save()
        return page


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    community = factory.SubFactory(CommunityPageFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE
    joined_at = factory.LazyFunction(timezone.now)
