"""The communities demo data, read from the TOML files next to this module.

Pure data, no database access. The facts come from the five source documents in
``../shared/seeds/``: Partnerforum (Norway), Synergia (Poland with Bulgaria, Latvia and
Hungary), Partnership for Change (Slovenia), communities of practice (Poland) and social
clustering (Lithuania). Organisations named there keep their real names; the people are
invented.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from core.demo import DEMO_PASSWORD, load_toml

HERE = Path(__file__).resolve().parent


def paragraphs(*texts: str) -> str:
    """Rich-text HTML: one ``<p>`` per paragraph, text escaped."""
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in texts)


def _load():
    people = load_toml(HERE / "people.toml")
    pages = load_toml(HERE / "communities.toml")
    home = {**pages["home_page"], "body": paragraphs(*pages["home_page"]["body"])}
    communities = [
        {
            **data,
            "description": paragraphs(*data["description"]),
            "pending": [(row["username"], row["message"]) for row in data.get("pending", [])],
        }
        for data in pages["community"]
    ]
    logins = [{**login, "password": DEMO_PASSWORD} for login in people["login"]]
    return (
        load_toml(HERE / "organisations.toml")["organisation"],
        [{"illustrative": people.get("illustrative", False), **row} for row in people["person"]],
        logins,
        home,
        pages["community_index_page"],
        communities,
    )


ORGANISATIONS, PEOPLE, DEMO_LOGINS, HOME_PAGE, COMMUNITY_INDEX_PAGE, COMMUNITIES = _load()
