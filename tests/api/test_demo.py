"""The API over the seeded demo: every list page and every item answers, translated
chapters and cases come in the asked language, and nothing members-only shows."""

from __future__ import annotations

import pytest

from communities.models import CommunityPage, Visibility
from guidebook.models import GuidePage
from meetings.models import Meeting, MeetingAudience

pytestmark = pytest.mark.django_db


def every_item(client, endpoint, query=""):
    url = f"/api/v1/{endpoint}/?page_size=100{query}"
    items = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        data = response.json()
        items += data["results"]
        url = data["next"]
    return items


@pytest.mark.parametrize("endpoint", ["practices", "chapters", "communities", "meetings"])
def test_every_item_of_the_demo_answers(demo, client, endpoint):
    items = every_item(client, endpoint) + every_item(
        client, endpoint, "&past=true" if endpoint == "meetings" else ""
    )
    # The demo's one meeting open to all registered users is in a members-only community.
    assert items or endpoint == "meetings"
    for item in items[:40]:
        assert client.get(item["api_url"]).status_code == 200, item["api_url"]


def test_the_demo_shows_nothing_members_only(demo, client):
    hidden = CommunityPage.objects.exclude(visibility=Visibility.PUBLIC)
    assert hidden.exists()
    communities = {c["id"] for c in every_item(client, "communities")}
    assert communities and not communities & set(hidden.values_list("pk", flat=True))
    meetings = {
        m["id"]
        for m in every_item(client, "meetings") + every_item(client, "meetings", "&past=true")
    }
    private = Meeting.objects.filter(community__in=hidden) | Meeting.objects.filter(
        audience=MeetingAudience.MEMBERS
    )
    assert not meetings & set(private.values_list("pk", flat=True))


def test_chapters_in_the_asked_language(demo, client):
    translated = GuidePage.objects.live().exclude(locale__language_code="en").first()
    assert translated is not None
    language = translated.locale.language_code
    chapters = every_item(client, "chapters", f"&lang={language}")
    assert translated.pk in {c["id"] for c in chapters}
    assert {c["language"] for c in chapters} <= {language, "en"}
    english = every_item(client, "chapters")
    assert len(english) == len(chapters)
    assert {c["language"] for c in english} == {"en"}
    detail = client.get(f"/api/v1/chapters/{translated.pk}/").json()
    assert detail["body_html"] and detail["language"] == language
    assert "en" in {t["language"] for t in detail["translations"]}
