"""Error pages in the site's look, with DEBUG off, as a visitor meets them."""

import re

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from communities.models import Visibility
from core import error_pages

pytestmark = pytest.mark.urls("tests.core.error_urls")


def _without_per_request_parts(html: str, path: str) -> str:
    html = re.sub(r'nonce="[^"]*"', "", html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return html.replace(path, "PATH").replace(re.sub(r"/", "%2F", path), "PATH")


@pytest.mark.django_db
def test_a_missing_page_answers_with_the_site_header_and_a_sign_in_link(tree):
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<header class="site-header">' in html
    assert "Page not found" in html
    assert "/accounts/login/?next=/no-such-page/" in html
    assert 'name="robots" content="noindex"' in html


@pytest.mark.django_db
def test_a_members_only_community_reads_exactly_like_a_missing_page(make_community):
    community = make_community(visibility=Visibility.MEMBERS)
    missing_path = community.url.rstrip("/") + "-gone/"

    hidden = Client().get(community.url)
    missing = Client().get(missing_path)

    assert hidden.status_code == missing.status_code == 404
    assert community.title not in hidden.content.decode()
    assert _without_per_request_parts(
        hidden.content.decode(), community.url
    ) == _without_per_request_parts(missing.content.decode(), missing_path)


@pytest.mark.django_db
def test_the_error_page_speaks_the_readers_language(tree):
    response = Client().get("/no-such-page/", headers={"accept-language": "pl"})

    assert response.status_code == 404
    assert "Page not found" not in response.content.decode()
    with translation.override("pl"):
        assert translation.gettext("Page not found") in response.content.decode()


@pytest.mark.django_db
def test_a_refused_page_and_a_bad_request_have_their_own_pages(tree):
    refused = Client().get("/test-refuse/")
    bad = Client().get("/test-suspicious/")

    assert refused.status_code == 403
    assert "You may not open this page" in refused.content.decode()
    assert bad.status_code == 400
    assert "The request could not be understood" in bad.content.decode()


@pytest.mark.django_db
def test_an_expired_form_explains_what_to_do(make_user):
    user = make_user()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "This form has expired" in html
    assert "reload the page" in html
    assert '<header class="site-header">' in html


@pytest.mark.django_db
def test_a_failing_view_answers_the_sites_500_page(tree):
    response = Client(raise_request_exception=False).get("/test-fail/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html
    assert 'class="site-header"' in html
    assert "a failure inside a view" not in html


def test_the_500_page_renders_without_touching_the_database():
    # No django_db mark: any query here raises, as it would with the database down.
    response = error_pages.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_with_the_database_down_a_page_still_answers_the_sites_error_page():
    response = Client(raise_request_exception=False).get("/communities/")

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.django_db
def test_head_is_answered_on_get_views(tree):
    client = Client()

    assert client.head("/healthz").status_code == 200
    assert client.head("/search/?q=budget").status_code == 200
