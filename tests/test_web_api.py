"""The JSON API: every endpoint, paging, search, bad ids, and ingest refusals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from newsweave.store import Store
from newsweave.web.app import create_app
from newsweave.web.search import fts_query
from web_fixtures import HOSTILE_ID, build_demo_store, hostile_jsonl


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_demo_store(tmp_path_factory.mktemp("webapi"))


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db), allow_ingest=True, max_upload_bytes=64 * 1024),
                    raise_server_exceptions=False) as c:
        yield c


def _count(db: Path, table: str) -> int:
    with Store(db) as st:
        return int(st.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def test_stories_paged_and_sorted(client: TestClient) -> None:
    full = client.get("/api/stories", params={"per_page": 100}).json()
    assert full["total"] == len(full["items"]) >= 2
    first = client.get("/api/stories", params={"per_page": 1, "page": 1}).json()
    second = client.get("/api/stories", params={"per_page": 1, "page": 2}).json()
    assert first["pages"] == full["total"] and first["items"][0]["id"] != second["items"][0]["id"]
    by_size = client.get("/api/stories", params={"sort": "size"}).json()["items"]
    assert [s["size"] for s in by_size] == sorted((s["size"] for s in by_size), reverse=True)
    assert set(by_size[0]) >= {"id", "title", "articles", "first_seen", "last_seen"}
    assert client.get("/api/stories", params={"sort": "bogus"}).status_code == 422
    assert client.get("/api/stories", params={"per_page": 1000}).status_code == 400


def test_story_search(client: TestClient) -> None:
    story = client.get("/api/stories", params={"sort": "size"}).json()["items"][0]
    article = client.get(f"/api/articles/{quote(story['articles'][0], safe='')}").json()
    word = max(article["title"].split(), key=len)
    found = client.get("/api/stories", params={"q": word}).json()
    assert story["id"] in [s["id"] for s in found["items"]]
    assert client.get("/api/stories", params={"q": "zzqxnotaword"}).json()["total"] == 0


def test_dossier_fields(client: TestClient) -> None:
    sid = client.get("/api/stories", params={"sort": "size"}).json()["items"][0]["id"]
    d = client.get(f"/api/stories/{sid}").json()
    assert set(d) >= {"story", "articles", "entities", "quotes", "claims", "timeline", "summary"}
    assert d["story"]["id"] == sid and d["articles"] and "derived_from" in d["articles"][0]


def test_articles_and_original(client: TestClient) -> None:
    page = client.get("/api/articles", params={"per_page": 5}).json()
    assert len(page["items"]) == 5 and page["total"] >= 5 and "text" not in page["items"][0]
    aid = page["items"][0]["id"]
    one = client.get(f"/api/articles/{aid}").json()
    assert one["text"] and one["annotations"]["id"] == aid and one["story"]
    raw = client.get(f"/api/articles/{aid}/original")
    assert raw.status_code == 200 and raw.content and raw.headers["content-type"] == "application/octet-stream"


def test_entities_quotes_search(client: TestClient) -> None:
    ents = client.get("/api/entities", params={"per_page": 3}).json()
    assert len(ents["items"]) == 3
    e = client.get(f"/api/entities/{quote(ents['items'][0]['id'], safe='')}").json()
    assert e["articles"] and e["name"]
    named = client.get("/api/entities", params={"q": e["name"]}).json()["items"]
    assert e["id"] in [x["id"] for x in named]
    quotes = client.get("/api/quotes").json()["speakers"]
    speaker = next(s["speaker"] for s in quotes if s["speaker"])
    one = client.get("/api/quotes", params={"speaker": speaker}).json()["speakers"]
    assert [s["speaker"] for s in one] == [speaker] and one[0]["quotes"][0]["articles"]
    words = one[0]["quotes"][0]["text"].split()
    hit = client.get("/api/search", params={"q": " ".join(words[1:4])}).json()
    assert hit["quotes"] and hit["articles"] and "entities" in hit
    only = client.get("/api/search", params={"q": e["name"], "kind": "entities"}).json()
    assert "articles" not in only and only["entities"]
    assert client.get("/api/search", params={"q": "!!!"}).status_code == 400


def test_fts_query_never_passes_syntax() -> None:
    assert fts_query('a" OR title:b NEAR(') == '"a" "OR" "title" "b" "NEAR"*'
    assert fts_query("  ") is None


@pytest.mark.parametrize("path", ["/api/stories/nope", "/api/articles/nope", "/api/articles/nope/original",
                                  "/api/entities/nope", "/api/nothing-here"])
def test_bad_ids_are_json_404(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] and "Traceback" not in r.text


def test_pages_have_csp_and_escape(client: TestClient) -> None:
    r = client.get("/stories/nope")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert client.get("/docs").status_code == 200


def test_upload_limits_and_malformed(client: TestClient, db: Path) -> None:
    before = (_count(db, "articles"), _count(db, "inputs"))
    big = client.post("/api/ingest/upload", files={"file": ("big.txt", b"x " * 40000, "text/plain")})
    assert big.status_code == 413 and "limit" in big.json()["error"]
    bad = client.post("/api/ingest/upload", files={"file": ("bad.jsonl", b'{"id": "x", "text": \n', "text/plain")})
    assert bad.status_code == 422 and bad.json()["error"]
    empty = client.post("/api/ingest/upload", files={"file": ("e.txt", b"   ", "text/plain")})
    assert empty.status_code == 422
    missing = client.post("/api/ingest/upload")
    assert missing.status_code == 422
    assert (_count(db, "articles"), _count(db, "inputs")) == before


def test_url_ingest_refuses_private_addresses(client: TestClient, db: Path) -> None:
    before = _count(db, "inputs")
    for url in ["http://127.0.0.1:1/x", "http://localhost/", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/", "http://10.0.0.1/"]:
        r = client.post("/api/ingest/url", json={"url": url})
        assert r.status_code == 403, url
        assert "private" in r.json()["error"]
    assert client.post("/api/ingest/url", json={"url": "file:///etc/passwd"}).status_code == 400
    assert client.post("/api/ingest/url", json={"nope": 1}).status_code == 422
    assert _count(db, "inputs") == before


def test_ingest_off_by_default(db: Path) -> None:
    with TestClient(create_app(str(db))) as c:
        r = c.post("/api/ingest/upload", files={"file": ("a.txt", b"Some text here.", "text/plain")})
        assert r.status_code == 403 and "--allow-ingest" in r.json()["error"]


def test_upload_hostile_article_is_stored_and_escaped(client: TestClient) -> None:
    r = client.post("/api/ingest/upload", files={"file": ("evil.jsonl", hostile_jsonl(), "application/json")})
    assert r.status_code == 201, r.text
    added: list[dict[str, Any]] = r.json()["added"]
    assert [a["id"] for a in added] == [HOSTILE_ID]
    art = client.get(f"/api/articles/{quote(HOSTILE_ID, safe='')}").json()
    assert "<script>" in art["title"]  # the API gives data as it is; pages escape it
    for path in [f"/articles/{quote(HOSTILE_ID, safe='')}", f"/stories/{quote(added[0]['story'], safe='')}",
                 "/?q=Brandvik crate"]:
        html = client.get(path).text
        # The words may show as text; they must never be markup or a link target.
        assert "<script>window" not in html and 'onerror="window' not in html and 'href="javascript' not in html
        assert "&lt;script&gt;" in html
