"""The demo site's accessibility statement, in every language (``accessibility.toml``), and
the public documents the demo content is drawn from (``sources.toml``, the demo notice).

The statement describes Praxis honestly; its contact address is an example (the demo has
no operator) and says so."""

from __future__ import annotations

from pathlib import Path

import markdown

from core.demo import SeedContext, load_toml, register

DATA = Path(__file__).parent / "accessibility.toml"
SOURCES = Path(__file__).parent / "sources.toml"
RICH_TEXT = (
    "non_compliance",
    "disproportionate_burden",
    "outside_scope",
    "alternatives",
    "assessment_notes",
    "feedback",
    "enforcement",
)


def statement_fields(data: dict) -> dict:
    fields = dict(data)
    for name in RICH_TEXT:
        if name in fields:
            fields[name] = markdown.markdown(fields[name].strip())
    return fields


@register("about", order=45)
def seed(context: SeedContext) -> dict[str, int]:
    from about import services
    from about.models import AccessibilityStatementPage
    from communities.models import HomePage, User

    counts = {}
    new_sources = services.record_sources(sources=load_toml(SOURCES)["source"])
    if new_sources:
        counts["source documents"] = new_sources
    home = HomePage.objects.filter(locale__language_code="en").first() or HomePage.objects.first()
    if home is None or AccessibilityStatementPage.objects.exists():
        return counts
    author = (
        User.objects.filter(username="editor").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    data = load_toml(DATA)
    shared = data["shared"]
    statement = services.publish_statement(
        home=home, fields=statement_fields({**shared, **data["en"]}), author=author
    )
    translations = 0
    for language, fields in data.items():
        if language in ("shared", "en"):
            continue
        if services.publish_translation(
            statement=statement,
            language=language,
            fields=statement_fields({**shared, **fields}),
            author=author,
        ):
            translations += 1
    return {**counts, "accessibility statements": 1 + translations}
