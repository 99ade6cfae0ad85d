"""The demo content says what its five source documents say (../shared/seeds/), with the
sources' own dates and wording, and marks what it invents. The defects a fact-check found
(issue 17) stay fixed. Data only: no database."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings

from core.demo import split_front_matter

BASE = Path(settings.BASE_DIR)
DEMO_FILES = sorted(
    path
    for app in BASE.iterdir()
    if (app / "demo").is_dir() and app.name != "tests"
    for path in (app / "demo").rglob("*")
    if path.suffix in {".toml", ".md"}
)
CITATION_000 = (
    'Jakubek-Lalik J. (2012) "Doświadczenia administracji norweskiej" w: Mazur S., '
    "Płoszaj A. (red.) Wspieranie mechanizmu uczenia się w organizacjach publicznych. "
    "Doświadczenia międzynarodowe, Warszawa: Scholar"
)
# Each library case and the source document it is drawn from (by what its citation holds).
CASE_SOURCES = {
    "partnerforum": "Jakubek-Lalik J. (2012)",
    "synergia": "Synergia – sesja peer learning w projekcie",
    "partnership-for-change": "Vstopamo v 6. krog Partnerstva za spremembe",
    "i-am-a-teacher": "Vstopamo v 6. krog Partnerstva za spremembe",
    "building-permit": "Vstopamo v 6. krog Partnerstva za spremembe",
    "raising-uptake": "Vstopamo v 6. krog Partnerstva za spremembe",
    "challenge-commission": "Vstopamo v 6. krog Partnerstva za spremembe",
    "communities-of-practice": "Wspólnoty praktyków",
    "social-clustering": "NOR-LT10-VRM-01-K-02-006",
    "study-visit-oslo": "NOR-LT10-VRM-01-K-02-006",
    "remote-training": "NOR-LT10-VRM-01-K-02-006",
}


def text(path: Path) -> str:
    return " ".join(path.read_text(encoding="utf-8").split())


def toml(app: str, name: str) -> dict:
    with (BASE / app / "demo" / name).open("rb") as handle:
        return tomllib.load(handle)


def test_the_demo_files_are_found():
    assert len(DEMO_FILES) > 60


def test_round_five_exchanges_are_told_as_the_source_tells_them():
    """Source 002: 15 bodies with 37 employees and 32 companies with 21 employees took
    part, and the number was still growing; nobody "sent" 37 or 21."""
    for path in DEMO_FILES:
        content = text(path)
        assert not re.search(r"sent 37|companies sent 21|sent 21", content), path
    staff = text(BASE / "communities" / "demo" / "communities.toml")
    assert "15 public administration bodies with 37 employees and 32 companies with 21" in staff
    assert "the number was still growing" in staff


def test_the_head_of_the_main_office_of_ue_smarje_is_the_one_the_source_names():
    """Source 002 names Andreja Krumpak; no invented person holds her post."""
    people = toml("communities", "people.toml")["person"]
    at_smarje = [p for p in people if p["organisation"] == "ue_smarje"]
    assert at_smarje
    for person in at_smarje:
        assert "head" not in person["job_title"].casefold(), person["username"]
    for path in DEMO_FILES:
        for match in re.finditer(r"head of (?:the|its) main office", text(path), re.I):
            assert "Andreja Krumpak" in text(path)[match.start() - 80 : match.end() + 80], path


def test_the_lithuanian_college_of_democracy_is_no_university():
    organisations = toml("communities", "organisations.toml")["organisation"]
    [lduk] = [o for o in organisations if o["key"] == "lduk"]
    assert lduk["type"] == "ngo"
    partners = toml("programmes", "partners.toml")["social-clustering"]
    assert {p["type"] for p in partners if p["name"] == "Lithuanian College of Democracy"} == {
        "ngo"
    }


def test_e_factor_is_one_organisation_spelled_as_the_source_spells_it():
    for path in DEMO_FILES:
        assert "e-Faktor" not in path.read_text(encoding="utf-8"), path
    hosts = toml("programmes", "study_visits.toml")["visit"]["hosts"]
    library = toml("guidebook", "organisations.toml")["organisations"]
    assert [h["name"] for h in hosts if "Factor" in h["name"]] == ["e-Factor"]
    assert [o["name"] for o in library if "Factor" in o["name"]] == ["e-Factor"]


def test_invented_specifics_are_gone():
    for path in DEMO_FILES:
        content = text(path)
        assert "30,000 civil servants" not in content, path
        assert "State Secretary" not in content, path
        assert "academic lead of Partnerforum" not in content, path
    rounds = toml("programmes", "challenges.toml")
    assert rounds["round_5"]["showcase_place"] == ""  # the source does not say where


def test_every_demo_person_is_marked_illustrative():
    from communities.demo.content import PEOPLE

    assert PEOPLE and all(person["illustrative"] for person in PEOPLE)
    assert toml("guidebook", "moderator.toml")["is_illustrative"] is True
    assert all(p["illustrative"] for p in toml("programmes", "programmes.toml")["people"])
    assert toml("programmes", "challenges.toml")["mentor_profile"]["illustrative"] is True
    for name in ("partners.toml", "exchanges.toml"):
        assert toml("programmes", name)["illustrative"] is True
    assert toml("programmes", "challenges.toml")["scores"]["illustrative"] is True


def _cases() -> list[Path]:
    folder = BASE / "guidebook" / "demo" / "practices"
    return sorted(p for p in folder.rglob("*.md") if p.stem != "index")


@pytest.mark.parametrize("path", _cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_case_cites_its_source_document(path):
    meta, _body = split_front_matter(path.read_text(encoding="utf-8"))
    [expected] = [cite for prefix, cite in CASE_SOURCES.items() if path.stem.startswith(prefix)]
    assert expected in meta["source_citation"]
    assert meta["source_date"]
    if expected.startswith("Jakubek-Lalik"):
        assert meta["source_citation"] == CITATION_000
        assert meta["source_date"] == "2012"


def test_the_sources_list_holds_the_five_documents():
    sources = toml("about", "sources.toml")["source"]
    assert len(sources) == 5
    assert sources[0]["citation"] == CITATION_000
