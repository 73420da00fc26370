"""One raw document to one Article: body text plus trustworthy metadata.

Metadata precedence follows how much each source can be trusted: what the
container states (a JSON Lines record, a feed entry) first, then the page's
own metadata, then what the text itself says. Nothing is guessed: an unknown
field stays None."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from newsweave.clean.html import ExtractedPage, extract_page, fragment_paragraphs
from newsweave.clean.language import detect_language
from newsweave.clean.metadata import find_dateline, metadata_from_text
from newsweave.clean.plaintext import clean_scraped_text
from newsweave.model import Article, RawDocument, paragraphs_to_text, text_hash


class EmptyArticle(ValueError):
    """Cleaning left no article text."""


@dataclass(slots=True)
class Cleaned:
    article: Article
    removed: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def article_id(uri: str, raw_sha256: str) -> str:
    """Stable and derived from the content; the uri takes part so that two
    inputs with the same bytes (two URLs) stay two articles for linking."""
    return hashlib.sha256(f"{uri}\n{raw_sha256}".encode()).hexdigest()[:16]


def clean_document(
    doc: RawDocument,
    text: str,
    *,
    line_counts: Mapping[str, int] | None = None,
    corpus_size: int = 0,
) -> Cleaned:
    hints = doc.hints
    page: ExtractedPage | None = None
    header: list[str] = []
    removed: list[tuple[str, str]] = []
    warnings: list[str] = []
    if doc.kind == "html" and hints.get("fragment"):
        paragraphs, removed = fragment_paragraphs(text)
        title = hints.get("title")
    elif doc.kind == "text" and not text.strip() and hints.get("title"):
        paragraphs, title = [], hints["title"]
    elif doc.kind == "html":
        page = extract_page(text, url=hints.get("final_url") or _http_url(doc.uri))
        paragraphs, removed, warnings, header = page.paragraphs, page.removed, page.warnings, page.header
        title = page.title
    else:
        scraped = clean_scraped_text(text, line_counts=line_counts, corpus_size=corpus_size)
        paragraphs, removed, header, title = scraped.paragraphs, scraped.removed, scraped.header, scraped.title
    if hints.get("title"):
        title = " ".join(str(hints["title"]).split())
        # A record that states its title often repeats it as the first line.
        if paragraphs and _norm(paragraphs[0]) == _norm(title):
            paragraphs = paragraphs[1:]
    body = paragraphs_to_text(paragraphs)
    if not body and doc.kind == "text" and text.strip():
        # The filter found nothing it would call an article (a one-line item,
        # a headline-only wire alert): keeping the text as given is better
        # than losing the article, and the warning says so.
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > 1 and title and _norm(lines[0]) == _norm(title):
            lines = lines[1:]
        paragraphs = lines
        body = paragraphs_to_text(paragraphs)
        warnings.append("the boilerplate filter would have removed every line; the text is kept as given")
    if not body and not (doc.kind == "text" and not text.strip() and title):
        raise EmptyArticle("no article text left after removing boilerplate")

    url = hints.get("url") or _http_url(doc.uri)
    canonical = (page.canonical_url if page else None) or hints.get("final_url") or url
    outlet_hint = hints.get("source") or (page.sitename if page else None)
    meta = metadata_from_text(title, header, paragraphs, outlet_hint=outlet_hint)
    outlet = outlet_hint or meta.outlet or _host(canonical)
    author = hints.get("author") or (page.author if page else None) or meta.author
    published = _stated_date(hints.get("date"), warnings) or (page.published if page else None) or meta.published
    dateline = meta.dateline or (find_dateline(paragraphs[0]) if paragraphs else None)

    article = Article(
        id=doc.external_id or article_id(doc.uri, doc.sha256),
        uri=doc.uri,
        title=title or None,
        text=body,
        outlet=outlet,
        author=author,
        published=published,
        dateline=dateline,
        language=detect_language(body),
        canonical_url=canonical,
        attributed_to=[a for a in meta.attributed_to if _norm(a) != _norm(outlet or "")],
        text_hash=text_hash(body),
        input_sha256=doc.sha256,
    )
    extra: dict[str, Any] = {}
    if page and page.description:
        extra["description"] = page.description
    if header:
        extra["header"] = header
    if removed:
        extra["removed"] = [[line, why] for line, why in removed]
    return Cleaned(article, removed, warnings + doc.warnings, extra)


def _stated_date(value: Any, warnings: list[str]) -> str | None:
    if not value:
        return None
    value = str(value).strip()
    candidate = value.replace("Z", "+00:00")
    try:
        datetime.fromisoformat(candidate)
        return value
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}(-\d{2})?", value):
        return value
    import dateparser

    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True, "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None:
        warnings.append(f"stated date {value!r} is not a date; published left unknown")
        return None
    has_time = bool(re.search(r"\d{1,2}:\d{2}", value))
    return parsed.isoformat(timespec="seconds") if has_time else parsed.date().isoformat()


def _http_url(uri: str) -> str | None:
    return uri if uri.lower().startswith(("http://", "https://")) else None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    host = host.removeprefix("www.")
    # Example and loopback hosts name no outlet.
    if not host or host in ("localhost",) or re.fullmatch(r"[\d.]+", host):
        return None
    return host


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower())).removeprefix("the ")
