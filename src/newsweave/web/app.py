"""`newsweave serve`: the stories and their dossiers as pages and as a JSON API.

Everything shown comes from scraped articles and is treated as hostile:
Jinja2 autoescapes every template, links go through `view.safe_href`, ids in
URLs are percent-encoded, and every response carries a Content-Security-Policy
that allows only this server's own script and style files, so markup that
slipped through could neither run nor fetch anything. Errors are answered
with a short message and a proper status, never a traceback.
"""

from __future__ import annotations

import io
import ipaddress
import json
import math
import socket
import sqlite3
import tempfile
import threading
from collections import OrderedDict
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlsplit

import httpx
from fastapi import FastAPI, File, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import ChainableUndefined, Environment, FileSystemLoader
from markupsafe import Markup, escape
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from newsweave.render.dossier import UnknownStory, build_dossier
from newsweave.render.view import STATUS_LABEL, build_view, fmt_date, fmt_value, safe_href, variant_of
from newsweave.store import Store
from newsweave.store.db import in_chunks
from newsweave.web import search

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI is FastAPI's own page (no article content) and needs its CDN and an inline bootstrap script.
DOCS_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
            "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https:; "
            "frame-ancestors 'none'")
MAX_PER_PAGE = 100


class ApiError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class UrlIngest(BaseModel):
    url: str


def _u(value: object) -> str:
    """A path segment: hostile ids may hold '/', '?' or '#'."""
    return quote(str(value), safe="")


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True, undefined=ChainableUndefined)
    env.filters["u"] = _u
    env.globals.update(fmt_date=fmt_date, fmt_value=fmt_value, variant_of=variant_of, status_label=STATUS_LABEL,
                       safe_href=safe_href, marks=_marks)
    return env


def _marks(snippet: object) -> Markup:
    """Escape a search snippet, then turn the private match markers into <mark>."""
    text = str(escape(str(snippet or "")))
    return Markup(text.replace(search.MARK_OPEN, "<mark>").replace(search.MARK_CLOSE, "</mark>"))


# ----------------------------------------------------------------- URL safety
def check_public_url(url: str, *, allow_private: bool) -> None:
    """Refuse URLs that would make the server fetch from itself or its network (SSRF)."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ApiError(400, f"not a valid URL: {exc}") from exc
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        raise ApiError(400, "only http and https URLs with a host name can be ingested")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80),
                                   type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ApiError(400, f"cannot resolve host {parts.hostname!r}") from exc
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if (addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved or addr.is_multicast
                or addr.is_unspecified or (addr.version == 6 and addr.ipv4_mapped is not None
                                           and not addr.ipv4_mapped.is_global)):
            raise ApiError(403, f"refusing to fetch {parts.hostname!r}: it resolves to a private, loopback or "
                                "link-local address (start the server with private URLs allowed to permit this)")


# ---------------------------------------------------------------- the app
class Web:
    """Per-thread store connections (sqlite3 cursors are not shared across
    threads) and a dossier cache invalidated by any commit to the file."""

    def __init__(self, db_path: str, allow_ingest: bool, allow_private_urls: bool, max_upload_bytes: int) -> None:
        self.db_path = db_path
        self.allow_ingest = allow_ingest
        self.allow_private_urls = allow_private_urls
        self.max_upload_bytes = max_upload_bytes
        Store(db_path).close()  # creates or migrates (FTS indexes) once, before any request
        self._local = threading.local()
        # PRAGMA data_version changes when another connection commits; this
        # connection never writes, so it sees every change, even the CLI's.
        self._watch = sqlite3.connect(db_path, check_same_thread=False)
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[int, dict[str, Any], Any]] = OrderedDict()
        self._ingest_lock = threading.Lock()
        self._building: dict[str, threading.Lock] = {}
        self.env = _env()

    def store(self) -> Store:
        st = getattr(self._local, "store", None)
        if st is None:
            st = self._local.store = Store(self.db_path, readonly=True)
        return st

    def version(self) -> int:
        with self._lock:
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def dossier(self, story_id: str) -> tuple[dict[str, Any], Any]:
        version = self.version()
        with self._lock:
            hit = self._cache.get(story_id)
            if hit and hit[0] == version:
                self._cache.move_to_end(story_id)
                return hit[1], hit[2]
            building = self._building.setdefault(story_id, threading.Lock())
        # Concurrent first visits to one story build its dossier once, not once per client.
        with building:
            with self._lock:
                hit = self._cache.get(story_id)
                if hit and hit[0] == version:
                    return hit[1], hit[2]
            return self._build(story_id, version)

    def _build(self, story_id: str, version: int) -> tuple[dict[str, Any], Any]:
        try:
            d = build_dossier(_OneStory(self.store(), story_id), story_id)  # type: ignore[arg-type]
        except UnknownStory:
            raise ApiError(404, f"no story with id {story_id!r}") from None
        view = build_view(d)
        with self._lock:
            self._cache[story_id] = (version, d, view)
            while len(self._cache) > 256:
                self._building.pop(self._cache.popitem(last=False)[0], None)
        return d, view

    def page(self, name: str, code: int = 200, **ctx: Any) -> HTMLResponse:
        return HTMLResponse(self.env.get_template(name).render(**ctx), status_code=code)


class _OneStory:
    """The store as build_dossier sees it, but whose stories() reads only the
    story asked for: the full list costs a scan of every article, per call."""

    def __init__(self, store: Store, story_id: str) -> None:
        self._store = store
        self._story_id = story_id

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def stories(self) -> list[dict[str, Any]]:
        conn = self._store.conn
        row = conn.execute("SELECT id, title, first_seen, last_seen FROM stories WHERE id = ?",
                           (self._story_id,)).fetchone()
        if row is None:
            return []
        ids = [r[0] for r in conn.execute("SELECT sa.article_id FROM story_articles sa JOIN articles a"
                                          " ON a.id = sa.article_id WHERE sa.story_id = ? ORDER BY a.seq",
                                          (self._story_id,))]
        return [{"id": row["id"], "title": row["title"], "articles": ids, "first_seen": row["first_seen"],
                 "last_seen": row["last_seen"]}]


def _paging(page: int, per_page: int, total: int) -> dict[str, Any]:
    return {"page": page, "per_page": per_page, "total": total, "pages": max(1, math.ceil(total / per_page))}


def create_app(db_path: str, *, allow_ingest: bool = False, allow_private_urls: bool = False,
               max_upload_bytes: int = 10 * 2**20) -> FastAPI:
    web = Web(db_path, allow_ingest, allow_private_urls, max_upload_bytes)
    app = FastAPI(title="newsweave", version="1", description="Stories, dossiers, articles, entities, quotes and "
                  "full-text search over a newsweave store. Field names follow CONTRACT.md.")
    app.state.web = web
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        docs = request.url.path in {"/docs", "/redoc", "/docs/oauth2-redirect"}
        response.headers["Content-Security-Policy"] = DOCS_CSP if docs else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def error_response(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return web.page("error.html.j2", status, status=status, message=message)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return error_response(request, exc.status, exc.message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = "no such page"
        return error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(p) for p in e.get("loc", ()) if p != "body") or "request"
            parts.append(f"{where}: {e.get('msg', 'invalid')}")
        return error_response(request, 422, "invalid request: " + "; ".join(parts))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        # The traceback stays in the server log; the client learns only that it failed.
        return error_response(request, 500, "internal error")

    # ------------------------------------------------------------ queries
    def story_page(q: str, sort: str, page: int, per_page: int) -> dict[str, Any]:
        conn = web.store().conn
        order = "size DESC, last_seen DESC" if sort == "size" else "COALESCE(last_seen, '') DESC, size DESC"
        if q.strip():
            ids = search.matching_story_ids(conn, q)
            like = f"%{q.strip()}%"
            ids += [r[0] for r in conn.execute("SELECT id FROM stories WHERE title LIKE ? OR id = ?", (like, q.strip()))
                    if r[0] not in set(ids)]
            total = len(ids)
            rows: list[sqlite3.Row] = []
            for chunk, marks in in_chunks(ids):
                rows += conn.execute(f"SELECT id, title, first_seen, last_seen, size FROM stories WHERE id IN"
                                     f" ({marks})", chunk).fetchall()
            key = (lambda r: (-r["size"], r["id"])) if sort == "size" else (lambda r: r["last_seen"] or "")
            rows.sort(key=key, reverse=sort != "size")
            rows = rows[(page - 1) * per_page: page * per_page]
        else:
            total = int(conn.execute("SELECT COUNT(*) FROM stories").fetchone()[0])
            rows = conn.execute(f"SELECT id, title, first_seen, last_seen, size FROM stories ORDER BY {order}"
                                " LIMIT ? OFFSET ?", (per_page, (page - 1) * per_page)).fetchall()
        members: dict[str, list[str]] = {r["id"]: [] for r in rows}
        if members:
            marks = ",".join("?" * len(members))
            for r in conn.execute(f"SELECT sa.story_id, sa.article_id FROM story_articles sa JOIN articles a"
                                  f" ON a.id = sa.article_id WHERE sa.story_id IN ({marks}) ORDER BY a.seq",
                                  list(members)):
                members[r["story_id"]].append(r["article_id"])
        items = [{"id": r["id"], "title": r["title"], "articles": members[r["id"]], "first_seen": r["first_seen"],
                  "last_seen": r["last_seen"], "size": r["size"]} for r in rows]
        return {**_paging(page, per_page, total), "query": q, "sort": sort, "items": items}

    def article_record(article_id: str) -> dict[str, Any]:
        st = web.store()
        art = st.article_by_id(article_id)
        if art is None:
            raise ApiError(404, f"no article with id {article_id!r}")
        row = st.conn.execute("SELECT a.input_id, sa.story_id FROM articles a LEFT JOIN story_articles sa"
                              " ON sa.article_id = a.id WHERE a.id = ?", (article_id,)).fetchone()
        ann = st.annotations(article_id)
        return {**art.to_contract(), "story": row["story_id"], "has_original": row["input_id"] is not None,
                "annotations": ann.to_contract() if ann else None,
                "entities": [{"id": e["id"], "name": e["name"], "type": e["type"], "aliases": e["aliases"]}
                             for e in st.entities_of([article_id])]}

    def entity_record(entity_id: str) -> dict[str, Any]:
        conn = web.store().conn
        row = conn.execute("SELECT id, name, type, aliases, mentions FROM entities WHERE id = ?",
                           (entity_id,)).fetchone()
        if row is None:
            raise ApiError(404, f"no entity with id {entity_id!r}")
        arts = conn.execute("SELECT a.id, a.title, a.outlet, a.published, sa.story_id FROM entity_articles ea"
                            " JOIN articles a ON a.id = ea.article_id LEFT JOIN story_articles sa"
                            " ON sa.article_id = a.id WHERE ea.entity_id = ? ORDER BY a.seq", (entity_id,)).fetchall()
        names = {row["name"], *json.loads(row["aliases"])}
        quotes = [q for q in quotes_of(list(names)) if q["speaker"] in names]
        return {"id": row["id"], "name": row["name"], "type": row["type"], "aliases": json.loads(row["aliases"]),
                "mentions": row["mentions"], "articles": [dict(a) for a in arts], "quotes": quotes}

    def quotes_of(speakers: list[str] | None, page: int = 1, per_page: int = 1000) -> list[dict[str, Any]]:
        conn = web.store().conn
        if speakers is None:
            rows = conn.execute("SELECT article_id, speaker, text FROM quotes_fts ORDER BY speaker, rowid"
                                " LIMIT ? OFFSET ?", (per_page, (page - 1) * per_page)).fetchall()
        else:
            rows = []
            for s in speakers:
                rows += conn.execute("SELECT article_id, speaker, text FROM quotes_fts WHERE speaker = ?",
                                     (s,)).fetchall()
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for r in rows:
            key = (r["speaker"] or "", " ".join(str(r["text"]).split()))
            entry = merged.setdefault(key, {"speaker": r["speaker"], "text": r["text"], "articles": []})
            if r["article_id"] not in entry["articles"]:
                entry["articles"].append(r["article_id"])
        return list(merged.values())

    def check_paging(page: int, per_page: int) -> None:
        if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
            raise ApiError(400, f"page must be >= 1 and per_page between 1 and {MAX_PER_PAGE}")

    # ------------------------------------------------------------ API
    @app.get("/api/stories", tags=["stories"], summary="Stories, paged, searchable, by recency or size")
    def api_stories(q: str = "", sort: str = Query("recent", pattern="^(recent|size)$"), page: int = 1,
                    per_page: int = 20) -> dict[str, Any]:
        check_paging(page, per_page)
        return story_page(q, sort, page, per_page)

    @app.get("/api/stories/{story_id:path}", tags=["stories"], summary="One story's dossier (CONTRACT.md)")
    def api_story(story_id: str) -> dict[str, Any]:
        return web.dossier(story_id)[0]

    @app.get("/api/articles", tags=["articles"], summary="Articles (without text), paged")
    def api_articles(page: int = 1, per_page: int = 20) -> dict[str, Any]:
        check_paging(page, per_page)
        st = web.store()
        ids = [r[0] for r in st.conn.execute("SELECT id FROM articles ORDER BY seq LIMIT ? OFFSET ?",
                                             (per_page, (page - 1) * per_page))]
        items = [a.to_contract(with_text=False) for a in st.articles(ids)]
        return {**_paging(page, per_page, st.article_count()), "items": items}

    @app.get("/api/articles/{article_id:path}/original", tags=["articles"],
             summary="The original bytes as ingested (served as a download, never rendered)")
    def api_original(article_id: str) -> Response:
        st = web.store()
        row = st.conn.execute("SELECT input_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise ApiError(404, f"no article with id {article_id!r}")
        raw = st.raw_bytes(row["input_id"]) if row["input_id"] is not None else None
        if raw is None:
            raise ApiError(404, "the original bytes of this article were not kept")
        # Never text/html: the original is the hostile page itself.
        return Response(raw, media_type="application/octet-stream", headers={
            "Content-Disposition": "attachment; filename=\"original.bin\"", "Content-Security-Policy": "sandbox"})

    @app.get("/api/articles/{article_id:path}", tags=["articles"],
             summary="One article with cleaned text, annotations and entities")
    def api_article(article_id: str) -> dict[str, Any]:
        return article_record(article_id)

    @app.get("/api/entities", tags=["entities"], summary="Entities with their article counts, paged")
    def api_entities(q: str = "", page: int = 1, per_page: int = 20) -> dict[str, Any]:
        check_paging(page, per_page)
        conn = web.store().conn
        if q.strip():
            items = search.search_entities(conn, q, limit=per_page, offset=(page - 1) * per_page)
            return {"page": page, "per_page": per_page, "query": q, "items": items}
        total = int(conn.execute("SELECT COUNT(*) FROM entities").fetchone()[0])
        rows = conn.execute("SELECT e.id, e.name, e.type, e.aliases, COUNT(ea.article_id) AS n FROM entities e"
                            " LEFT JOIN entity_articles ea ON ea.entity_id = e.id GROUP BY e.id"
                            " ORDER BY n DESC, e.name LIMIT ? OFFSET ?", (per_page, (page - 1) * per_page))
        items = [{"id": r["id"], "name": r["name"], "type": r["type"], "aliases": json.loads(r["aliases"]),
                  "article_count": r["n"]} for r in rows]
        return {**_paging(page, per_page, total), "items": items}

    @app.get("/api/entities/{entity_id:path}", tags=["entities"], summary="One entity, its articles and quotes")
    def api_entity(entity_id: str) -> dict[str, Any]:
        return entity_record(entity_id)

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes grouped by speaker (optionally one speaker)")
    def api_quotes(speaker: str | None = None, page: int = 1, per_page: int = 100) -> dict[str, Any]:
        check_paging(page, per_page)
        quotes = quotes_of([speaker] if speaker is not None else None, page, per_page)
        groups: dict[str, list[dict[str, Any]]] = {}
        for q in quotes:
            groups.setdefault(q["speaker"] or "", []).append({"text": q["text"], "articles": q["articles"]})
        return {"page": page, "per_page": per_page,
                "speakers": [{"speaker": s or None, "quotes": qs} for s, qs in groups.items()]}

    @app.get("/api/search", tags=["search"], summary="Full-text search over articles, quotes and entities")
    def api_search(q: str, kind: str = Query("all", pattern="^(all|articles|quotes|entities)$"), page: int = 1,
                   per_page: int = 20) -> dict[str, Any]:
        check_paging(page, per_page)
        if search.fts_query(q) is None:
            raise ApiError(400, "the query has no words to search for")
        conn = web.store().conn
        off = (page - 1) * per_page
        out: dict[str, Any] = {"query": q, "page": page, "per_page": per_page}
        if kind in {"all", "articles"}:
            out["articles"] = [{**r, "snippet": search.strip_marks(r["snippet"] or "")}
                               for r in search.search_articles(conn, q, limit=per_page, offset=off)]
        if kind in {"all", "quotes"}:
            out["quotes"] = [{k: v for k, v in r.items() if k != "snippet"}
                             for r in search.search_quotes(conn, q, limit=per_page, offset=off)]
        if kind in {"all", "entities"}:
            out["entities"] = search.search_entities(conn, q, limit=per_page, offset=off)
        return out

    def require_ingest() -> None:
        if not web.allow_ingest:
            raise ApiError(403, "ingest is off: start the server with --allow-ingest to enable it")

    def store_items(items: Any) -> dict[str, Any]:
        """Store what was read, then bring analysis up to date. A failed input
        leaves nothing behind, not even its error record."""
        from newsweave.cli import _run_stages
        from newsweave.ingest.run import ingest_items

        with web._ingest_lock, Store(web.db_path) as st:
            before = int(st.conn.execute("SELECT COALESCE(MAX(id), 0) FROM inputs").fetchone()[0])
            report = ingest_items(items, st)
            if report.errors and not report.added:
                st.conn.execute("DELETE FROM inputs WHERE id > ? AND status = 'error'", (before,))
                raise ApiError(422, "; ".join(e.message for e in report.errors[:5]))
            if report.added:
                _run_stages(st, quiet=True)
            story = {r[0]: r[1] for r in st.conn.execute(
                f"SELECT article_id, story_id FROM story_articles WHERE article_id IN"
                f" ({','.join('?' * len(report.added))})", report.added)} if report.added else {}
        return {"added": [{"id": a, "story": story.get(a)} for a in report.added], "unchanged": report.unchanged,
                "errors": [str(e) for e in report.errors]}

    @app.post("/api/ingest/upload", tags=["ingest"], status_code=201,
              summary="Ingest an uploaded file (HTML, text, JSON Lines, feed or WARC); needs --allow-ingest")
    async def api_upload(file: Annotated[UploadFile, File()]) -> dict[str, Any]:
        require_ingest()
        data = await file.read(web.max_upload_bytes + 1)
        if len(data) > web.max_upload_bytes:
            raise ApiError(413, f"upload is over the {web.max_upload_bytes:,}-byte limit")
        if not data.strip():
            raise ApiError(422, "the upload is empty")
        name = Path(file.filename or "upload").name or "upload"
        return store_items(_upload_items(data, name))

    @app.post("/api/ingest/url", tags=["ingest"], status_code=201,
              summary="Fetch and ingest an article or feed URL; needs --allow-ingest")
    def api_ingest_url(body: UrlIngest) -> dict[str, Any]:
        require_ingest()
        check_public_url(body.url, allow_private=web.allow_private_urls)
        from newsweave.ingest.fetch import Fetcher
        from newsweave.ingest.readers import read_url

        fetcher = Fetcher(max_bytes=web.max_upload_bytes)

        def every_hop(request: httpx.Request) -> None:
            # Redirects and feed entries are fetched too: each hop is checked, not just the first URL.
            check_public_url(str(request.url), allow_private=web.allow_private_urls)

        fetcher.client.event_hooks["request"] = [every_hop]
        try:
            return store_items(list(read_url(body.url, fetcher, lambda _u: False)))
        finally:
            fetcher.close()

    # ------------------------------------------------------------ pages
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def page_stories(q: str = "", sort: str = Query("recent", pattern="^(recent|size)$"),
                     page: int = Query(1, ge=1)) -> HTMLResponse:
        data = story_page(q, sort, page, 25)
        hits = search.search_articles(web.store().conn, q, limit=10) if q.strip() else []
        return web.page("stories.html.j2", data=data, q=q, sort=sort, hits=hits,
                        quotes=search.search_quotes(web.store().conn, q, limit=10) if q.strip() else [],
                        entities=search.search_entities(web.store().conn, q, limit=10) if q.strip() else [])

    @app.get("/stories/{story_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_story(story_id: str) -> HTMLResponse:
        d, view = web.dossier(story_id)
        return web.page("story.html.j2", view=view, d=d, axis=_timeline_axis(view.timeline))

    @app.get("/articles/{article_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_article(article_id: str) -> HTMLResponse:
        rec = article_record(article_id)
        return web.page("article.html.j2", a=rec, href=safe_href(rec["uri"]),
                        paragraphs=_highlight(rec["text"], rec["annotations"], rec["entities"]))

    @app.get("/entities/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def page_entity(entity_id: str) -> HTMLResponse:
        return web.page("entity.html.j2", e=entity_record(entity_id))

    return app


def _upload_items(data: bytes, name: str) -> list[Any]:
    from newsweave.ingest.readers import read_document_file, read_feed, read_jsonl, read_warc, sniff_kind

    uri = f"upload:{name}"
    kind = sniff_kind(data[:4096], name)
    if kind == "binary":
        raise ApiError(415, "binary upload (compressed data that is not a WARC)")
    if kind == "jsonl":
        return list(read_jsonl(io.BytesIO(data), uri))
    if kind == "warc":
        return list(read_warc(io.BytesIO(data), uri))
    if kind == "feed":
        # Feed entries would be fetched from the feed's links: an upload never makes the server fetch.
        return list(read_feed(data, uri, fetch=None, skip_url=lambda _u: True))
    with tempfile.TemporaryDirectory() as tmp:
        item = read_document_file(Path(tmp) / name, kind, data)
    if hasattr(item, "uri"):
        item.uri = uri
    return [item]


# ------------------------------------------------------------- page helpers
def _timeline_axis(groups: list[dict[str, Any]]) -> dict[str, Any]:
    """Positions (0..1000) of the dated timeline groups on an SVG axis; an SVG
    attribute, not an inline style, so the CSP needs no 'unsafe-inline'."""
    days: list[tuple[int, dict[str, Any], int]] = []
    for n, g in enumerate(groups):
        text = str(g.get("date") or "")
        try:
            y, m, d = (text + "-01-01")[:10].split("-")
            days.append((date(int(y), int(m or 1), int(d or 1)).toordinal(), g, n))
        except ValueError:
            continue
    if not days:
        return {"points": [], "ticks": []}
    lo, hi = min(x for x, _, _ in days), max(x for x, _, _ in days)
    span = max(hi - lo, 1)

    def pos(x: int) -> float:
        return round(40 + (x - lo) / span * 920, 1) if hi > lo else 500.0

    points = [{"x": pos(x), "label": g["label"], "n": len(g["entries"]), "anchor": f"tl-{n}",
               "y": 34 - 10 * (i % 2)} for i, (x, g, n) in enumerate(days)]
    ticks = [{"x": pos(lo), "label": fmt_date(date.fromordinal(lo).isoformat())}]
    if hi > lo:
        ticks.append({"x": pos(hi), "label": fmt_date(date.fromordinal(hi).isoformat())})
    return {"points": points, "ticks": ticks}


def _highlight(text: str, ann: dict[str, Any] | None, entities: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The text cut into paragraphs of segments, each with the annotation kinds
    covering it; plain strings only, the template escapes them."""
    spans: list[tuple[int, int, str, str, str | None]] = []
    entity_of = {}
    for e in entities:
        for name in [e["name"], *e["aliases"]]:
            entity_of.setdefault(name, e["id"])
    kinds = (("entities", "ent"), ("quotes", "quote"), ("quantities", "figure"), ("timexes", "date"))
    for key, kind in kinds:
        for a in (ann or {}).get(key) or []:
            try:
                start, end = int(a["start"]), int(a["end"])
            except (KeyError, TypeError, ValueError):
                continue
            if not 0 <= start < end <= len(text):
                continue
            label = {"ent": f"{a.get('label')}: {a.get('name')}", "quote": f"quote: {a.get('speaker') or '?'}",
                     "figure": f"figure: {a.get('value')} {a.get('unit') or ''}",
                     "date": f"{a.get('type')}: {a.get('value')}"}[kind]
            link = entity_of.get(a.get("name")) if kind == "ent" else None
            spans.append((start, end, kind, label, link))
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    paragraphs: list[list[dict[str, Any]]] = [[]]
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = [s for s in spans if s[0] <= a and b <= s[1]]
        chunk = text[a:b]
        pieces = chunk.split("\n\n")
        for i, piece in enumerate(pieces):
            if i:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append({"text": piece, "classes": " ".join(sorted({f"a-{c[2]}" for c in cover})),
                                       "title": "; ".join(c[3] for c in cover),
                                       "entity": next((c[4] for c in cover if c[4]), None)})
    return [p for p in paragraphs if p]
