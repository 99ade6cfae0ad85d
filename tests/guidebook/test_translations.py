"""Content in several languages: an editor translates a chapter in the Wagtail admin
(simple_translation), readers get the page in their language, listings and search show
each page once."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.translation import get_language_info
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from communities.services import open_sections_in_locales
from guidebook.models import GuidePage, PracticePage
from tests.guidebook.factories import moderator
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db

SLOVENIAN = {"HTTP_ACCEPT_LANGUAGE": "sl"}


@pytest.fixture
def sections(guide_index, index):
    """The five locales (a transactional test's flush may have removed them) and the
    site's sections in each (as after migrate, or when a locale is added)."""
    for code in ("en", "pl", "sl", "lt", "nb"):
        Locale.objects.get_or_create(language_code=code)
    open_sections_in_locales()
    return guide_index


def translate(page, code: str, **fields):
    """A published translation through Wagtail's API, as the demo loader makes them."""
    translated = page.copy_for_translation(Locale.objects.get(language_code=code))
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated.specific_class.objects.get(pk=translated.pk)


def notice(html: str) -> str:
    match = re.search(r'class="notice translation-missing"[^>]*>([^<]*)<', html)
    return match.group(1) if match else ""


def expected_notice(model, reader: str, original: str = "en") -> str:
    with translation.override(reader):
        return str(model.missing_translation_message) % {
            "language": get_language_info(reader)["name_translated"],
            "original": get_language_info(original)["name_translated"],
        }


def test_an_editor_translates_a_chapter_in_the_admin_and_a_slovenian_reader_gets_it(
    sections, make_chapter, client
):
    chapter = make_chapter(title="Starting a community", slug="starting")
    editor = client
    editor.force_login(moderator(), backend="django.contrib.auth.backends.ModelBackend")
    slovenian = Locale.objects.get(language_code="sl")

    # "Translate" on the chapter: simple_translation copies it into the locale as a draft.
    url = f"/admin/translation/submit/page/{chapter.pk}/"
    assert editor.get(url).status_code == 200
    response = editor.post(url, {"locales": [slovenian.pk]})
    draft = GuidePage.objects.get(locale=slovenian, translation_key=chapter.translation_key)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{draft.pk}/edit/"
    assert not draft.live

    # The editor translates it in the page editor and publishes.
    form = nested_form_data(
        {
            "title": "Kako začeti skupnost prakse",
            "slug": "starting",
            "summary": "Prvi koraki.",
            "body": streamfield(
                [
                    ("heading", {"text": "Opredelitev"}),
                    ("text", rich_text("<p>Skupina, ki redno razpravlja o eni temi.</p>")),
                ]
            ),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    response = editor.post(f"/admin/pages/{draft.pk}/edit/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    editor.logout()

    # A Slovenian reader who opens the English address is sent to the translation.
    response = client.get("/guide/starting/", **SLOVENIAN)
    assert response.status_code == 302
    assert response["Location"] == "/sl/guide/starting/"
    html = client.get("/sl/guide/starting/", **SLOVENIAN).content.decode()
    assert "Kako začeti skupnost prakse" in html
    assert "Skupina, ki redno razpravlja o eni temi." in html
    assert '<html lang="sl">' in html
    assert '<link rel="alternate" hreflang="en" href="/guide/starting/">' in html
    assert '<link rel="alternate" hreflang="sl" href="/sl/guide/starting/">' in html
    # ... with a link to the English original that does not send them back.
    assert 'href="/guide/starting/?lang=en" hreflang="en"' in html
    assert (
        "Starting a community"
        in client.get("/guide/starting/?lang=en", **SLOVENIAN).content.decode()
    )
    assert notice(html) == ""

    # An English reader stays on the English chapter, which offers Slovenian.
    html = client.get("/guide/starting/").content.decode()
    assert "Starting a community" in html
    assert '<html lang="en">' in html
    assert 'href="/sl/guide/starting/" hreflang="sl"' in html
    # The language cookie counts as much as the browser's language.
    client.cookies["django_language"] = "sl"
    assert client.get("/guide/starting/")["Location"] == "/sl/guide/starting/"


def test_a_chapter_missing_in_the_readers_language_says_so_and_is_read_in_english(
    sections, make_chapter, client
):
    make_chapter(title="Facilitation", slug="facilitation")
    response = client.get("/guide/facilitation/", **SLOVENIAN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Facilitation" in html
    # The page speaks the reader's language; the chapter's own text is marked English.
    assert '<html lang="sl">' in html
    assert '<h1 id="chapter-title" lang="en">' in html
    assert '<div class="chapter-body" lang="en">' in html
    assert notice(html) == expected_notice(GuidePage, "sl")


def test_choosing_a_language_returns_the_reader_to_the_page(sections, make_chapter, client):
    translate(make_chapter(title="Starting", slug="starting"), "sl", title="Začetek")
    make_chapter(title="Facilitation", slug="facilitation")
    for path in ("/guide/facilitation/", "/guide/starting/"):
        response = client.post("/i18n/setlang/", {"language": "sl", "next": path})
        assert response["Location"] == path
    # Back on the page: the translation where there is one, else English with the notice.
    assert client.get("/guide/starting/")["Location"] == "/sl/guide/starting/"
    html = client.get("/guide/facilitation/").content.decode()
    assert notice(html) == expected_notice(GuidePage, "sl")


def test_pages_outside_wagtail_keep_the_readers_interface_language(sections, client):
    """The language prefix of Wagtail's URLs does not make the unprefixed rest English."""
    assert '<html lang="sl">' in client.get("/search/?q=x", **SLOVENIAN).content.decode()
    client.cookies["django_language"] = "nb"
    assert '<html lang="nb">' in client.get("/search/?q=x").content.decode()


def test_a_practice_case_missing_in_the_readers_language_says_so(sections, make_practice, client):
    case = make_practice(title="Breakfast meetings", slug="breakfast")
    translate(case, "pl", title="Spotkania przy śniadaniu")
    html = client.get("/practices/breakfast/", HTTP_ACCEPT_LANGUAGE="lt").content.decode()
    assert notice(html) == expected_notice(PracticePage, "lt")
    assert 'href="/pl/practices/breakfast/" hreflang="pl"' in html
    # A Polish reader goes to the Polish case; English readers see no notice.
    response = client.get("/practices/breakfast/", HTTP_ACCEPT_LANGUAGE="pl")
    assert response["Location"] == "/pl/practices/breakfast/"
    assert notice(client.get("/practices/breakfast/").content.decode()) == ""


def test_listings_show_each_page_once_in_the_readers_language(
    sections, make_chapter, make_practice, client
):
    first = make_chapter(title="First chapter", slug="first")
    make_chapter(title="Second chapter", slug="second")
    translate(first, "sl", title="Prvo poglavje")
    case = make_practice(title="Peer learning", slug="peer")
    make_practice(title="Staff exchanges", slug="exchanges")
    translate(case, "sl", title="Medsebojno učenje")

    def chapters(html):
        return re.findall(r"(First chapter|Second chapter|Prvo poglavje)", html)

    guide = client.get("/guide/", **SLOVENIAN).content.decode()
    assert chapters(guide) == ["Prvo poglavje", "Second chapter"]
    assert chapters(client.get("/guide/").content.decode()) == ["First chapter", "Second chapter"]
    # The Slovenian chapter's own table of contents and neighbours, in the same order.
    own = client.get("/sl/guide/first/", **SLOVENIAN).content.decode()
    assert "Second chapter" in own and "First chapter" not in own

    library = client.get("/practices/", **SLOVENIAN).content.decode()
    assert "Medsebojno učenje" in library and "Staff exchanges" in library
    assert "Peer learning" not in library
    english = client.get("/practices/").content.decode()
    assert "Peer learning" in english and "Medsebojno učenje" not in english


def test_search_shows_a_translated_page_once_in_the_readers_language(
    sections, make_chapter, client, settings, tmp_path
):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backends.whoosh", "PATH": str(tmp_path / "whoosh")}
    }
    chapter = make_chapter(title="Facilitation basics", slug="basics", summary="Facilitation.")
    translate(chapter, "sl", title="Osnove facilitacije Facilitation", summary="Facilitation.")
    reindex()

    def results(**headers) -> str:  # the text, without the highlighting
        html = client.get("/search/?q=facilitation", **headers).content.decode()
        return strip_tags(html)

    found = results(**SLOVENIAN)
    assert "Osnove facilitacije" in found and "Facilitation basics" not in found
    found = results()
    assert "Facilitation basics" in found and "Osnove facilitacije" not in found
