"""The product never ships half translated: every msgid the code has is translated in
every language Praxis offers, nothing is fuzzy, and the compiled catalogues are current.

The check runs ``makemessages`` on a copy of the sources (so the working tree is left as it
is) and asks gettext's ``msgattrib`` what is left. To fix a failure: ``make messages``,
translate what it lists in ``locale/<lang>/LC_MESSAGES/*.po`` (terms: locale/GLOSSARY.md),
then ``make messages`` again, which also compiles the ``.mo`` files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import require_service

ROOT = Path(settings.BASE_DIR)
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
DOMAINS = ["django", "djangojs"]
SKIP_DIRS = {".venv", "var", ".git", "node_modules", "__pycache__", ".pytest_cache", "docs"}


def _require_gettext() -> None:
    require_service(
        "gettext (msgfmt, msgattrib)",
        bool(shutil.which("msgfmt") and shutil.which("msgattrib")),
        "install gettext (Debian: apt-get install gettext)",
    )


def _entries(po_text: str) -> list[str]:
    """The msgids in a catalogue fragment (without its header)."""
    ids = re.findall(r'^msgid ((?:".*"\n?)+)', po_text, flags=re.MULTILINE)
    joined = ["".join(re.findall(r'"(.*)"', block)) for block in ids]
    return [msgid for msgid in joined if msgid]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the sources with catalogues freshly extracted from the code."""
    _require_gettext()
    copy = tmp_path_factory.mktemp("catalogues") / "src"
    shutil.copytree(ROOT, copy, ignore=lambda _dir, names: [n for n in names if n in SKIP_DIRS])
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    for domain in DOMAINS:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                "--domain",
                domain,
                *[f"--locale={code}" for code in LANGUAGES],
                "--ignore=tests/*",
                "--ignore=benchmarks/*",
                "--no-obsolete",
                "--verbosity=0",
            ],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
    return copy


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_msgid_is_translated_and_none_is_fuzzy(extracted, language, domain):
    po = extracted / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
    assert po.exists(), f"no {domain} catalogue for {language}: run make messages"
    untranslated = subprocess.run(
        [shutil.which("msgattrib"), "--untranslated", "--no-obsolete", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    fuzzy = subprocess.run(
        [shutil.which("msgattrib"), "--only-fuzzy", "--no-obsolete", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert _entries(untranslated) == [], f"untranslated in {language}/{domain}.po"
    assert _entries(fuzzy) == [], f"fuzzy in {language}/{domain}.po"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogues_match_their_sources(tmp_path, language, domain):
    _require_gettext()
    base = ROOT / "locale" / language / "LC_MESSAGES"
    compiled = tmp_path / f"{domain}.mo"
    subprocess.run(
        [shutil.which("msgfmt"), "--check-format", "-o", str(compiled), str(base / f"{domain}.po")],
        check=True,
        capture_output=True,
    )
    assert (base / f"{domain}.mo").read_bytes() == compiled.read_bytes(), (
        f"locale/{language}/LC_MESSAGES/{domain}.mo is out of date: run make messages"
    )


def test_the_check_sees_an_untranslated_msgid():
    """The parser the check relies on finds entries (and ignores the header)."""
    fragment = 'msgid ""\nmsgstr ""\n"Language: pl\\n"\n\nmsgid "Save"\nmsgstr ""\n'
    assert _entries(fragment) == ["Save"]
