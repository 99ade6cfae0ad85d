"""While demo content is loaded, every page says which people, staff and figures are
invented and links the Sources page; a real installation (no demo) shows neither."""

import pytest

from about import services
from about.demo import SOURCES
from core.demo import load_toml
from tests.conftest import clear_cache

pytestmark = pytest.mark.django_db

NOTICE = "Demonstration content"


@pytest.fixture
def no_cached_sources():
    clear_cache()
    yield
    clear_cache()


@pytest.fixture
def demo_sources(no_cached_sources, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.record_sources(sources=load_toml(SOURCES)["source"])


def test_a_real_installation_shows_no_demo_notice_and_no_sources_page(
    tree, no_cached_sources, client
):
    page = client.get("/communities/")
    assert page.status_code == 200
    assert NOTICE not in page.text
    assert "/sources/" not in page.text
    assert client.get("/sources/").status_code == 404


def test_every_page_carries_the_notice_while_the_demo_is_loaded(tree, demo_sources, client):
    for url in ("/communities/", "/search/?q=exchange"):
        page = client.get(url)
        assert page.status_code == 200
        assert NOTICE in page.text
        assert "figures marked “illustrative” are invented" in page.text
        assert 'href="/sources/"' in page.text


def test_the_sources_page_cites_the_five_documents_as_they_ask(tree, demo_sources, client):
    page = client.get("/sources/")
    assert page.status_code == 200
    text = page.text.replace("&quot;", '"')
    # Source 000 asks to be cited exactly so.
    assert (
        'Jakubek-Lalik J. (2012) "Doświadczenia administracji norweskiej" w: Mazur S., '
        "Płoszaj A. (red.) Wspieranie mechanizmu uczenia się w organizacjach publicznych. "
        "Doświadczenia międzynarodowe, Warszawa: Scholar"
    ) in text
    for expected in (
        "Synergia – sesja peer learning w projekcie",
        "Vstopamo v 6. krog Partnerstva za spremembe",
        "Wspólnoty praktyków",
        "NOR-LT10-VRM-01-K-02-006",
        "http://www.socialcluster.lt",
    ):
        assert expected in text
    assert text.count('<li id="source-') == 5


def test_recording_the_sources_again_changes_nothing(tree, demo_sources):
    from about.models import SourceDocument

    assert services.record_sources(sources=load_toml(SOURCES)["source"]) == 0
    assert SourceDocument.objects.count() == 5
