"""A Polish civil servant signs up, posts and searches entirely in Polish, in a real browser
that asks for Polish (Accept-Language: pl)."""

from __future__ import annotations

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from playwright.sync_api import expect

from communities.models import MembershipRole, User
from discussions import services
from tests.e2e.conftest import sign_in
from tests.e2e.test_live_thread import direct, open_thread
from tests.factories import (
    CommunityPageFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.i18n.test_user_language import said_in

pytestmark = pytest.mark.django_db(transaction=True)

# Strings of Praxis's own that these pages show; none may be left in English.
ENGLISH = [
    "Communities",
    "Search Praxis",
    "Your reply",
    "Post reply",
    "Helpful",
    "Sign out",
    "Join community",
    "Reply",
]


def shows_no_english(page) -> None:
    text = page.locator("body").inner_text()
    left = [s for s in ENGLISH if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)]
    assert left == [], f"English on {page.url}: {left}"


def test_a_polish_civil_servant_signs_up_posts_and_searches_in_polish(new_context):
    kprm = OrganisationFactory(name="Kancelaria Prezesa Rady Ministrów", country="PL")
    community = CommunityPageFactory(
        title="Sprawozdawczość beneficjentów",
        topic="Jak urzędy zmniejszają obciążenia sprawozdawcze beneficjentów programów",
    )
    marta = UserFactory(username="marta", display_name="Marta Kowalska", organisation=kprm)
    MembershipFactory(user=marta, community=community, role=MembershipRole.FACILITATOR)
    thread = direct(
        services.thread_create,
        author=marta,
        community=community,
        title="Z czego zrezygnowaliście w sprawozdaniach?",
        source="Zamiast kwartalnych sprawozdań prosimy o jedno roczne.",
    )

    page = new_context(locale="pl-PL")
    page.goto("/accounts/signup/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_label(said_in("pl", "Display name"))).to_be_visible()
    page.locator("input[name=username]").fill("anna.nowak")
    page.locator("input[name=email]").fill("anna.nowak@example.gov.pl")
    page.locator("input[name=password1]").fill("pw-for-tests-2026")
    page.locator("input[name=password2]").fill("pw-for-tests-2026")
    page.get_by_label(said_in("pl", "Display name")).fill("Anna Nowak")
    page.get_by_role("button", name=said_in("pl", "Sign Up")).click()
    expect(
        page.get_by_role("heading", name=said_in("pl", "Verify Your Email Address"))
    ).to_be_visible()
    anna = User.objects.get(username="anna.nowak")
    assert anna.language == "pl"
    # The link in the (Polish) verification e-mail went to the server's outbox; confirm here.
    EmailAddress.objects.filter(user=anna).update(verified=True)

    page.goto("/accounts/login/")
    page.get_by_label(said_in("pl", "Username or e-mail")).fill("anna.nowak")
    page.locator("input[name=password]").fill("pw-for-tests-2026")
    page.get_by_role("button", name=said_in("pl", "Sign In")).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(community.url)
    page.get_by_role("button", name=said_in("pl", "Join community")).click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    shows_no_english(page)

    open_thread(page, thread)
    page.get_by_label(said_in("pl", "Your reply")).fill(
        "U nas wystarczyło zrezygnować z list obecności: sprawozdawczość skróciła się o połowę."
    )
    page.get_by_role("button", name=said_in("pl", "Post reply")).click()
    reply = page.locator("article.post", has_text="zrezygnować z list obecności")
    expect(reply).to_be_visible()
    # The post arrived over the socket, with its buttons in Polish.
    expect(reply.get_by_role("button", name=said_in("pl", "Helpful"))).to_be_visible()
    shows_no_english(page)

    # Search finds the post, in Polish. The embedded mode (Whoosh) folds accents, so the
    # query goes without the Polish letters; the database backend of the scale-out mode
    # matches words as written.
    query = (
        "sprawozdawczość obecności"
        if settings.SEARCH_BACKEND == "database"
        else "sprawozdawczosc obecnosci"
    )
    deadline = time.monotonic() + 15
    while True:
        page.goto(f"/search/?q={query}")
        found = page.locator("main").get_by_text("zrezygnować z list obecności")
        if found.count() or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    expect(found.first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    shows_no_english(page)


def test_a_signed_in_person_with_polish_chosen_gets_polish_in_an_english_browser(new_context):
    UserFactory(username="pawel", display_name="Paweł Wójcik", language="pl")
    page = new_context(locale="en-GB")
    sign_in(page, "pawel")
    page.goto("/search/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("combobox", name=said_in("pl", "Search Praxis"))).to_be_visible()
    shows_no_english(page)
