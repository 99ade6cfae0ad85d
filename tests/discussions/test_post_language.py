"""Posts carry their language: chosen when writing, shown where it is not the page's,
and a thread can be read in one language."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.utils import translation

from core.errors import ServiceError
from discussions import events, services
from discussions.models import Post, Thread
from tests.discussions.factories import PostFactory, ThreadFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Start in English whatever an earlier request in this process left active."""
    with translation.override("en"):
        yield


def article(html: str, post: Post) -> str:
    match = re.search(rf'<article[^>]*id="post-{post.pk}".*?</article>', html, re.S)
    assert match, f"post {post.pk} is not on the page"
    return match.group(0)


# Writing --------------------------------------------------------------------------------


def test_a_reply_over_http_is_stored_in_the_chosen_language(thread, other_member, login):
    client = login(other_member)
    response = client.post(
        f"/threads/{thread.pk}/reply/",
        {"source": "Mes ekspertams mokame už etapus.", "language": "lt", "client_token": "t1"},
    )
    assert response.status_code == 302
    assert Post.objects.get(client_token="t1").language == "lt"


def test_the_composer_offers_the_languages_with_the_interface_language_chosen(
    thread, other_member, login
):
    client = login(other_member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    html = client.get(thread.get_absolute_url()).content.decode()
    select = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="pl" selected>', select)
    assert {"en", "pl", "sl", "lt", "nb", "bg", "lv", "hu"} == set(
        re.findall(r'value="(\w+)"', select)
    )
    # A reply without a language is in the interface language.
    client.post(
        f"/threads/{thread.pk}/reply/", {"source": "Płacimy za etapy.", "client_token": "t"}
    )
    assert Post.objects.get(client_token="t").language == "pl"


def test_a_new_thread_is_in_its_opening_posts_language(community, member, login):
    client = login(member)
    response = client.post(
        f"/communities/{community.pk}/threads/new/",
        {
            "title": "Hvordan orienterer dere eksterne eksperter?",
            "source": "Vi starter hver kontrakt med et verksted.",
            "language": "nb",
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content
    thread = Thread.objects.get(title__startswith="Hvordan")
    assert thread.language == "nb" and thread.posts.get().language == "nb"


def test_a_bad_language_is_refused_and_nothing_is_written(thread, other_member, login):
    with pytest.raises(ServiceError) as refused:
        services.post_create(author=other_member, thread=thread, source="Hi all", language="xx")
    assert refused.value.code == "language" and refused.value.message
    with pytest.raises(ServiceError):
        services.thread_create(
            author=other_member,
            community=thread.community,
            title="A thread in no language",
            source="Text",
            language="klingon",
        )
    response = login(other_member).post(
        f"/threads/{thread.pk}/reply/",
        {"source": "Hello", "language": "xx"},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and response.json()["message"]
    assert Post.objects.count() == 1 and Thread.objects.count() == 1


def test_without_a_language_the_service_takes_the_interface_language(thread, other_member):
    with translation.override("nb"):
        assert PostFactory.create(thread=thread, author=other_member).language == "nb"
    with translation.override("de"):  # not a post language: English
        assert PostFactory.create(thread=thread, author=other_member).language == "en"


def test_editing_keeps_or_changes_the_language(thread, member, other_member, login):
    opening = thread.posts.get()
    reply = PostFactory.create(thread=thread, author=other_member, language="sl")
    services.post_edit(editor=other_member, post=reply, source="Drugačno besedilo.")
    reply.refresh_from_db()
    assert reply.language == "sl" and reply.source == "Drugačno besedilo."

    services.post_edit(editor=other_member, post=reply, source=reply.source, language="hu")
    reply.refresh_from_db()
    assert reply.language == "hu" and reply.edits.count() == 1  # the text did not change
    thread.refresh_from_db()
    assert thread.language == "en"  # a reply is not the thread's language

    # The opening post's language is the thread's; the edit form offers it chosen.
    client = login(member)
    page = client.get(f"/posts/{opening.pk}/edit/").content.decode()
    assert re.search(r'<option value="en" selected>', page)
    client.post(f"/posts/{opening.pk}/edit/", {"source": opening.source, "language": "lv"})
    thread.refresh_from_db()
    opening.refresh_from_db()
    assert opening.language == "lv" and thread.language == "lv"

    with pytest.raises(ServiceError):
        services.post_edit(editor=member, post=opening, source="New text", language="zz")
    opening.refresh_from_db()
    assert opening.language == "lv" and opening.source != "New text"


# Reading --------------------------------------------------------------------------------


def test_a_post_in_another_language_is_labelled_and_marked_for_screen_readers(
    thread, other_member, client
):
    opening = thread.posts.get()
    lithuanian = PostFactory.create(
        thread=thread, author=other_member, source="Mokame už etapus.", language="lt"
    )
    html = client.get(thread.get_absolute_url()).content.decode()
    mine = article(html, opening)
    assert 'lang="' not in mine.split('class="post-body"')[1][:20]
    assert "post-language" not in mine
    other = article(html, lithuanian)
    assert '<div class="post-body" lang="lt">' in other
    assert re.search(r'class="pill post-language"[^>]*>Lithuanian<', other)

    # On a Lithuanian page it is the English post that is labelled, in Lithuanian.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "lt"
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "post-language" not in article(html, lithuanian)
    assert '<div class="post-body" lang="en">' in article(html, opening)


def test_a_live_fragment_names_the_language_where_it_is_not_the_readers(thread, other_member):
    """Live fragments are rendered once per reader language: an English post is labelled
    (in Polish) for Polish readers, and not labelled for English ones."""
    from django.utils import translation

    from core.i18n import in_each_language

    post = PostFactory.create(thread=thread, author=other_member, language="en")
    fresh = Post.objects.get(pk=post.pk)
    fragments = in_each_language(lambda: events.render_post(fresh))
    assert 'data-language="en"' in fragments["pl"] and 'lang="en"' in fragments["pl"]
    with translation.override("pl"):
        english_in_polish = translation.gettext("English")
    assert f">{english_in_polish}</span>" in fragments["pl"]
    assert "post-language" not in fragments["en"] and 'lang="en"' not in fragments["en"]


def test_a_thread_can_be_read_in_one_language(thread, other_member, client):
    PostFactory.create(
        thread=thread, author=other_member, source="Mokame už etapus.", language="lt"
    )
    PostFactory.create(thread=thread, author=other_member, source="Vi betaler.", language="nb")
    page = client.get(thread.get_absolute_url()).content.decode()
    control = re.search(
        r'<form method="get" class="inline-form language-filter".*?</form>', page, re.S
    )
    assert control, "no language filter on a thread in three languages"
    # Only the languages present are offered (and "all languages").
    assert re.findall(r'<option value="(\w*)"', control.group(0)) == ["", "en", "lt", "nb"]

    filtered = client.get(f"{thread.get_absolute_url()}?language=lt").content.decode()
    assert "Mokame už etapus." in filtered
    assert "Vi betaler." not in filtered and "Opening post" not in filtered
    assert 'data-language-filter="lt"' in filtered
    assert re.search(r'<option value="lt" selected>', filtered)

    # A language nobody wrote in shows nothing; an unknown one is ignored.
    assert "Mokame" not in client.get(f"{thread.get_absolute_url()}?language=hu").content.decode()
    unknown = client.get(f"{thread.get_absolute_url()}?language=<x>")
    assert unknown.status_code == 200 and "Vi betaler." in unknown.content.decode()


def test_a_thread_in_one_language_shows_no_language_control(thread, client):
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "language-filter" not in page.replace('data-language-filter=""', "")


def test_filtered_pages_link_to_filtered_pages(thread, other_member, client):
    from tests.discussions.factories import PostFactory as Posts

    for i in range(55):
        Posts.create(thread=thread, author=other_member, source=f"Atsakymas {i}.", language="lt")
    page = client.get(f"{thread.get_absolute_url()}?language=lt&page=1").content.decode()
    assert 'href="?language=lt&amp;page=2"' in page


def test_a_new_thread_started_in_a_language_is_labelled(community, member, other_member, client):
    thread = ThreadFactory.create(community=community, author=member, language="bg")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert re.search(r'class="pill post-language"[^>]*>Bulgarian<', html)
