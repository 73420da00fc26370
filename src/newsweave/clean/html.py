"""HTML pages to body paragraphs and page metadata, through trafilatura.

trafilatura does the hard part (finding the main text); we only add a
conservative pass for clutter that slips through, and keep its metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import trafilatura
from lxml import html as lxml_html

from newsweave.clean.metadata import parse_byline
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
    header: list[str] = field(default_factory=list)  # byline and date lines found above the body


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
    title = _prefer_h1(markup, _clean_title(doc.title, doc.sitename))
    paragraphs = [p.strip() for p in doc.text.split("\n") if p.strip()]
    paragraphs, removed, header = _drop_page_furniture(paragraphs, title)
    kept, more = filter_extracted_paragraphs(paragraphs)
    removed += more
    if not kept:
        raise NoArticleText("the HTML holds only page furniture, no article text")
    author = _authors(doc.author)
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
        header=header,
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


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= 8 and paragraph.rstrip()[-1:] in ".!?\"”’:)"


def _drop_page_furniture(
    paragraphs: list[str], title: str | None
) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """What trafilatura keeps from around the article body: the headline (an
    <h1> inside <article>), and short labels above the first sentence of the
    body (section names, "Last updated", reading times). The body of a news
    article starts with a sentence, so short unpunctuated lines before it are
    furniture; nothing after the first sentence is touched here except exact
    repeats (pull quotes repeat a body sentence) and lines without letters."""
    removed: list[tuple[str, str]] = []
    header: list[str] = []
    kept: list[str] = []
    seen_prose = False
    for i, para in enumerate(paragraphs):
        if title and i < 6 and _same_words(para, title):
            removed.append((para, "headline"))
            continue
        if not seen_prose and len(para.split()) <= 20 and not para.rstrip().endswith((".", "”", '"')):
            author, _, date = parse_byline(para)
            if author or date:
                header.append(para)
                continue
        if not seen_prose and not _is_prose(para) and len(para.split()) <= 6 and not para.startswith("|"):
            removed.append((para, "label"))
            continue
        if not any(ch.isalpha() for ch in para) and not para.startswith("|"):
            removed.append((para, "no-words"))
            continue
        seen_prose = seen_prose or _is_prose(para)
        kept.append(para)
    norms = [_norm(p) for p in kept]
    out = []
    for i, para in enumerate(kept):
        n = norms[i]
        if len(n) > 20 and any(j != i and len(norms[j]) > len(n) and n in norms[j] for j in range(len(kept))):
            removed.append((para, "pull-quote"))
            continue
        out.append(para)
    return out, removed, header


_H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.I | re.S)
_TAG = re.compile(r"<[^>]+>")


def _prefer_h1(markup: str, title: str | None) -> str | None:
    """Sites often shorten the <title> for search engines; the article's own
    <h1> is the headline readers saw. Taken only when it is clearly the same
    headline (it shares most of the title's words)."""
    heads = _H1.findall(markup)
    if len(heads) != 1:
        return title
    import html as html_lib

    h1 = " ".join(html_lib.unescape(_TAG.sub(" ", heads[0])).split())
    if not h1 or not title:
        return title or h1 or None
    words = set(_norm(title).split())
    shared = words & set(_norm(h1).split())
    return h1 if len(h1) > len(title) and len(shared) >= 0.6 * len(words) else title


# A byline naming a desk rather than a person is not an author.
_NOT_A_PERSON = re.compile(r"\b(staff|newsroom|editors?|editorial|team|desk|wire|reports?|agencies|bureau)\b", re.I)


def _authors(raw: str | None) -> str | None:
    if not raw:
        return None
    names = [n.strip() for n in re.split(r";|\s+and\s+|,", raw) if n.strip()]
    names = [n for n in names if not _NOT_A_PERSON.search(n)]
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


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
