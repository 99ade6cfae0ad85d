"""Post text becomes HTML in one function, with a strict allowlist (no input gets script in)."""

from __future__ import annotations

import time
from html.parser import HTMLParser

import pytest

from discussions.rendering import ALLOWED_TAGS, LINK_REL, mentioned_usernames, render_markdown

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")


class Inspector(HTMLParser):
    """Collects every element, attribute and text node of a fragment."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def inspect(html: str) -> Inspector:
    parser = Inspector()
    parser.feed(html)
    parser.close()
    return parser


def assert_safe(html: str) -> None:
    """The allowlist, checked on the parsed output rather than on substrings."""
    for tag, attrs in inspect(html).elements:
        assert tag in ALLOWED_TAGS, f"<{tag}> survived in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} in {html!r}"
            assert name not in {"style", "id", "src", "srcdoc", "action", "formaction"}, html
            if name == "href":
                href = "".join(value.split()).lower()
                same_site = href.startswith("/") and href[1:2] not in ("/", "\\")
                assert href.startswith(ALLOWED_SCHEMES) or same_site, f"href {value!r}"
                assert attrs.get("rel") == LINK_REL, f"link without our rel in {html!r}"
            if name == "class":
                assert tag == "span" and value == "mention", html


def links(html: str) -> list[dict]:
    return [attrs for tag, attrs in inspect(html).elements if tag == "a"]


# From the OWASP XSS filter evasion cheat sheet, in Markdown's link forms too.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=http://xss.example/xss.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<form action=javascript:alert(1)><button>go</button></form>",
    "<input onfocus=alert(1) autofocus>",
    "<style>@import 'http://xss.example/x.css';</style>",
    "<p style=\"background:url('javascript:alert(1)')\" id=x>styled</p>",
    '<a href="javascript:alert(1)">click</a>',
    "<body onload=alert(1)>",
    "<<SCRIPT>alert(1)//<</SCRIPT>",
    "<div onmouseover='alert(1)'>hover</div>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](<javascript:alert(1)>)",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](&#x6A;&#x61;&#x76;&#x61;script:alert(1))",
    "[click](javascript&colon;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "[click][ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
    "<javascript:alert(1)>",
    '<http://example.org/" onmouseover="alert(1)>',
    '[click](http://example.org" onclick="alert(1))',
    '[click](http://example.org "title\\" onmouseover=\\"alert(1)")',
    '[click](https://example.org/"><script>alert(1)</script>)',
    "![x](javascript:alert(1))",
    '![x" onerror="alert(1)](http://example.org/x.png)',
    "[click](//evil.example/path)",
    "[click](/\\evil.example/path)",
    "[click](/\n/evil.example/path)",
    "[click](ftp://example.org/file)",
    "`<script>alert(1)</script>` and <script>alert(2)</script>",
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_xss_payload_survives(payload):
    html = render_markdown(payload)

    assert_safe(html)
    for link in links(html):
        href = (link.get("href") or "").lower()
        assert "javascript" not in href and "data:" not in href and "evil" not in href


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<b>bold?</b> <i>no</i>",
        '<img src="x.png">',
        "<iframe src=https://example.org></iframe>",
    ],
)
def test_raw_html_is_shown_as_text_not_as_markup(source):
    html = render_markdown(source)

    assert inspect(html).text.strip() == source
    assert {tag for tag, _ in inspect(html).elements} <= {"p", "a"}  # a: linkified URLs
    assert_safe(html)


def test_markdown_formatting_people_use_is_kept():
    html = render_markdown(
        "**bold** _italic_ ~~not~~\n\n- one\n- two\n\n1. first\n\n> quoted\n\n---\n\n"
        "| Office | Days |\n|---|---|\n| Oslo | 3 |"
    )
    tags = {tag for tag, _ in inspect(html).elements}

    assert {"strong", "em", "ul", "ol", "li", "blockquote", "hr", "table", "th", "td"} <= tags
    assert_safe(html)


def test_links_get_nofollow_noopener_ugc_and_keep_their_address():
    html = render_markdown(
        "[report](https://example.org/report?a=1&b=2) and [write](mailto:ana@example.org) "
        "and [our guide](/guide/briefing/)"
    )

    assert [link["href"] for link in links(html)] == [
        "https://example.org/report?a=1&b=2",
        "mailto:ana@example.org",
        "/guide/briefing/",
    ]
    assert all(link["rel"] == LINK_REL for link in links(html))


def test_an_author_cannot_set_rel_or_other_link_attributes():
    html = render_markdown('[x](https://example.org "t") <a href="/x" rel="opener" id="y">z</a>')

    assert [link["rel"] for link in links(html)] == [LINK_REL]
    assert_safe(html)


def test_bare_urls_and_addresses_are_linkified_in_the_same_pass():
    html = render_markdown("See https://example.org/a?b=1&c=2, www.example.com or ana@example.org")

    assert [link["href"] for link in links(html)] == [
        "https://example.org/a?b=1&c=2",
        "http://www.example.com",
        "mailto:ana@example.org",
    ]
    assert all(link["rel"] == LINK_REL for link in links(html))


def test_urls_inside_code_are_not_linkified():
    html = render_markdown("`https://example.org/x`\n\n```\ncurl https://example.org/y\n```")

    assert links(html) == []


def test_code_blocks_are_escaped_once_not_twice():
    html = render_markdown("```\nif a < b && c > \"d\":\n    print('<b>')\n```\n\nand `x < y & z`")

    assert "&amp;lt;" not in html and "&amp;amp;" not in html
    assert "if a &lt; b &amp;&amp; c &gt;" in html
    assert inspect(html).text.count("<b>") == 1  # shown, as text
    assert "<code>x &lt; y &amp; z</code>" in html


def test_ampersands_and_entities_render_as_people_typed_them():
    assert inspect(render_markdown("R&D costs < 5% & falling")).text.strip() == (
        "R&D costs < 5% & falling"
    )


def test_headings_stay_headings_below_the_page_title():
    html = render_markdown("# Our approach\n\ntext\n\n## Step one")
    tags = [tag for tag, _ in inspect(html).elements]

    assert "h1" not in tags and "h2" not in tags
    assert tags[0] == "h3" and "h4" in tags
    assert_safe(html)


def test_mentions_are_found_but_not_in_e_mail_addresses():
    assert mentioned_usernames("Thanks @ana.novak and @jonas_p! Write to kari@example.org.") == {
        "ana.novak",
        "jonas_p",
    }


# Each of these took between 5 and 60 seconds to render (quadratic scans in Markdown's link
# parser and bleach's linkify): one post, or one preview request, could hold a worker.
PATHOLOGICAL = {
    "brackets": "[" * 20_000,
    "nested brackets": "[[" * 5_000 + "]]" * 5_000,
    "images": "![" * 10_000,
    "unclosed links": "[a](" * 5_000,
    "unclosed image links": "![x](" * 4_000,
    "one long word": "x" * 20_000,
    "digits": "1" * 20_000,
    "hyphenated": "x-" * 10_000,
    "host-like": "ab.c-" * 4_000,
    "dots and hyphens": "a-.a" * 5_000,
    "url prefix": "http://" + "x" * 19_990,
    "parentheses": "(" * 20_000,
}


@pytest.mark.parametrize("source", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_renders_quickly(source):
    started = time.perf_counter()
    html = render_markdown(source)

    assert time.perf_counter() - started < 2.0
    assert_safe(html)


def test_long_link_targets_stay_text_with_the_url_still_linked():
    url = "https://example.org/" + "a" * 3_000
    html = render_markdown(f"[report]({url})")

    assert [link["href"] for link in links(html)] == [url]  # linkified, not a Markdown link
    assert "[report]" in inspect(html).text
