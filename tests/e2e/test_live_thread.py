"""Live threads in a real browser: two members from different organisations, one thread.

Posting goes through the page's form (fetch, no reload) to the Daphne server, which
publishes on commit; the other browser must show the post without reloading. Posts made
while a browser is offline must arrive once each, in order, when it comes back (the
socket's catch-up from the database).
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone
from playwright.sync_api import expect

from communities.models import MembershipRole, Visibility
from discussions import services
from discussions.models import Post
from tests.e2e.conftest import sign_in
from tests.factories import (
    CommunityPageFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Only for writes made by the test process itself (the server keeps its own limits).
NO_LIMITS = {
    "POST_INTERVAL_SECONDS": 0,
    "NEW_ACCOUNT_MAX_POSTS": 10**6,
    "DUPLICATE_WINDOW_SECONDS": 0,
}
LIVE = 2_000  # ms: how fast a post must reach the other browser


def direct(service, **kwargs):
    """Call a service from a worker thread, without the server's rate limits.

    Playwright's sync API runs an event loop in the test's thread, and the services'
    on-commit publishing (async_to_sync) cannot run there. In the embedded mode what this
    process publishes stays in its own in-memory channel layer, so browsers learn about
    these writes only from the database, through the socket's catch-up; with Redis they
    may also arrive live. Either way each post must show up once.
    """

    def call():
        try:
            with override_settings(PRAXIS_DISCUSSION_LIMITS=NO_LIMITS):
                return service(**kwargs)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


@pytest.fixture
def people(transactional_db):
    birzai = OrganisationFactory(
        name="Biržai District Municipality", short_name="Biržai", country="LT"
    )
    digdir = OrganisationFactory(
        name="Norwegian Digitalisation Agency", short_name="Digdir", country="NO"
    )
    kprm = OrganisationFactory(name="Chancellery of the Prime Minister", short_name="KPRM")
    ajpes = OrganisationFactory(name="AJPES", short_name="AJPES", country="SI")
    return {
        "jonas": UserFactory(
            username="jonas",
            display_name="Jonas Petrauskas",
            organisation=birzai,
            department="Social Support Division",
        ),
        "ingrid": UserFactory(
            username="ingrid",
            display_name="Ingrid Haugland",
            organisation=digdir,
            department="Division for Public Services",
        ),
        "marta": UserFactory(
            username="marta",
            display_name="Marta Kowalska",
            organisation=kprm,
            department="Government Work Programming Department",
        ),
        "petra": UserFactory(
            username="petra",
            display_name="Petra Horvat",
            organisation=ajpes,
            department="Communication and Customer Relations",
        ),
    }


@pytest.fixture
def thread(people):
    community = CommunityPageFactory(
        title="E-services uptake",
        topic="What actually raises the use of public e-services",
    )
    MembershipFactory(user=people["marta"], community=community, role=MembershipRole.FACILITATOR)
    for name in ("jonas", "ingrid", "petra"):
        MembershipFactory(user=people[name], community=community)
    thread = direct(
        services.thread_create,
        author=people["marta"],
        community=community,
        title="Which reminders actually brought people to the e-service?",
        source="We sent letters, SMS and e-mails. Which of them moved the numbers for you?",
    )
    direct(
        services.post_create,
        author=people["petra"],
        thread=thread,
        source="At AJPES the e-mail to accountants worked best: they file for many firms.",
    )
    # Written a while ago, so the server's rate limits do not see a burst.
    Post.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(hours=1))
    return thread


def open_thread(page, thread) -> None:
    page.goto(thread.get_absolute_url())
    page.wait_for_function("() => window.praxisThreadSocket && window.praxisThreadSocket.isOpen()")
    # Anything that reloads the page would wipe this marker.
    page.evaluate("() => { window.sameDocument = true; }")


def still_same_document(page) -> bool:
    return page.evaluate("() => window.sameDocument === true")


def post_ids_in_page(page) -> list[int]:
    return [
        int(i)
        for i in page.locator("#posts article[data-post-id]").evaluate_all(
            "nodes => nodes.map(n => n.dataset.postId)"
        )
    ]


def test_a_reply_appears_live_in_the_other_browser_with_the_authors_organisation(
    new_context, people, thread
):
    jonas, ingrid = new_context(), new_context()
    sign_in(jonas, "jonas")
    sign_in(ingrid, "ingrid")
    open_thread(jonas, thread)
    open_thread(ingrid, thread)
    # Presence: each sees who else has the thread open, with their organisation.
    expect(ingrid.locator(".presence")).to_contain_text("Jonas Petrauskas (Biržai)")
    expect(jonas.locator(".presence")).to_contain_text("Ingrid Haugland (Digdir)")

    box = jonas.get_by_label("Your reply")
    box.press_sequentially("In Biržai the SMS ", delay=20)
    typing = ingrid.locator(".typing")
    expect(typing).to_be_visible()
    expect(typing).to_have_text("Jonas Petrauskas (Biržai) is typing…")
    box.press_sequentially("reminder doubled online applications for social support.")

    started = time.monotonic()
    jonas.get_by_role("button", name="Post reply").click()
    reply = ingrid.locator("article.post", has_text="SMS reminder doubled online applications")
    expect(reply).to_be_visible(timeout=LIVE)
    assert time.monotonic() - started < LIVE / 1000
    expect(reply.locator(".post-meta")).to_contain_text("Jonas Petrauskas")
    expect(reply.locator(".post-meta")).to_contain_text(
        "Biržai District Municipality · Social Support Division"
    )
    # The author's post also came back over the socket, and the form is ready again.
    expect(jonas.locator("article.post", has_text="SMS reminder doubled")).to_have_count(1)
    expect(box).to_have_value("")
    # The typing indicator stops once the post has arrived.
    expect(typing).to_be_hidden()
    assert still_same_document(ingrid)
    assert still_same_document(jonas)

    post = Post.objects.get(source__contains="SMS reminder doubled")
    assert post.author == people["jonas"]
    expect(ingrid.locator(f'[data-post-id="{post.pk}"]')).to_have_count(1)

    # A reaction, without a reload either: pressed for Ingrid, counted live for Jonas.
    helpful = reply.get_by_role("button", name="Helpful")
    helpful.click()
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(helpful.locator(".count")).to_have_text("1")
    expect(
        jonas.locator(f'#post-{post.pk} form.reaction[data-kind="helpful"] .count')
    ).to_have_text("1", timeout=LIVE)
    assert still_same_document(ingrid)


def test_posts_made_while_offline_arrive_once_each_and_in_order(new_context, people, thread):
    jonas, ingrid = new_context(), new_context()
    sign_in(jonas, "jonas")
    sign_in(ingrid, "ingrid")
    open_thread(jonas, thread)
    open_thread(ingrid, thread)
    before = post_ids_in_page(ingrid)
    assert len(before) == 2

    # Chromium's offline emulation leaves open WebSockets open; the page notices that
    # the browser went offline and gives the socket up.
    ingrid.context.set_offline(True)
    expect(ingrid.locator(".connection")).to_have_text("Connection lost. Reconnecting…")
    assert ingrid.evaluate("() => window.praxisThreadSocket.isOpen()") is False

    # Meanwhile: one reply through the page (published live by the server) and two
    # written straight to the database by other people (only catch-up can deliver them).
    jonas.get_by_label("Your reply").fill("Our e-service form now fits on one screen.")
    jonas.get_by_role("button", name="Post reply").click()
    expect(jonas.locator("article.post", has_text="fits on one screen")).to_be_visible()
    first = Post.objects.get(source__contains="fits on one screen")
    second = direct(
        services.post_create,
        author=people["petra"],
        thread=thread,
        source="We shortened ours too; uptake rose within a month.",
        reply_to_id=first.pk,
    )
    third = direct(
        services.post_create,
        author=people["marta"],
        thread=thread,
        source="Could you both share the before and after figures at the next meeting?",
    )
    expect(ingrid.locator(f'[data-post-id="{first.pk}"]')).to_have_count(0)

    ingrid.context.set_offline(False)
    for post in (first, second, third):
        expect(ingrid.locator(f'[data-post-id="{post.pk}"]')).to_have_count(1)
    expect(ingrid.locator(".connection")).to_be_hidden()
    assert post_ids_in_page(ingrid) == [*before, first.pk, second.pk, third.pk]
    expect(ingrid.locator(f'[data-post-id="{second.pk}"] .post-meta')).to_contain_text("AJPES")
    expect(ingrid.locator(f'[data-post-id="{second.pk}"] .reply-to')).to_contain_text(
        "in reply to Jonas Petrauskas"
    )

    # Live again: a new post arrives once, after the caught-up ones.
    ingrid.get_by_label("Your reply").fill("Thank you, I will bring ours from Oslo.")
    ingrid.get_by_role("button", name="Post reply").click()
    fourth = ingrid.locator("article.post", has_text="bring ours from Oslo")
    expect(fourth).to_have_count(1)
    expect(jonas.locator("article.post", has_text="bring ours from Oslo")).to_be_visible(
        timeout=LIVE
    )
    ids = post_ids_in_page(ingrid)
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == 6
    assert still_same_document(ingrid)


def test_a_silently_dead_socket_reconnects_and_catches_up(new_context, people, thread):
    ingrid = new_context()
    sign_in(ingrid, "ingrid")
    open_thread(ingrid, thread)
    # The connection dies without the browser noticing (a proxy forgets it, say): the
    # page gives it up (the heartbeat would do that after a minute) and reconnects.
    ingrid.evaluate("() => window.praxisThreadSocket.drop()")
    missed = direct(
        services.post_create,
        author=people["jonas"],
        thread=thread,
        source="Posted while Ingrid's connection was down.",
    )
    expect(ingrid.locator(f'[data-post-id="{missed.pk}"]')).to_have_count(1, timeout=5_000)
    expect(ingrid.locator(".connection")).to_be_hidden()
    assert ingrid.evaluate("() => window.praxisThreadSocket.isOpen()") is True
    assert still_same_document(ingrid)


def test_an_edit_and_a_reaction_made_while_away_show_on_return_and_a_gap_heals_at_once(
    new_context, people, thread
):
    """Issue 20: the page remembers the thread's last event number it applied. Changes it
    missed (an edit, a reaction) arrive on reconnect; a live frame whose number is not the
    next one makes it ask for what it lacks at once, not at the next minute's check."""
    # (Read in a worker thread, as the writes: this thread's connection is left alone.)
    petra_post = direct(lambda: Post.objects.get(thread=thread, author=people["petra"]))
    jonas, ingrid = new_context(), new_context()
    sign_in(jonas, "jonas")
    sign_in(ingrid, "ingrid")
    open_thread(jonas, thread)
    open_thread(ingrid, thread)
    body = ingrid.locator(f"#post-{petra_post.pk} .post-body")
    helpful = ingrid.locator(f'#post-{petra_post.pk} form.reaction[data-kind="helpful"] .count')
    expect(helpful).to_have_text("0")

    ingrid.context.set_offline(True)
    expect(ingrid.locator(".connection")).to_have_text("Connection lost. Reconnecting…")
    direct(
        services.post_edit,
        editor=people["petra"],
        post=petra_post,
        source="At AJPES the e-mail to accountants worked best (edited: figures added).",
    )
    direct(services.reaction_toggle, user=people["jonas"], post=petra_post, kind="helpful")
    ingrid.context.set_offline(False)
    expect(body).to_contain_text("figures added")
    expect(helpful).to_have_text("1")
    expect(ingrid.locator(".connection")).to_be_hidden()

    # Written outside the server (its event never reaches the page), then a reply through
    # Jonas's page, published live: its number skips one, so Ingrid's page heals now.
    direct(
        services.post_edit,
        editor=people["petra"],
        post=petra_post,
        source="At AJPES the e-mail to accountants worked best (second edit).",
    )
    jonas.get_by_label("Your reply").fill("We saw the same with tax advisers.")
    jonas.get_by_role("button", name="Post reply").click()
    # Jonas's page missed the edit's number too: his own reply reaches it by the heal (the
    # page is not reloaded by the fallback), and Ingrid's page at the same moment.
    expect(jonas.locator("article.post", has_text="same with tax advisers")).to_be_visible(
        timeout=10_000
    )
    assert still_same_document(jonas)
    expect(ingrid.locator("article.post", has_text="same with tax advisers")).to_have_count(
        1, timeout=LIVE
    )
    expect(body).to_contain_text("second edit", timeout=LIVE)
    assert len(post_ids_in_page(ingrid)) == len(set(post_ids_in_page(ingrid))) == 3
    assert still_same_document(ingrid)


def test_a_post_hidden_by_a_facilitator_disappears_live_for_members(new_context, people, thread):
    offending = direct(
        services.post_create,
        author=people["jonas"],
        thread=thread,
        source="Off topic: does anyone want to buy a used projector?",
    )
    Post.objects.filter(pk=offending.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    marta, ingrid = new_context(), new_context()
    sign_in(marta, "marta")
    sign_in(ingrid, "ingrid")
    open_thread(ingrid, thread)
    marta.goto(thread.get_absolute_url())
    member_view = ingrid.locator(f'[data-post-id="{offending.pk}"]')
    expect(member_view).to_have_count(1)

    post = marta.locator(f"#post-{offending.pk}")
    post.locator("summary", has_text="Hide").click()
    post.get_by_label("Reason (shown to the author)").fill(
        "Not about e-services; please use the noticeboard."
    )
    started = time.monotonic()
    post.get_by_role("button", name="Hide post").click()

    expect(member_view).to_have_count(0, timeout=LIVE)
    assert time.monotonic() - started < LIVE / 1000
    assert still_same_document(ingrid)
    # The facilitator still sees it, marked hidden with the reason.
    expect(marta.locator(f"#post-{offending.pk}")).to_contain_text(
        "Hidden by a facilitator: Not about e-services"
    )
    offending.refresh_from_db()
    assert offending.hidden_by == people["marta"]


def test_a_non_member_cannot_open_a_members_only_thread_or_its_socket(new_context, people, thread):
    community = CommunityPageFactory(
        title="Peer learning for managers", visibility=Visibility.MEMBERS
    )
    MembershipFactory(user=people["marta"], community=community, role=MembershipRole.FACILITATOR)
    closed = direct(
        services.thread_create,
        author=people["marta"],
        community=community,
        title="Open Space topics for the next session",
        source="Which management challenges should we take to the Open Space day?",
    )
    ingrid = new_context()
    sign_in(ingrid, "ingrid")
    response = ingrid.goto(closed.get_absolute_url())
    assert response.status == 404
    expect(ingrid.get_by_text("Open Space topics")).to_have_count(0)

    def socket_outcome(thread_id):
        return ingrid.evaluate(
            """(path) => new Promise((resolve) => {
                const ws = new WebSocket("ws://" + location.host + path);
                ws.onopen = () => { resolve("open"); ws.close(); };
                ws.onclose = (event) => resolve(event.code);
            })""",
            f"/ws/threads/{thread_id}/",
        )

    assert socket_outcome(thread.pk) == "open"  # a public thread: anyone may read
    # Refused during the handshake: the browser only reports an abnormal closure.
    assert socket_outcome(closed.pk) == 1006


def test_posts_carry_the_language_chosen_and_a_filtered_thread_stays_filtered_live(
    new_context, people, thread
):
    jonas, ingrid = new_context(), new_context()
    sign_in(jonas, "jonas")
    sign_in(ingrid, "ingrid")
    # Jonas reads the Lithuanian posts only; Ingrid the whole thread (an English page).
    jonas.goto(f"{thread.get_absolute_url()}?language=lt")
    jonas.wait_for_function("() => window.praxisThreadSocket && window.praxisThreadSocket.isOpen()")
    jonas.evaluate("() => { window.sameDocument = true; }")
    open_thread(ingrid, thread)

    ingrid.get_by_label("Your reply").fill("Hos oss virket SMS-påminnelsen best.")
    ingrid.get_by_label("Language of the post").select_option("nb")
    ingrid.get_by_role("button", name="Post reply").click()
    norwegian = ingrid.locator("article.post", has_text="SMS-påminnelsen")
    expect(norwegian).to_be_visible(timeout=LIVE)
    expect(norwegian.locator(".post-language")).to_have_text("Norwegian Bokmål")
    expect(norwegian.locator(".post-body")).to_have_attribute("lang", "nb")
    # The composer keeps the language for the next post.
    expect(ingrid.get_by_label("Language of the post")).to_have_value("nb")
    # English posts on an English page are not labelled.
    expect(
        ingrid.locator("article.post", has_text="AJPES").locator(".post-language")
    ).to_have_count(0)

    jonas.get_by_label("Your reply").fill("Biržuose SMS priminimas padvigubino prašymus.")
    jonas.get_by_label("Language of the post").select_option("lt")
    jonas.get_by_role("button", name="Post reply").click()
    expect(jonas.locator("article.post", has_text="SMS priminimas")).to_be_visible(timeout=LIVE)
    lithuanian = ingrid.locator("article.post", has_text="SMS priminimas")
    expect(lithuanian).to_be_visible(timeout=LIVE)
    expect(lithuanian.locator(".post-language")).to_have_text("Lithuanian")
    # The Norwegian post never entered Jonas's Lithuanian-only page.
    expect(jonas.locator("article.post", has_text="SMS-påminnelsen")).to_have_count(0)
    assert still_same_document(jonas) and still_same_document(ingrid)
    assert list(Post.objects.filter(thread=thread).values_list("language", flat=True)) == [
        "en",
        "en",
        "nb",
        "lt",
    ]


def test_a_signed_out_reader_sees_live_posts_without_controls(new_context, people, thread):
    """Issue 22: a signed-out reader's page has no per-post forms; a post arriving live
    is shown the same way (its reactions counted, no form, no moderator controls)."""
    reader = new_context()
    open_thread(reader, thread)
    assert reader.locator("#posts form").count() == 0
    live = direct(
        services.post_create,
        author=people["jonas"],
        thread=thread,
        source="Arrived while a signed-out reader was reading.",
    )
    # In the embedded mode this process's writes reach the page through the catch-up
    # (see ``direct``); a reconnect asks for it now. Either way the fragment is the same.
    reader.evaluate("() => window.praxisThreadSocket.drop()")
    post = reader.locator(f'[data-post-id="{live.pk}"]')
    expect(post).to_have_count(1, timeout=5_000)
    expect(post.locator('.reaction[data-kind="helpful"]')).to_contain_text("Helpful 0")
    assert reader.locator("#posts form").count() == 0
    assert post.locator(".moderator-controls, .author-controls").count() == 0
