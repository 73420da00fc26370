"""One reader per input kind. Each turns an input into RawDocuments, or into
InputErrors that name the input and the place in it, and never stops the
others: a bad line, entry or record is reported and the rest go on."""

from __future__ import annotations

import calendar
import gzip
import io
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import feedparser
from lxml import html as lxml_html
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsweave.ingest.decode import decode_bytes, looks_binary
from newsweave.ingest.fetch import Fetched, Fetcher, FetchError
from newsweave.model import InputError, RawDocument

Item = RawDocument | InputError

DEFAULT_MAX_DOC_BYTES = 10 * 1024 * 1024
# A feed entry whose own content has at least this many words is taken as the
# full article; shorter ones are teasers and their link is fetched instead.
FULL_TEXT_MIN_WORDS = 120

_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_FEED_EXT = {".rss", ".atom", ".xml"}
_JSONL_EXT = {".jsonl", ".ndjson"}


# --------------------------------------------------------------------- sniffing
def sniff_kind(head: bytes, name: str = "") -> str:
    """Decide what a file or response holds from its name and first bytes."""
    lower = name.lower()
    if lower.endswith((".warc", ".warc.gz", ".arc.gz")):
        return "warc"
    if lower.endswith((".jsonl", ".ndjson", ".jsonl.gz")):
        return "jsonl"
    suffix = Path(lower).suffix
    if head.startswith(b"WARC/"):
        return "warc"
    if head[:2] == b"\x1f\x8b":
        try:
            inner = gzip.GzipFile(fileobj=io.BytesIO(head)).read(16)
        except (OSError, EOFError):
            inner = b""
        return "warc" if inner.startswith(b"WARC/") else "binary"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<?xml") or suffix in _FEED_EXT:
        window = text[:2048]
        if b"<rss" in window or b"<feed" in window or b"<rdf:rdf" in window:
            return "feed"
        if suffix in _FEED_EXT:
            return "feed"
    if suffix in _HTML_EXT or text.startswith((b"<!doctype html", b"<html")) or (
        text.startswith(b"<") and re.search(rb"<(body|p|div|article|head)\b", text[:4096])
    ):
        return "html"
    if suffix in _JSONL_EXT or text.startswith(b"{"):
        return "jsonl"
    return "text"


# ------------------------------------------------------------------ single docs
def read_document_file(path: Path, kind: str, data: bytes) -> Item:
    uri = str(path)
    if not data.strip():
        return InputError(uri, "empty file")
    if kind == "text" and looks_binary(data):
        return InputError(uri, "binary file, not text or HTML")
    return RawDocument(uri=uri, kind="html" if kind == "html" else "text", raw=data)


# ----------------------------------------------------------------- JSON Lines
def read_jsonl(stream: IO[bytes], uri: str, *, max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> Iterator[Item]:
    """`{"id"?, "title"?, "text" or "html", "url"?, "date"?, "source"?}` per line."""
    seen_any = False
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        seen_any = True
        where = f"line {number}"
        if len(line) > max_doc_bytes:
            yield InputError(uri, f"record is {len(line):,} bytes, over the {max_doc_bytes:,}-byte limit", where)
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except UnicodeDecodeError:
            yield InputError(uri, "not UTF-8", where)
            continue
        except json.JSONDecodeError as exc:
            yield InputError(uri, f"invalid JSON ({exc.msg} at column {exc.colno})", where)
            continue
        yield _jsonl_record(record, line.rstrip(b"\r\n"), uri, where)
    if not seen_any:
        yield InputError(uri, "empty JSON Lines input (no records)")


def _jsonl_record(record: Any, raw: bytes, uri: str, where: str) -> Item:
    if not isinstance(record, dict):
        return InputError(uri, f"expected a JSON object, got {type(record).__name__}", where)
    body = record.get("text")
    markup = record.get("html")
    has_title = isinstance(record.get("title"), str) and record["title"].strip()
    if not (isinstance(body, str) and body.strip()) and not (isinstance(markup, str) and markup.strip()):
        if not has_title:
            return InputError(uri, 'record has neither "text" nor "html" (nor a "title")', where)
        # A headline-only item (a wire alert, a feed title): kept with an empty body.
        body = ""
    ident = record.get("id")
    if ident is not None and not isinstance(ident, str | int):
        return InputError(uri, '"id" must be a string or a number', where)
    url = record.get("url") if isinstance(record.get("url"), str) and record.get("url") else None
    hints = {k: record[k] for k in ("title", "date", "source") if isinstance(record.get(k), str) and record[k]}
    if url:
        hints["url"] = url
    use_html = not (isinstance(body, str) and body.strip()) and isinstance(markup, str) and bool(markup.strip())
    return RawDocument(
        uri=url or f"{uri}#{where.replace(' ', '')}",
        kind="html" if use_html else "text",
        raw=raw,
        external_id=str(ident) if ident is not None else None,
        hints=hints,
        locator=where,
        text=markup if use_html else body,
        content_type="application/json",
    )


# ------------------------------------------------------------------------ WARC
def read_warc(stream: IO[bytes], uri: str, *, max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> Iterator[Item]:
    """HTML responses (and resource records) of a WARC or WARC.gz file."""
    found = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type not in ("response", "resource"):
                continue
            target = record.rec_headers.get_header("WARC-Target-URI") or ""
            where = f"record {target or record.rec_headers.get_header('WARC-Record-ID')}"
            if record.rec_type == "response":
                if record.http_headers is None:
                    continue
                status = record.http_headers.get_statuscode() or ""
                ctype = record.http_headers.get_header("Content-Type") or ""
                if not status.startswith("2"):
                    continue
            else:
                ctype = record.rec_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            body = record.content_stream().read(max_doc_bytes + 1)
            if len(body) > max_doc_bytes:
                yield InputError(uri, f"record over the {max_doc_bytes:,}-byte limit", where)
                continue
            if not body.strip():
                yield InputError(uri, "empty response body", where)
                continue
            found += 1
            yield RawDocument(uri=target or f"{uri}#{found}", kind="html", raw=body, content_type=ctype,
                              locator=where, hints={"container": uri})
    except ArchiveLoadFailed as exc:
        yield InputError(uri, f"not a readable WARC file ({str(exc).strip()})")
        return
    except (OSError, EOFError, ValueError) as exc:
        yield InputError(uri, f"WARC file damaged after {found} record(s): {exc}")
        return
    if found == 0:
        yield InputError(uri, "WARC file holds no HTML responses")


# ----------------------------------------------------------------------- feeds
FetchFn = Callable[[str], Fetched]


def read_feed(data: bytes, uri: str, *, fetch: FetchFn | None, skip_url: Callable[[str], bool]) -> Iterator[Item]:
    """Each entry's content when it carries the full text, else its link fetched."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo:
            yield InputError(uri, f"not a valid RSS/Atom feed ({parsed.get('bozo_exception')})")
        else:
            yield InputError(uri, "feed has no entries")
        return
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"entry {number}"
        try:
            yield from _feed_entry(entry, uri, where, outlet, fetch, skip_url)
        except Exception as exc:  # noqa: BLE001 - one broken entry must not stop the feed
            yield InputError(uri, f"unreadable entry ({type(exc).__name__}: {exc})", where)


def _feed_entry(
    entry: Any, uri: str, where: str, outlet: str | None, fetch: FetchFn | None, skip_url: Callable[[str], bool]
) -> Iterator[Item]:
    link = entry.get("link") or None
    hints: dict[str, Any] = {"container": uri}
    if entry.get("title"):
        hints["title"] = entry["title"]
    if outlet:
        hints["source"] = outlet
    if entry.get("author"):
        hints["author"] = entry["author"]
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    if stamp:
        hints["date"] = _struct_to_iso(stamp)
    if link:
        hints["url"] = link
    content = ""
    if entry.get("content"):
        content = max((c.get("value") or "" for c in entry["content"]), key=len)
    if not content:
        content = entry.get("summary") or ""
    words = len(_fragment_text(content).split()) if content else 0
    if words >= FULL_TEXT_MIN_WORDS:
        raw = content.encode("utf-8")
        yield RawDocument(uri=link or f"{uri}#{where.replace(' ', '')}", kind="html", raw=raw,
                          content_type="text/html; fragment", hints=hints | {"fragment": True},
                          locator=where, text=content)
        return
    if not link:
        yield InputError(uri, "entry has neither full content nor a link", where)
        return
    if skip_url(link):
        return
    if fetch is None:
        yield InputError(uri, f"entry carries only a teaser and fetching is off ({link})", where)
        return
    try:
        got = fetch(link)
    except FetchError as exc:
        yield InputError(uri, f"cannot fetch {link}: {exc}", where)
        return
    yield RawDocument(uri=link, kind="html", raw=got.body, content_type=got.content_type,
                      hints=hints | {"final_url": got.final_url}, locator=where)


def _struct_to_iso(stamp: Any) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(calendar.timegm(stamp), UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _fragment_text(fragment: str) -> str:
    try:
        return lxml_html.fragment_fromstring(fragment, create_parent="div").text_content()
    except Exception:  # noqa: BLE001 - unparsable markup: count raw words instead
        return re.sub(r"<[^>]+>", " ", fragment)


# ------------------------------------------------------------------------ URLs
def read_url(url: str, fetcher: Fetcher, skip_url: Callable[[str], bool]) -> Iterator[Item]:
    try:
        got = fetcher.get(url)
    except FetchError as exc:
        yield InputError(url, f"cannot fetch: {exc}")
        return
    kind = _kind_of_response(got)
    if kind == "feed":
        yield from read_feed(got.body, url, fetch=fetcher.get, skip_url=skip_url)
    elif kind == "html":
        if not got.body.strip():
            yield InputError(url, "empty response")
            return
        hints = {"final_url": got.final_url} if got.final_url != url else {}
        yield RawDocument(uri=url, kind="html", raw=got.body, content_type=got.content_type, hints=hints)
    elif kind == "text":
        yield RawDocument(uri=url, kind="text", raw=got.body, content_type=got.content_type)
    else:
        yield InputError(url, f"unsupported content type {got.content_type or 'unknown'!r}")


def _kind_of_response(got: Fetched) -> str:
    ctype = got.content_type.split(";")[0].strip().lower()
    if ctype in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return "feed"
    sniffed = sniff_kind(got.body[:4096], got.final_url.split("?")[0])
    if ctype in ("text/html", "application/xhtml+xml"):
        return "feed" if sniffed == "feed" else "html"
    if ctype in ("application/xml", "text/xml"):
        return "feed" if sniffed == "feed" else "unsupported"
    if ctype == "text/plain" or (not ctype and sniffed == "text"):
        return "text"
    if not ctype:
        return sniffed if sniffed in ("html", "feed") else "unsupported"
    return "unsupported"


def decode_document(doc: RawDocument) -> str:
    """The document's text, decoding its bytes when the container did not."""
    if doc.text is not None:
        return doc.text
    declared = None
    match = re.search(r"charset=([\w-]+)", doc.content_type or "")
    if match is None and doc.kind == "html":
        match = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", doc.raw[:4096], re.I)
    if match:
        found = match.group(1)
        declared = found.decode("ascii", "replace") if isinstance(found, bytes) else found
    decoded = decode_bytes(doc.raw, declared=declared)
    doc.warnings.extend(decoded.warnings)
    return decoded.text
