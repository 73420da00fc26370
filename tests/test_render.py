"""Markdown and HTML dossiers: everything from articles is hostile.

A hand-built dossier carries script tags, event handlers and javascript: URLs
in every field a scraped page can reach (titles, outlets, quotes, claims,
entity names, ids, URIs). Both renderers must show that text as text, never
as markup, link only to http, https and file URLs, and keep every citation
pointing at an article anchor that exists."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from markdown_it import MarkdownIt

from newsweave.render.html import to_html
from newsweave.render.markdown import md, to_markdown
from newsweave.render.view import anchor, fmt_date, fmt_value, safe_href

EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
EVIL_ID = 'a9" onmouseover="window.__pwned=3'


def hostile_dossier() -> dict[str, Any]:
    return {
        "story": {
            "id": "s1<b>", "title": "Bridge shut " + EVIL, "first_seen": "2024-05-06", "last_seen": "2024-06-20",
            "threads": [
                {"id": "s1.t1", "title": "Closure " + EVIL, "articles": ["a1", "a2", EVIL_ID],
                 "summary": [{"text": "Thread sentence " + EVIL, "articles": ["a1"]}]},
                {"id": "s1.t2", "title": "Reopening", "articles": ["a3", "a4", "a5", "a6"]},
            ],
        },
        "articles": [
            {"id": "a1", "uri": "javascript:window.__pwned=4", "title": "Title " + EVIL, "outlet": "<b>Valley</b> Post",
             "author": EVIL, "published": "2024-05-06", "published_estimated": None, "dateline": EVIL,
             "language": "en", "attributed_to": [EVIL], "derived_from": []},
            {"id": "a2", "uri": "https://news.example/a2?q=\"><script>window.__pwned=5</script>", "title": "Copy",
             "outlet": "Daily Aggregator", "author": None, "published": None,
             "published_estimated": {"earliest": "2024-05-06", "latest": "2024-05-09"}, "dateline": None,
             "language": "en", "attributed_to": [],
             "derived_from": [{"id": "a1", "relation": "duplicate", "similarity": 1.0, "evidence": EVIL}]},
            {"id": EVIL_ID, "uri": " JaVaScRiPt:window.__pwned=6", "title": "Odd id", "outlet": None,
             "published": None, "published_estimated": None, "attributed_to": [],
             "derived_from": [{"id": "a1", "relation": "translation", "similarity": 0.61,
                               "evidence": "[x](javascript:y)"}]},
            {"id": "a3", "uri": "java\tscript:window.__pwned=7", "title": "Tabbed scheme", "outlet": "Riverside Times",
             "published": "2024-06-20T08:00:00Z", "attributed_to": [], "derived_from": []},
            {"id": "a4", "uri": "data:text/html,<script>window.__pwned=8</script>", "title": "Data URI",
             "outlet": "Riverside Times", "published": "2024-06-21", "attributed_to": [], "derived_from": []},
            {"id": "a5", "uri": "/srv/news/a five.txt", "title": "Local file", "outlet": "Harbour Gazette",
             "published": "2024-06-21", "attributed_to": [], "derived_from": []},
            {"id": "a6", "uri": "https://gazette.example/a6", "title": "[link](javascript:alert(1)) *bold* | pipe",
             "outlet": "Harbour Gazette", "published": "2024-06-22", "attributed_to": [],
             "derived_from": [{"id": "a5", "relation": "same_origin", "similarity": 0.9, "evidence": "shared"}]},
        ],
        "entities": [
            {"id": 'e1"><script>window.__pwned=9</script>', "name": "Marta " + EVIL, "type": "PERSON",
             "aliases": [EVIL, "Kovalenko"], "articles": ["a1", "a2"], "mentions": 4, "flags": ["mix-up " + EVIL]},
            {"id": "e2", "name": "Mirela", "type": "GPE", "aliases": [], "articles": ["a1"], "mentions": 1},
        ],
        "quotes": [
            {"text": "We cannot take the risk " + EVIL, "speaker": "Marta " + EVIL,
             "speaker_entity": 'e1"><script>window.__pwned=9</script>', "articles": ["a1", "a2"],
             "variants": [{"text": "We can not take risk " + EVIL, "speaker": "Osric " + EVIL, "articles": [EVIL_ID],
                           "speaker_conflict": True},
                          "a bare <i>string</i> variant"]},
        ],
        "claims": [
            {"id": "c1", "subject": "vehicles a day " + EVIL, "status": "conflict", "values": [
                {"value": 38000, "unit": "vehicles", "text": "About 38,000 " + EVIL, "articles": ["a1", "a2"]},
                {"value": 30000.0, "unit": "vehicles", "text": "some 30,000", "articles": ["a3"]}],
             "notes": [{"text": "“48,000 vehicles and bicycles” counts a wider scope " + EVIL, "value": 48000,
                        "unit": "vehicles", "articles": ["a4"]}, "a bare <i>string</i> note", {"articles": ["a1"]}]},
            {"id": "c2", "subject": "cost", "status": "<script>", "values": [
                {"value": 2.5, "unit": "USD", "text": "$2.5 million", "articles": ["a5"]}]},
            {"id": "c3", "subject": "cables replaced", "status": "single_source", "values": [
                {"value": 11, "unit": None, "text": "eleven cables", "articles": ["a3"]}]},
        ],
        "timeline": [
            {"date": "2024-06-20", "precision": "day", "text": "Bridge reopens " + EVIL, "articles": ["a3"]},
            {"date": "2024-05", "precision": "month", "text": "Inspection " + EVIL, "articles": ["a1", "unknown-id"]},
        ],
        "summary": [
            {"text": "[click](javascript:window.__pwned=10) " + EVIL, "articles": ["a1", "a2", "not-in-dossier"]},
            {"text": "Reopened after six weeks.", "articles": ["a3"]},
        ],
    }


class Page(HTMLParser):
    """What a browser would act on: elements, attributes, links and ids."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.ids: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name == "id":
                self.ids.add(value or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def hrefs(self) -> list[str]:
        return [v for _, n, v in self.attrs if n == "href"]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


SAFE_HREF = re.compile(r"^(#[A-Za-z0-9_.-]+|https?://[^\s]+|file:///[^\s]*)$")


def assert_inert(page: Page) -> None:
    active = {"script", "img", "iframe", "object", "embed", "link", "base", "form", "svg", "math", "video", "audio",
              "source", "input", "button", "textarea", "frame", "frameset", "applet", "template"}
    assert not active & set(page.tags), active & set(page.tags)
    for tag, name, value in page.attrs:
        assert not name.startswith("on"), (tag, name, value)
        assert name not in {"src", "srcset", "formaction", "action", "background", "xlink:href", "style"}, (tag, name)
    for href in page.hrefs:
        assert SAFE_HREF.match(href), href
        assert "javascript" not in href.lower() and "data:" not in href.lower()
    # Every in-page link lands on an element that exists.
    for href in page.hrefs:
        if href.startswith("#"):
            assert href[1:] in page.ids, href


@pytest.fixture
def dossier() -> dict[str, Any]:
    return hostile_dossier()


# --------------------------------------------------------------------------
# HTML


def test_html_shows_hostile_text_as_text(dossier: dict[str, Any]) -> None:
    html = to_html(dossier)
    page = parse(html)
    assert_inert(page)
    text = "".join(page.text)
    # Shown, not dropped: the reader sees exactly what the article said.
    assert "Title <script>window.__pwned=1</script>" in text
    assert 'onerror="window.__pwned=2"' in text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "<script" not in html.lower()


def test_html_has_a_strict_content_security_policy(dossier: dict[str, Any]) -> None:
    page = parse(to_html(dossier))
    metas = [dict((n, v) for t, n, v in page.attrs if t == "meta" and n in {"http-equiv", "content"})]
    policies = [v for t, n, v in page.attrs if t == "meta" and n == "content" and "default-src" in v]
    assert metas and len(policies) == 1
    policy = policies[0]
    assert "default-src 'none'" in policy
    assert "style-src 'unsafe-inline'" in policy
    assert "script-src" not in policy
    # The policy must come before anything it governs.
    assert page.tags.index("meta") < page.tags.index("style")


def test_html_links_only_to_safe_schemes(dossier: dict[str, Any]) -> None:
    page = parse(to_html(dossier))
    external = [h for h in page.hrefs if not h.startswith("#")]
    assert "file:///srv/news/a%20five.txt" in external
    assert "https://gazette.example/a6" in external
    assert any(h.startswith("https://news.example/a2?q=") for h in external)
    # javascript: (plain, upper-case with a leading space, split by a tab) and data: are never links.
    assert len(external) == 3, external
    for tag, name, value in page.attrs:
        if tag == "a" and name == "rel":
            assert "noopener" in value and "noreferrer" in value


def test_html_citations_jump_to_article_anchors(dossier: dict[str, Any]) -> None:
    page = parse(to_html(dossier))
    for ident in ("a1", "a2", "a3", "a4", "a5", "a6"):
        assert f"article-{ident}" in page.ids
    hostile_anchor = anchor("article", EVIL_ID)
    assert hostile_anchor in page.ids and re.fullmatch(r"[A-Za-z0-9_.-]+", hostile_anchor)
    cites = [h for h in page.hrefs if h.startswith("#article-")]
    assert "#article-a1" in cites and f"#{hostile_anchor}" in cites
    # An id the dossier does not contain is not linked.
    assert "#article-not-in-dossier" not in cites and "#article-unknown-id" not in cites


def test_html_has_every_section(dossier: dict[str, Any]) -> None:
    page = parse(to_html(dossier))
    for section in ("summary", "timeline", "claims", "quotes", "actors", "lineage", "coverage", "articles"):
        assert section in page.ids
    text = " ".join(" ".join(page.text).split())
    assert "Conflict" in text and "38,000 vehicles" in text and "30,000 vehicles" in text
    assert "May 2024" in text and "20 Jun 2024" in text  # dates at their precision
    assert "est. 6–9 May 2024" in text  # an estimate says it is one
    assert "attributed to Osric" in text  # a misattributed variant is flagged
    assert "a bare <i>string</i> variant" in text


def test_html_survives_an_empty_dossier() -> None:
    html = to_html({})
    page = parse(html)
    assert_inert(page)
    text = " ".join(page.text)
    assert "Untitled story" in text and "No dated events were found." in text


def test_html_does_not_change_the_dossier(dossier: dict[str, Any]) -> None:
    before = copy.deepcopy(dossier)
    to_html(dossier)
    to_markdown(dossier)
    assert dossier == before


# --------------------------------------------------------------------------
# Markdown


def markdown_to_html(text: str) -> str:
    renderer = MarkdownIt("commonmark", {"html": True}).enable("table")
    # Let every link through, so that only our own escaping stands between
    # the article text and the reader.
    renderer.validateLink = lambda url: True  # type: ignore[method-assign]
    return renderer.render(text)


def test_markdown_is_inert_when_rendered_with_raw_html_allowed(dossier: dict[str, Any]) -> None:
    text = to_markdown(dossier)
    page = parse(markdown_to_html(text))
    # The only raw HTML we emit is the article anchors (and <br> in tables).
    assert set(page.tags) <= {"h1", "h2", "h3", "p", "ul", "ol", "li", "a", "strong", "em", "blockquote", "table",
                              "thead", "tbody", "tr", "th", "td", "code", "br"}, set(page.tags)
    assert_inert(page)
    shown = " ".join(page.text)
    assert "Title <script>window.__pwned=1</script>" in shown
    assert "[click](javascript:window.__pwned=10)" in shown


def test_markdown_links_and_anchors(dossier: dict[str, Any]) -> None:
    page = parse(markdown_to_html(to_markdown(dossier)))
    external = [h for h in page.hrefs if not h.startswith("#")]
    assert sorted(external) == sorted([
        "file:///srv/news/a%20five.txt", "https://gazette.example/a6",
        "https://news.example/a2?q=%22%3E%3Cscript%3Ewindow.__pwned=5%3C/script%3E",
    ])
    assert "article-a1" in page.ids and anchor("article", EVIL_ID) in page.ids


def test_markdown_structure(dossier: dict[str, Any]) -> None:
    text = to_markdown(dossier)
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Summary", "## Timeline", "## Claims", "## Quotes by speaker", "## Actors",
                        "## Source lineage", "## Coverage by outlet", "## Articles"]
    # Pipes in article text cannot split a table row.
    for line in text.splitlines():
        if line.startswith("| ") and "vehicles a day" in line:
            assert len(re.findall(r"(?<!\\)\|", line)) == 4


@pytest.mark.parametrize(("raw", "escaped"), [
    ("a *b* _c_", r"a \*b\* \_c\_"),
    ("[x](javascript:y)", r"\[x\](javascript:y)"),
    ("<b>&amp;</b>", r"\<b\>\&amp;\</b\>"),
    ("# not a heading", r"\# not a heading"),
    ("1. not a list", r"1\. not a list"),
    ("cost $5 | $6", r"cost \$5 \| \$6"),
    ("two\nlines", "two lines"),
])
def test_md_escapes(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


# --------------------------------------------------------------------------
# Shared helpers


@pytest.mark.parametrize(("uri", "href"), [
    ("https://x.example/a", "https://x.example/a"),
    ("http://x.example/a", "http://x.example/a"),
    ("/srv/a b.txt", "file:///srv/a%20b.txt"),
    ("file:///srv/a.txt", "file:///srv/a.txt"),
    ("javascript:alert(1)", None),
    (" JAVASCRIPT:alert(1)", None),
    ("java\tscript:alert(1)", None),
    ("java\nscript:alert(1)", None),
    ("vbscript:x", None),
    ("data:text/html,x", None),
    ("//evil.example/x", None),
    ("relative/path.txt", None),
    ("https:", None),
    (None, None),
])
def test_safe_href(uri: str | None, href: str | None) -> None:
    assert safe_href(uri) == href


def test_formatting() -> None:
    assert fmt_date("2024-05-06") == "6 May 2024"
    assert fmt_date("2024-05", "month") == "May 2024"
    assert fmt_date("2024", "year") == "2024"
    assert fmt_date("2024-05-06T10:00:00Z") == "6 May 2024"
    assert fmt_date("around then") == "around then"
    assert fmt_value(1000.0, "troops") == "1,000 troops"
    assert fmt_value(2.5, "USD") == "$2.5"
    assert fmt_value(12, "percent") == "12%"
    assert fmt_value(None, None) == "—"


def test_claim_notes_are_shown_with_the_claim_as_text(dossier: dict[str, Any]) -> None:
    # A qualifier is a note on the conflict, not a value: it sits in the claim's row, cites its article,
    # and is as inert as everything else.
    html = to_html(dossier)
    page = parse(html)
    assert_inert(page)
    row = html[html.index('id="claim-c1"') if 'id="claim-c1"' in html else html.index("vehicles a day"):]
    row = row[:row.index("</tr>")]
    assert 'class="notes"' in row and "48,000 vehicles and bicycles" in row
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in row
    assert "counts a wider scope <script" not in html
    assert row.count("<li><span class=\"note-label\">") == 1  # malformed notes are skipped
    assert 'href="#' in row[row.index('class="notes"'):]

    text = to_markdown(dossier)
    line = next(ln for ln in text.splitlines() if ln.startswith("| vehicles a day"))
    assert "_Note: “48,000 vehicles and bicycles” counts a wider scope" in line
    assert line.count("_Note:") == 1
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(text)
    assert "<script" not in rendered.lower() and "Note:" in rendered
