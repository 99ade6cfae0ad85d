"""The live thread around its mechanics, in a real browser: the notification badge, read
state that follows what the reader saw, answers marked live, deleting with a confirmation,
drafts kept over a reload, mentions and the keyboard focus.

The same people and thread as ``test_live_thread``; posts that must reach other browsers
live go through a browser (the server publishes them), not through ``direct``.
"""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from discussions import services
from discussions.models import Notification, Post, ReadState
from tests.e2e import test_live_thread as live
from tests.e2e.conftest import sign_in
from tests.e2e.test_live_thread import LIVE, direct, open_thread, still_same_document

# The same people and thread as the live-thread tests.
people = live.people
thread = live.thread

pytestmark = pytest.mark.django_db(transaction=True)


def eventually(check, *, timeout: float = 10.0):
    """Wait for a write the browser causes (a frame, a form) to be in the database."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.05)


def reply(page, text: str) -> None:
    page.get_by_label("Your reply").fill(text)
    page.get_by_role("button", name="Post reply").click()
    expect(page.locator("article.post", has_text=text)).to_be_visible(timeout=LIVE)


def read_to(user, in_thread) -> int:
    state = ReadState.objects.filter(user=user, thread=in_thread).first()
    return state.last_read_post_id if state else 0


def test_the_notification_badge_is_hidden_at_zero_and_follows_live(new_context, people, thread):
    direct(services.follow_set, user=people["ingrid"], thread=thread, follow=True)
    ingrid, jonas = new_context(), new_context()
    sign_in(ingrid, "ingrid")
    sign_in(jonas, "jonas")
    badge = ingrid.locator("#notification-count")
    ingrid.goto("/")
    ingrid.wait_for_function("() => window.Praxis.me.socket && window.Praxis.me.socket.isOpen()")
    expect(badge).to_be_hidden()  # nothing unread: no "0"

    open_thread(jonas, thread)
    reply(jonas, "Our SMS went out on the day the benefit was paid.")
    expect(badge).to_be_visible(timeout=LIVE)
    expect(badge).to_have_text("1")

    # Reading the thread in another tab takes the count back to 0 here too: hidden again.
    other = ingrid.context.new_page()
    open_thread(other, thread)
    expect(badge).to_be_hidden(timeout=LIVE)
    expect(other.locator("#notification-count")).to_be_hidden()


def test_posts_seen_live_are_read_when_the_thread_is_opened_again(new_context, people, thread):
    direct(services.follow_set, user=people["ingrid"], thread=thread, follow=True)
    ingrid, jonas = new_context(), new_context()
    sign_in(ingrid, "ingrid")
    sign_in(jonas, "jonas")
    open_thread(ingrid, thread)
    open_thread(jonas, thread)

    reply(jonas, "In Biržai the SMS reminder doubled online applications.")
    seen = Post.objects.get(source__contains="SMS reminder doubled")
    expect(ingrid.locator(f"#post-{seen.pk}")).to_be_visible(timeout=LIVE)
    assert eventually(lambda: read_to(people["ingrid"], thread) == seen.pk)
    # The notification of a post she watched arrive is read too; the badge stays down.
    assert eventually(
        lambda: (
            not Notification.objects.filter(
                recipient=people["ingrid"], read_at__isnull=True
            ).exists()
        )
    )
    expect(ingrid.locator("#notification-count")).to_be_hidden()
    assert still_same_document(ingrid)

    ingrid.reload()
    expect(ingrid.locator(f"#post-{seen.pk}")).to_be_visible()
    expect(ingrid.locator(".unread-marker")).to_have_count(0)
    expect(ingrid.get_by_text("Jump to the first unread post")).to_have_count(0)
    expect(ingrid.locator("#notification-count")).to_be_hidden()
    ingrid.goto(thread.community.url)
    listed = ingrid.locator("li", has_text=thread.title)
    expect(listed).to_be_visible()
    expect(listed.locator(".unread-badge")).to_have_count(0)


def test_posts_that_arrive_while_the_tab_is_hidden_stay_unread(new_context, people, thread):
    ingrid, jonas = new_context(), new_context()
    sign_in(ingrid, "ingrid")
    sign_in(jonas, "jonas")
    open_thread(ingrid, thread)
    open_thread(jonas, thread)
    before = read_to(people["ingrid"], thread)
    ingrid.evaluate(
        """() => {
            Object.defineProperty(
                document, "visibilityState", {value: "hidden", configurable: true});
            document.dispatchEvent(new Event("visibilitychange"));
        }"""
    )
    reply(jonas, "Posted while Ingrid was in another tab.")
    unseen = Post.objects.get(source__contains="while Ingrid was in another tab")
    expect(ingrid.locator(f"#post-{unseen.pk}")).to_be_attached(timeout=LIVE)
    # Longer than the page waits before it reports what was read, then a round trip.
    ingrid.evaluate("() => new Promise((resolve) => setTimeout(resolve, 600))")
    assert read_to(people["ingrid"], thread) == before

    ingrid.reload()
    marker = ingrid.locator(".unread-marker")
    expect(marker).to_have_text("New since your last visit")
    expect(ingrid.locator(f"#post-{unseen.pk}")).to_be_visible()


def test_marking_the_answer_shows_on_the_other_open_pages(new_context, people, thread):
    marta, ingrid = new_context(), new_context()
    sign_in(marta, "marta")
    sign_in(ingrid, "ingrid")
    open_thread(ingrid, thread)
    marta.goto(thread.get_absolute_url())
    answer = Post.objects.get(source__contains="e-mail to accountants")
    panel = ingrid.locator("#answer-panel")
    expect(panel.locator(".answer-panel")).to_have_count(0)

    marta.locator(f"#post-{answer.pk}").get_by_role(
        "button", name="Mark as answer / good practice"
    ).click()
    expect(panel.get_by_role("heading", name="Answer / good practice")).to_be_visible(timeout=LIVE)
    expect(panel).to_contain_text("From Petra Horvat, AJPES")
    expect(panel).to_contain_text("the e-mail to accountants worked best")
    expect(ingrid.locator(f"#post-{answer.pk} .answer-pill")).to_be_visible()
    assert still_same_document(ingrid)

    marta.locator(f"#post-{answer.pk}").get_by_role("button", name="Unmark answer").click()
    expect(panel.locator(".answer-panel")).to_have_count(0, timeout=LIVE)
    expect(ingrid.locator(f"#post-{answer.pk} .answer-pill")).to_have_count(0)
    assert still_same_document(ingrid)


def test_deleting_a_post_asks_first_and_can_be_cancelled_from_the_keyboard(
    new_context, people, thread
):
    mine = direct(
        services.post_create,
        author=people["jonas"],
        thread=thread,
        source="A half-finished thought I will take back.",
    )
    jonas = new_context()
    sign_in(jonas, "jonas")
    open_thread(jonas, thread)
    post = jonas.locator(f"#post-{mine.pk}")
    delete = post.get_by_role("button", name="Delete")
    dialog = jonas.get_by_role("dialog", name="Delete this post?")

    delete.click()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("button", name="Keep the post")).to_be_focused()
    jonas.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(post).to_be_visible()
    expect(delete).to_be_focused()
    assert still_same_document(jonas)
    mine.refresh_from_db()
    assert mine.deleted_at is None

    delete.press("Enter")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Delete the post").click()
    expect(jonas.locator(f"#post-{mine.pk}")).to_have_count(0)
    expect(jonas.get_by_text("Your post was deleted.")).to_be_visible()
    mine.refresh_from_db()
    assert mine.deleted_at is not None


def test_a_reply_draft_survives_a_reload_and_goes_once_it_is_posted(new_context, people, thread):
    ingrid = new_context()
    sign_in(ingrid, "ingrid")
    open_thread(ingrid, thread)
    box = ingrid.get_by_label("Your reply")
    box.press_sequentially("Digdir tried letters first; ", delay=5)
    box.press_sequentially("the SMS came later.", delay=5)

    ingrid.reload()
    expect(box).to_have_value("Digdir tried letters first; the SMS came later.")
    # The draft is this thread's only: another thread starts empty.
    other = direct(
        services.thread_create,
        author=people["marta"],
        community=thread.community,
        title="Which channels do older residents trust?",
        source="Letters still matter for some of them.",
    )
    open_thread(ingrid, other)
    expect(box).to_have_value("")

    open_thread(ingrid, thread)
    expect(box).to_have_value("Digdir tried letters first; the SMS came later.")
    ingrid.get_by_role("button", name="Post reply").click()
    expect(ingrid.locator("article.post", has_text="the SMS came later")).to_be_visible(
        timeout=LIVE
    )
    expect(box).to_have_value("")
    expect(box).to_be_focused()  # ready for the next reply
    ingrid.reload()
    expect(ingrid.locator("article.post", has_text="the SMS came later")).to_be_visible()
    expect(box).to_have_value("")


def test_mentions_link_to_profiles_and_the_autocomplete_is_announced(new_context, people, thread):
    direct(
        services.post_create,
        author=people["marta"],
        thread=thread,
        source="@jonas and @nobody-here: could you share the figures?",
    )
    ingrid = new_context()
    sign_in(ingrid, "ingrid")
    open_thread(ingrid, thread)
    mention = ingrid.locator("article.post a.mention")
    expect(mention).to_have_count(1)
    expect(mention).to_have_text("@jonas")
    expect(mention).to_have_attribute("href", "/people/jonas/")
    expect(ingrid.locator("a.mention", has_text="nobody")).to_have_count(0)  # no such person

    box = ingrid.get_by_role("textbox", name="Your reply")
    expect(box).to_have_attribute("aria-autocomplete", "list")
    status = ingrid.locator(".mention-status")
    expect(status).to_have_text("")
    box.press_sequentially("Thanks @jon", delay=20)
    listbox = ingrid.get_by_role("listbox")
    expect(listbox).to_be_visible()
    expect(status).to_contain_text("1 person suggested")
    assert box.get_attribute("aria-controls") == listbox.get_attribute("id")
    option = listbox.get_by_role("option", name="Jonas Petrauskas (@jonas, Biržai")
    expect(option).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", option.get_attribute("id"))
    box.press("Enter")
    expect(box).to_have_value("Thanks @jonas ")
    expect(listbox).to_be_hidden()
    expect(status).to_have_text("")
    expect(box).to_be_focused()

    # A reaction leaves the keyboard where it was.
    helpful = ingrid.locator("article.post", has_text="accountants").get_by_role(
        "button", name="Helpful"
    )
    helpful.focus()
    helpful.press("Enter")
    expect(helpful).to_have_attribute("aria-pressed", "true")
    expect(helpful.locator(".count")).to_have_text("1", timeout=LIVE)
    expect(helpful).to_be_focused()


def test_open_space_sign_ups_show_the_names_live_on_the_other_boards(new_context):
    from tests.peer_learning.test_peer_learning import Session

    world = direct(Session)
    host, watcher, joiner = world.participants[0], world.participants[5], world.participants[6]
    item = direct(world.propose, user=host, title="Implementing a good practice: first steps")
    board = world.open_space.get_absolute_url()
    watching, joining = new_context(), new_context()
    sign_in(watching, watcher.username)
    sign_in(joining, joiner.username)
    watching.goto(board)
    watching.wait_for_function("() => window.Praxis.me.socket && window.Praxis.me.socket.isOpen()")
    watching.evaluate("() => { window.sameDocument = true; }")
    entry = watching.locator(f"#open-space-{item.pk}")
    expect(entry).to_contain_text("0 signed up")

    joining.goto(board)
    joining.get_by_role("button", name="Sign up for “Implementing a good practice").click()
    expect(joining.get_by_role("button", name="Withdraw from “Implementing")).to_be_visible()

    expect(entry).to_contain_text("1 signed up", timeout=LIVE)
    expect(entry).to_contain_text(joiner.name, timeout=LIVE)
    assert still_same_document(watching)


def test_the_new_thread_form_has_the_composer_and_keeps_its_draft(new_context, people, thread):
    from discussions.models import Thread

    community = thread.community
    ingrid = new_context()
    sign_in(ingrid, "ingrid")
    ingrid.goto(f"/communities/{community.pk}/threads/new/")
    toolbar = ingrid.get_by_role("toolbar", name="Formatting")
    expect(toolbar).to_be_visible()
    ingrid.get_by_label("Title").fill("Reminders before the deadline")
    box = ingrid.get_by_label("What would you like to discuss?")
    box.press_sequentially("Which channel works ", delay=5)
    toolbar.get_by_role("button", name="Bold").click()
    expect(box).to_have_value("Which channel works ****")
    box.fill("")
    box.press_sequentially("Asking @jon", delay=20)
    option = ingrid.get_by_role("listbox").get_by_role("option", name="Jonas Petrauskas (@jonas")
    expect(option).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(box).to_have_value("Asking @jonas ")
    box.fill("Which channel works **best** for residents?")
    toolbar.get_by_role("button", name="Preview").click()
    preview = ingrid.locator(".thread-form .preview")
    expect(preview.locator("strong")).to_have_text("best")

    ingrid.reload()
    expect(ingrid.get_by_label("Title")).to_have_value("Reminders before the deadline")
    expect(box).to_have_value("Which channel works **best** for residents?")

    ingrid.get_by_role("button", name="Start thread").click()
    expect(ingrid.locator("h1")).to_have_text("Reminders before the deadline")
    assert Thread.objects.filter(title="Reminders before the deadline").count() == 1
    ingrid.goto(f"/communities/{community.pk}/threads/new/")
    expect(ingrid.get_by_label("Title")).to_have_value("")
    expect(box).to_have_value("")
