"""HTML pages to body paragraphs and page metadata, through trafilatura.

trafilatura does the hard part (finding the main text); we only add a
conservative pass for clutter that slips through, and keep its metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import trafilatura
from lxml import html as lxml_html

from newsweave.clean.plaintext import filter_extracted_paragraphs

# htmldate's extensive search reads dates out of free text anywhere on the
# page, which is a guess; only dates the page states as its own are wanted.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(slots=True)
class ExtractedPage:
    title: str | None
    paragraphs: list[str]
    author: str | None = None
    published: str | None = None
    sitename: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class NoArticleText(ValueError):
    """The page holds no article text trafilatura can find."""


def extract_page(markup: str, *, url: str | None = None) -> ExtractedPage:
    warnings = []
    tail = markup[-2048:].lower()
    if "</html>" not in tail and "</body>" not in tail:
        warnings.append("HTML looks truncated (no closing </body> or </html>); extracted what was there")
    doc = trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if doc is None or not (doc.text or "").strip():
        raise NoArticleText("no article text found in the HTML")
    title = _clean_title(doc.title, doc.sitename)
    paragraphs = [p.strip() for p in doc.text.split("\n") if p.strip()]
    # trafilatura keeps an <h1> inside the article as the first line.
    if paragraphs and title and _same_words(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    kept, removed = filter_extracted_paragraphs(paragraphs)
    if not kept:
        raise NoArticleText("the HTML holds only page furniture, no article text")
    author = doc.author.replace("; ", ", ") if doc.author else None
    return ExtractedPage(
        title=title,
        paragraphs=kept,
        author=author,
        published=doc.date or None,
        sitename=_clean_sitename(doc.sitename),
        canonical_url=doc.url or None,
        description=doc.description or None,
        removed=removed,
        warnings=warnings,
    )


_BLOCKS = {"p", "li", "blockquote", "h2", "h3", "h4", "h5", "h6", "pre", "dd", "figcaption", "td"}


def fragment_paragraphs(fragment: str) -> tuple[list[str], list[tuple[str, str]]]:
    """Paragraphs of an HTML fragment, such as a feed entry's content, which is
    the article body already: no page chrome for trafilatura to strip."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for bad in root.xpath("//script|//style|//noscript|//iframe|//form"):
        bad.drop_tree()
    paragraphs: list[str] = []
    removed: list[tuple[str, str]] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "figcaption":
            removed.append((" ".join(el.text_content().split()), "caption"))
            continue
        if el.tag in _BLOCKS and not any(a.tag in _BLOCKS for a in el.iterancestors()):
            text = " ".join(el.text_content().split())
            if text:
                paragraphs.append(text)
    if not paragraphs:
        text = root.text_content()
        paragraphs = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    kept, more = filter_extracted_paragraphs(paragraphs)
    return kept, removed + more


def _same_words(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _clean_title(title: str | None, sitename: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    if sitename:
        # "Headline - The Ledger" / "Headline | The Ledger"
        for sep in (" - ", " | ", " – ", " — ", " :: "):
            head, _, tail = title.rpartition(sep)
            if head and _norm(tail) == _norm(sitename):
                return head.strip()
    return title


def _clean_sitename(name: str | None) -> str | None:
    if not name:
        return None
    name = " ".join(name.split())
    # A bare hostname is not an outlet name the page states.
    if re.fullmatch(r"(www\.)?[\w-]+(\.[\w-]+)+", name):
        return None
    return name
