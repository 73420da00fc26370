"""Shared fixtures: a store in a temporary folder, invented pages, and a real
HTTP server on 127.0.0.1 that the tests start (no other network is used)."""

from __future__ import annotations

import html
import importlib.util
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsweave.model import Article
from newsweave.store import Store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SHARED_DATA = SHARED / "data"


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data, or a clean skip when the data is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not present (../shared/data is needed for this test)")
    return path


def load_shared_scorer():  # noqa: ANN201 - the module ../shared/bench/score.py
    """The shared scorer as a module, or a clean skip when ../shared is absent."""
    path = SHARED / "bench" / "score.py"
    if not path.exists():
        pytest.skip(f"{path} not present (../shared is needed for this test)")
    spec = importlib.util.spec_from_file_location("newsweave_shared_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sample_keys(articles: Iterable[Article]) -> dict[str, str]:
    """{article id: its key in the sample corpus's expected.json}: "text/x.txt", "html/y.html", or
    "feed.xml#N" for the feed's N-th entry (articles in storage order)."""
    keys: dict[str, str] = {}
    feed_items = 0
    for article in articles:
        path = Path(article.uri)
        if path.suffix in (".txt", ".html"):
            keys[article.id] = f"{path.parent.name}/{path.name}"
        else:
            feed_items += 1
            keys[article.id] = f"feed.xml#{feed_items}"
    return keys


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "test.db")
    yield s
    s.close()


PARAGRAPHS = [
    "PORT ELARA, Veldania — The harbour authority said on Tuesday it would suspend the fishing quota talks "
    "after two days of meetings failed to settle the dispute over the northern grounds.",
    "“We came here in good faith and we leave with nothing,” said Ilse Marrow, who chairs the trawlermen’s "
    "association. She said about 400 boats were affected.",
    "The ministry declined to comment.",
    "Officials said the next round would take place in the capital once both sides had reviewed the "
    "proposed limits, which would cut the catch by a fifth over three years.",
]


def make_page(
    title: str = "Quota talks collapse in Port Elara",
    paragraphs: list[str] | None = None,
    *,
    site: str | None = "The Elara Courier",
    author: str | None = "Tomas Brenn",
    date: str | None = "2024-05-14",
    canonical: str | None = None,
    extra_body: str = "",
) -> str:
    """An invented news page with the chrome real sites have around the body."""
    paras = paragraphs if paragraphs is not None else PARAGRAPHS
    meta = []
    if site:
        meta.append(f'<meta property="og:site_name" content="{html.escape(site)}">')
    if author:
        meta.append(f'<meta name="author" content="{html.escape(author)}">')
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{canonical}">')
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)} | {html.escape(site or 'News')}</title>{''.join(meta)}</head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav></header>"
        f"<main><article><h1>{html.escape(title)}</h1>{body}{extra_body}</article>"
        "<aside><h3>Most read</h3><ul><li><a href='/x'>Council approves new bus lanes</a></li>"
        "<li><a href='/y'>Heatwave warning for the weekend</a></li></ul></aside></main>"
        "<footer><p>© 2024 The Elara Courier. All rights reserved.</p></footer></body></html>"
    )


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: dict[str, int] = {}
        routes, hits = self.routes, self.hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                hits[self.path] = hits.get(self.path, 0) + 1
                route = routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"not found")
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes, content_type: str = "text/html; charset=utf-8",
            status: int = 200, headers: dict[str, str] | None = None) -> str:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = Route(data, content_type, status, headers or {})
        return self.url(path)


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
