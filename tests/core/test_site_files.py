"""What search engines and link previews read: sitemap.xml, robots.txt, icons, the head."""

import re

import pytest
from django.test import Client

from communities.models import Visibility
from discussions.models import Thread
from meetings.models import MeetingAudience
from tests.discussions.factories import ThreadFactory
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

BASE = "https://praxis.example.gov"


@pytest.fixture(autouse=True)
def base_url(settings):
    settings.PRAXIS_BASE_URL = BASE


def _locations(client: Client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def _member(make_membership, community):
    return make_membership(community=community).user


def test_the_sitemap_lists_public_pages_threads_and_meetings_on_the_base_url(
    make_community, make_membership
):
    community = make_community(title="Open data stewards")
    author = _member(make_membership, community)
    thread = ThreadFactory.create(community=community, author=author, title="Licences")
    meeting = MeetingFactory(community=community, audience=MeetingAudience.REGISTERED)

    locations = _locations(Client())

    assert f"{BASE}{community.url}" in locations
    assert f"{BASE}/threads/{thread.pk}/" in locations
    assert f"{BASE}/meetings/{meeting.pk}/" in locations
    assert all(location.startswith(BASE) for location in locations)


def test_nothing_of_a_members_only_community_or_an_unpublished_page_is_in_the_sitemap(
    make_community, make_membership
):
    hidden = make_community(title="Internal audit practice", visibility=Visibility.MEMBERS)
    secret = ThreadFactory.create(
        community=hidden, author=_member(make_membership, hidden), title="Audit plans"
    )
    MeetingFactory(community=hidden, audience=MeetingAudience.REGISTERED)
    draft = make_community(title="Not yet open")
    draft.unpublish()
    public = make_community(title="Budgeting")
    restricted = ThreadFactory.create(
        community=public, author=_member(make_membership, public), title="Task group"
    )
    Thread.objects.filter(pk=restricted.pk).update(restricted=True)

    response = Client().get("/sitemap.xml").content.decode()

    assert hidden.url not in response
    assert f"/threads/{secret.pk}/" not in response
    assert "/meetings/" not in response
    assert draft.url not in response
    assert f"/threads/{restricted.pk}/" not in response
    assert public.url in response


def test_robots_txt_names_the_sitemap_and_keeps_personal_areas_out():
    response = Client().get("/robots.txt")

    assert response.status_code == 200
    text = response.content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Disallow: /me/" in text
    assert Client().head("/robots.txt").status_code == 200


def test_favicon_ico_leads_to_the_icon():
    response = Client().get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")


def test_a_public_page_carries_canonical_and_open_graph_tags(make_community):
    community = make_community(title="Open data stewards")

    html = Client().get(f"{community.url}?utm_source=mail").content.decode()

    assert f'<link rel="canonical" href="{BASE}{community.url}">' in html
    assert f'<meta property="og:url" content="{BASE}{community.url}">' in html
    assert '<meta property="og:title" content="Open data stewards">' in html
    assert '<meta property="og:site_name" content="Praxis">' in html
    assert f'<meta property="og:image" content="{BASE}/static/img/og-image.png">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert 'rel="apple-touch-icon"' in html
    assert "<title>Open data stewards · Praxis</title>" in html


def test_a_view_page_shares_its_own_title_and_a_polish_reader_gets_polish_locale(tree):
    html = Client().get("/search/", headers={"accept-language": "pl"}).content.decode()

    title = re.search(r"<title>(.*?) · Praxis</title>", html).group(1)
    assert f'<meta property="og:title" content="{title}">' in html
    assert '<meta property="og:locale" content="pl_PL">' in html
    assert f'<link rel="canonical" href="{BASE}/search/">' in html
