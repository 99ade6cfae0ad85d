"""A practice case names the document it is drawn from (citation, web address, date of
the source) on its page, in the API and in the feeds; an invented meeting says so in the
API and on its page."""

from __future__ import annotations

import pytest

from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

CITATION = (
    'Jakubek-Lalik J. (2012) "Doświadczenia administracji norweskiej" w: Mazur S., '
    "Płoszaj A. (red.) Wspieranie mechanizmu uczenia się w organizacjach publicznych. "
    "Doświadczenia międzynarodowe, Warszawa: Scholar"
)


@pytest.fixture
def cited(make_practice):
    return make_practice(
        title="Partnerforum",
        summary="Two Norwegian universities run a forum for officials.",
        source_citation=CITATION,
        source_url="http://www.synergia.ksap.gov.pl",
        source_date="2012",
    )


@pytest.fixture
def uncited(make_practice):
    return make_practice(title="A member's own case", summary="Written by a member.")


def test_the_case_page_shows_its_source(cited, uncited, client):
    page = client.get(cited.url).text.replace("&quot;", '"')
    assert 'id="source-title"' in page
    assert CITATION in page
    assert "Date of the source: 2012" in page
    assert 'href="http://www.synergia.ksap.gov.pl"' in page
    assert 'id="source-title"' not in client.get(uncited.url).text


def test_the_api_gives_the_source_fields(cited, uncited, client):
    detail = client.get(f"/api/v1/practices/{cited.pk}/").json()
    assert detail["source_citation"] == CITATION
    assert detail["source_url"] == "http://www.synergia.ksap.gov.pl"
    assert detail["source_date"] == "2012"
    other = client.get(f"/api/v1/practices/{uncited.pk}/").json()
    assert other["source_citation"] is None and other["source_date"] is None


@pytest.mark.parametrize("url", ["/practices/feed/", "/practices/feed/atom/"])
def test_the_feeds_cite_the_source(cited, client, url):
    body = client.get(url).content.decode().replace("&quot;", '"')
    assert "Source: Jakubek-Lalik J. (2012)" in body
    assert "(2012), http://www.synergia.ksap.gov.pl" in body


def test_an_illustrative_meeting_is_marked_in_the_api_and_on_its_page(make_community, client):
    community = make_community(title="Open data in ministries")
    invented = MeetingFactory(
        community=community, title="Invented breakfast", audience="registered", is_illustrative=True
    )
    real = MeetingFactory(community=community, title="Real breakfast", audience="registered")
    by_id = {item["id"]: item for item in client.get("/api/v1/meetings/").json()["results"]}
    assert by_id[invented.pk]["is_illustrative"] is True
    assert by_id[real.pk]["is_illustrative"] is False
    assert 'class="illustrative-badge"' in client.get(invented.get_absolute_url()).text
    assert 'class="illustrative-badge"' not in client.get(real.get_absolute_url()).text
