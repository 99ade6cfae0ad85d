"""The accessibility statement: the EU model's parts, in the reader's language, linked
from every page's footer, kept by editors."""

import datetime

import pytest
from django.test import Client
from django.utils import translation

from about import services
from about.models import AccessibilityStatementPage, ComplianceStatus
from about.selectors import forget_statement_urls
from communities.models import HomePage

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Accessibility statement",
    "slug": "accessibility",
    "compliance_status": ComplianceStatus.PARTIAL,
    "non_compliance": "<p>Attached PDF files are not checked for tags.</p>",
    "outside_scope": "<p>Posts written by members are third-party content.</p>",
    "prepared_on": datetime.date(2026, 12, 3),
    "reviewed_on": datetime.date(2026, 12, 4),
    "contact_email": "accessibility@ministry.example",
    "enforcement": "<p>Complain to the Commissioner for Human Rights.</p>",
}


@pytest.fixture
def statement(tree, make_user):
    forget_statement_urls()
    editor = make_user(username="statement-editor", is_superuser=True)
    page = services.publish_statement(
        home=HomePage.objects.get(locale__language_code="en"), fields=FIELDS, author=editor
    )
    yield page
    forget_statement_urls()


def test_the_statement_has_every_part_of_the_eu_model(statement):
    html = Client().get(statement.url).content.decode()

    assert "<h1>Accessibility statement</h1>" in html
    for heading in (
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
        "Feedback and contact information",
        "Enforcement procedure",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "partially compliant with EN 301 549" in html
    assert "Attached PDF files are not checked for tags." in html
    assert "third-party content" in html
    assert '<time datetime="2026-12-03">' in html
    assert '<time datetime="2026-12-04">' in html
    assert 'href="mailto:accessibility@ministry.example"' in html
    assert "Commissioner for Human Rights" in html


def test_every_page_links_to_the_statement_from_its_footer(statement, make_community):
    community = make_community()

    for url in ("/", community.url, "/search/", "/no-such-page/"):
        html = Client().get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'href="{statement.url}"' in footer, url


def test_no_link_while_there_is_no_statement(tree):
    forget_statement_urls()

    html = Client().get("/").content.decode()

    assert "Accessibility statement" not in html


def test_a_reader_of_polish_gets_the_polish_statement_and_headings(statement, make_user):
    editor = make_user(username="translator", is_superuser=True)
    polish = services.publish_translation(
        statement=statement,
        language="pl",
        fields={**FIELDS, "title": "Deklaracja dostępności", "slug": "deklaracja-dostepnosci"},
        author=editor,
    )
    assert polish is not None

    home = Client().get("/", headers={"accept-language": "pl"}).content.decode()
    assert f'href="{polish.url}"' in home
    html = Client().get(polish.url, headers={"accept-language": "pl"}).content.decode()
    assert "<h1>Deklaracja dostępności</h1>" in html
    with translation.override("pl"):
        assert f"<h2>{translation.gettext('Enforcement procedure')}</h2>" in html
    assert "<h2>Enforcement procedure</h2>" not in html


def test_an_editor_changes_the_statement_and_the_page_follows(statement, make_user):
    editor = make_user(username="second-editor", is_superuser=True)
    services.publish_statement(
        home=HomePage.objects.get(locale__language_code="en"),
        fields={"compliance_status": ComplianceStatus.FULL, "non_compliance": ""},
        author=editor,
    )

    html = Client().get(statement.url).content.decode()
    assert "This website is fully compliant with" in html
    assert "Attached PDF files" not in html
    assert AccessibilityStatementPage.objects.filter(locale__language_code="en").count() == 1


def test_the_demo_statement_is_seeded_in_every_language_and_says_its_contact_is_an_example(
    tree, make_user
):
    from django.utils import timezone

    from about.demo import seed
    from core.demo import SeedContext

    forget_statement_urls()
    make_user(username="editor", is_superuser=True)

    seed(SeedContext(now=timezone.now(), password_hash=""))

    pages = AccessibilityStatementPage.objects.live().filter(alias_of__isnull=True)
    assert sorted(pages.values_list("locale__language_code", flat=True)) == [
        "en",
        "lt",
        "nb",
        "pl",
        "sl",
    ]
    polish = Client().get("/", headers={"accept-language": "pl"}).content.decode()
    assert 'href="/pl/deklaracja-dostepnosci/"' in polish
    page = Client().get("/pl/deklaracja-dostepnosci/").content.decode()
    assert "przykładowy (ilustracyjny)" in page
    assert "Rzecznika Praw Obywatelskich" in page
    forget_statement_urls()
