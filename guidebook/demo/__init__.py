"""Demo content for the guide and the good-practice library, as data (see ``README.md``).

The texts were written only from the source documents in ``../shared/seeds/``
(Partnerforum, Synergia, Partnerstvo za spremembe, the note on communities of practice,
and the Lithuanian social-clustering project). Figures appear only where a source gives
them; where a source reports no measurement, the case says so instead of inventing one.

The seeder is idempotent: pages are looked up by slug under their index, organisations
by name, the demo moderator by username; only what is missing is created, and nothing
that exists is changed.

Translations: ``guide/<lang>/<file name>.md`` (and ``practices/<lang>/<file name>.md``)
is the ``<lang>`` translation of the file of that name, created through Wagtail's
translation API (``copy_for_translation``, the translated fields, a published revision),
as an editor's "Translate" does; an index page's alias in that locale is converted.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from core.demo import SeedContext, load_toml, register, split_front_matter
from guidebook.demo.markdown import chapter_body, field_sections, rich_text

DEMO_PASSWORD = "praxis-demo"  # noqa: S105 - documented demo password, demo data only
DATA = Path(__file__).resolve().parent
# Front-matter keys of a practice case that are not PracticePage fields.
PRACTICE_LINKS = {"themes", "organisations", "community", "thread"}


def _read(path: Path) -> tuple[dict, str]:
    return split_front_matter(path.read_text(encoding="utf-8"))


def load_index(folder: str) -> dict:
    """An index page (``guide/index.md``, ``practices/index.md``): title, slug, intro."""
    meta, body = _read(DATA / folder / "index.md")
    return {**meta, "intro": rich_text(body.splitlines())}


def load_chapters() -> list[dict]:
    """The guide's chapters, in file-name order: title, slug, summary, last_reviewed, body
    (and ``file``, the file name its translations share)."""
    chapters = []
    for path in sorted((DATA / "guide").glob("[0-9][0-9]-*.md")):
        meta, body = _read(path)
        chapters.append({**meta, "body": chapter_body(body), "file": path.name})
    return chapters


def translation_languages() -> list[str]:
    """The content languages other than the default, in the order of settings.LANGUAGES."""
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def load_translation(folder: str, file: str, language: str) -> dict | None:
    """``<folder>/<language>/<file>``, read as its original is (None if there is none)."""
    path = DATA / folder / language / file
    if not path.exists():
        return None
    meta, body = _read(path)
    if file == "index.md":
        return {**meta, "intro": rich_text(body.splitlines())}
    if folder == "guide":
        return {**meta, "body": chapter_body(body)}
    return {**meta, **field_sections(body)}


def load_practices() -> list[dict]:
    """The practice cases: those listed in ``practices/index.md`` first, then the rest."""
    order = load_index("practices").get("cases", [])
    paths = {path.stem: path for path in (DATA / "practices").glob("*.md")}
    paths.pop("index", None)
    slugs = [slug for slug in order if slug in paths] + sorted(set(paths) - set(order))
    practices = []
    for slug in slugs:
        meta, body = _read(paths[slug])
        practices.append({**meta, **field_sections(body), "file": paths[slug].name})
    return practices


class _Seeder:
    def __init__(self, context: SeedContext):
        self.context = context
        self.created: dict[str, int] = {}

    def count(self, label: str, n: int = 1) -> None:
        self.created[label] = self.created.get(label, 0) + n

    def publish(self, page, author) -> None:
        revision = page.save_revision(user=author, log_action=False)
        revision.publish(user=author, log_action=False)

    def editor(self):
        from communities.models import User

        return (
            User.objects.filter(username="editor").first()
            or User.objects.filter(is_superuser=True).order_by("pk").first()
        )

    def home(self):
        from communities.models import HomePage

        home = HomePage.objects.first()
        if home is None:
            raise RuntimeError("seed_guidebook needs the home page (run seed_demo).")
        return home

    def organisations(self) -> dict:
        from communities.demo import demo_organisation, demo_organisations

        for data in load_toml(DATA / "organisations.toml")["organisations"]:
            _organisation, created = demo_organisation(
                data["name"], {k: v for k, v in data.items() if k != "name"}
            )
            if created:
                self.count("organisations (practice cases)")
        return demo_organisations()

    def moderator(self) -> None:
        """A demo moderator: approves or rejects practice cases in the Wagtail admin."""
        from allauth.account.models import EmailAddress
        from django.contrib.auth.models import Group

        from communities.models import Organisation, User

        data = load_toml(DATA / "moderator.toml")
        user = User.objects.filter(username=data["username"]).first()
        if user is None:
            fields = {k: v for k, v in data.items() if k != "organisation"}
            user = User.objects.create(
                **fields,
                password=self.context.password_hash,
                organisation=Organisation.objects.filter(name=data["organisation"]).first(),
            )
            self.count("demo moderator")
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        group = Group.objects.filter(name="Moderators").first()
        if group is not None:
            user.groups.add(group)

    def index(self, model, data, author):
        home = self.home()
        page = model.objects.child_of(home).filter(slug=data["slug"]).first()
        if page is None:
            page = model.objects.first()
        if page is None:
            page = home.add_child(
                instance=model(title=data["title"], slug=data["slug"], intro=data["intro"])
            )
            self.publish(page, author)
            self.count("library and guide index pages")
        return page

    def practices(self, index, organisations, author) -> dict:
        from communities.models import CommunityPage
        from discussions.models import Thread
        from guidebook.models import PracticePage

        pages = {}
        for data in load_practices():
            page = PracticePage.objects.child_of(index).filter(slug=data["slug"]).first()
            if page is None:
                fields = {k: v for k, v in data.items() if k not in PRACTICE_LINKS | {"file"}}
                page = PracticePage(**fields)
                page.related_community = CommunityPage.objects.filter(
                    slug=data.get("community", "")
                ).first()
                thread_title = data.get("thread")
                if thread_title:
                    page.source_thread = Thread.objects.filter(title=thread_title).first()
                page.themes.add(*data["themes"])
                page.organisations.set(
                    [organisations[name] for name in data["organisations"] if name in organisations]
                )
                page.owner = author
                index.add_child(instance=page)
                self.publish(page, author)
                self.count("practice cases")
            pages[data["slug"]] = page
        return pages

    def translate(self, page, language: str, fields: dict, author):
        """``page`` in ``language`` with ``fields``, published; an existing translation is
        left alone (an alias, the untranslated copy of a section, is converted)."""
        from wagtail.actions.convert_alias import ConvertAliasPageAction
        from wagtail.models import Locale

        locale = Locale.objects.filter(language_code=language).first()
        if locale is None:
            return None
        translated = page.get_translation_or_none(locale)
        if translated is not None and translated.alias_of_id is None:
            return translated.specific
        if translated is None:
            translated = page.copy_for_translation(locale, copy_parents=True)
        else:
            ConvertAliasPageAction(translated, user=author, log_action=None).execute(
                skip_permission_checks=True
            )
        translated = translated.specific_class.objects.get(pk=translated.pk)
        for name, value in fields.items():
            setattr(translated, name, value)
        translated.owner = author
        self.publish(translated, author)
        self.count(f"translations ({language})")
        return translated

    def translations(self, guide, library, practices, author) -> None:
        """Every translation file that has its original in the database."""
        from guidebook.models import GuidePage

        for language in translation_languages():
            for index, folder in ((guide, "guide"), (library, "practices")):
                data = load_translation(folder, "index.md", language)
                if data:
                    fields = {k: data[k] for k in ("title", "intro") if k in data}
                    self.translate(index, language, fields, author)
            translated_practices = {}
            for data in load_practices():
                original = practices.get(data["slug"])
                translation = load_translation("practices", data["file"], language)
                if original is None or translation is None:
                    continue
                fields = {
                    k: v
                    for k, v in translation.items()
                    if k not in PRACTICE_LINKS and hasattr(original, k)
                }
                translated_practices[data["slug"]] = self.translate(
                    original, language, fields, author
                )
            # A chapter's examples point at the case in the same language where there is one.
            cases = {**practices, **translated_practices}
            for data in load_chapters():
                original = GuidePage.objects.child_of(guide).filter(slug=data["slug"]).first()
                translation = load_translation("guide", data["file"], language)
                if original is None or translation is None:
                    continue
                fields = {
                    k: translation[k]
                    for k in ("title", "slug", "summary", "last_reviewed")
                    if k in translation
                }
                fields["body"] = self.resolve(translation.get("body", []), cases)
                self.translate(original, language, fields, author)

    def resolve(self, blocks: list, practices: dict) -> list:
        """Practice examples name their case by slug; the block stores the page's id."""
        resolved = []
        for block in blocks:
            if block["type"] == "practice_example":
                page = practices.get(block["value"]["practice"])
                if page is None:
                    continue
                block = {
                    "type": "practice_example",
                    "value": {**block["value"], "practice": page.pk},
                }
            resolved.append(block)
        return resolved

    def chapters(self, guide, practices, author) -> None:
        from guidebook.models import GuidePage

        for data in load_chapters():
            if GuidePage.objects.child_of(guide).filter(slug=data["slug"]).exists():
                continue
            page = GuidePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                body=self.resolve(data["body"], practices),
                last_reviewed=data.get("last_reviewed"),
                reviewer=author,
                owner=author,
            )
            guide.add_child(instance=page)
            self.publish(page, author)
            self.count("guide chapters")

    def run(self) -> dict:
        from guidebook.models import GuideIndexPage, PracticeIndexPage
        from guidebook.services import assign_review_workflow

        author = self.editor()
        organisations = self.organisations()
        self.moderator()
        library = self.index(PracticeIndexPage, load_index("practices"), author)
        assign_review_workflow(library)
        practices = self.practices(library, organisations, author)
        guide = self.index(GuideIndexPage, load_index("guide"), author)
        self.chapters(guide, practices, author)
        self.translations(guide, library, practices, author)
        return self.created


@register("guidebook", order=40)
def seed(context: SeedContext) -> dict[str, int]:
    """Create the guide and the library's demo cases if they are missing (idempotent)."""
    with transaction.atomic():
        return _Seeder(context).run()


def seed_guidebook(stdout=None) -> dict:
    """Create the guide and the library's demo cases if they are missing (idempotent)."""
    context = SeedContext(
        now=timezone.now(), password_hash=make_password(DEMO_PASSWORD), stdout=stdout
    )
    return seed(context)
