"""Bad input gets a clear error naming the input (and the line or entry), is
recorded in the store, and never stops the other inputs or changes what is
already stored. The CLI exits 1 with a summary when anything failed."""

from __future__ import annotations

import gzip
import hashlib
import json
import socket
from pathlib import Path

from typer.testing import CliRunner

from conftest import LocalServer, make_page
from newsweave.cli import app
from newsweave.ingest.run import IngestOptions, ingest
from newsweave.store import Store

GOOD = make_page()


def snapshot(store: Store) -> str:
    rows = store.conn.execute("SELECT * FROM articles ORDER BY seq").fetchall()
    return hashlib.sha256(json.dumps([list(r) for r in rows]).encode()).hexdigest()


def messages(report: object) -> list[str]:
    return [str(e) for e in report.errors]  # type: ignore[attr-defined]


def test_each_bad_file_is_named_and_the_good_one_still_stored(store: Store, tmp_path: Path) -> None:
    good = tmp_path / "good.html"
    good.write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"   \n\n  ")
    (tmp_path / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    (tmp_path / "archive.gz").write_bytes(gzip.compress(b"not a warc at all"))
    (tmp_path / "nav-only.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    report = ingest([str(tmp_path)], store)
    errs = {Path(e.uri).name: e.message for e in report.errors}
    assert set(errs) == {"empty.txt", "blank.txt", "picture.txt", "archive.gz", "nav-only.html"}
    assert errs["empty.txt"] == "empty file"
    assert "empty" in errs["blank.txt"]
    assert "binary" in errs["picture.txt"]
    assert "binary" in errs["archive.gz"]
    assert "no article text" in errs["nav-only.html"]
    assert [Path(a.uri).name for a in store.articles()] == ["good.html"]
    recorded = {Path(r["uri"]).name for r in store.errors()}
    assert recorded == set(errs)


def test_invalid_encoding_is_an_error_but_mixed_encodings_are_repaired(store: Store, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.txt"
    utf8_part = "Hafenbehörde kündigt Gespräche an: Die Fischer von Nordsand wollen weiter verhandeln.\n\n"
    latin_part = "Der Bürgermeister sagte, die Einigung sei nah und die Quote werde nicht gekürzt.\n\n"
    mixed.write_bytes((b"Streit um Fangquoten\n\n") + utf8_part.encode("utf-8")
                      + latin_part.encode("latin-1") + utf8_part.replace("Nordsand", "Südhafen").encode("utf-8"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Fangquoten\n\n" + latin_part * 3).encode("latin-1"))
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xC3, 0x28, 0xFF, 0xFE, 0xA0]) * 300)
    report = ingest([str(mixed), str(latin), str(garbage)], store)
    assert [Path(e.uri).name for e in report.errors] == ["garbage.txt"]
    texts = {Path(a.uri).name: a.text for a in store.articles()}
    assert "Bürgermeister" in texts["mixed.txt"] and "Südhafen" in texts["mixed.txt"]
    assert "Bürgermeister" in texts["latin.txt"]
    assert any("mixed encodings" in w for w in report.warnings)


def test_truncated_html_keeps_what_is_there_with_a_warning(store: Store, tmp_path: Path) -> None:
    cut = tmp_path / "cut.html"
    cut.write_text(GOOD[: GOOD.index("The ministry declined")], encoding="utf-8")
    report = ingest([str(cut)], store)
    assert report.ok
    assert any("truncated" in w for w in report.warnings)
    assert "harbour authority" in next(store.articles()).text


def test_a_50_mb_file_is_refused_without_being_read(store: Store, tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with big.open("wb") as handle:
        line = b"The harbour authority extended the deadline once again on Friday. " * 100 + b"\n\n"
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(line)
    report = ingest([str(big)], store)
    assert len(report.errors) == 1
    assert "50." in report.errors[0].message and "limit" in report.errors[0].message
    assert store.article_count() == 0


def test_unreachable_and_failing_urls(store: Store, http_server: LocalServer) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    closed_port = sock.getsockname()[1]
    sock.close()
    http_server.add("/big", b"<html><body>" + b"<p>word word word</p>" * 10000 + b"</body></html>")
    http_server.add("/pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    good = http_server.add("/good", GOOD)
    urls = [f"http://127.0.0.1:{closed_port}/story", http_server.url("/missing"), http_server.url("/big"),
            http_server.url("/pdf"), good]
    report = ingest(urls, store, IngestOptions(max_fetch_bytes=100_000, timeout=5))
    errs = {e.uri: e.message for e in report.errors}
    assert "cannot connect" in errs[urls[0]]
    assert "HTTP 404" in errs[urls[1]]
    assert "limit" in errs[urls[2]]
    assert "unsupported content type" in errs[urls[3]]
    assert [a.uri for a in store.articles()] == [good]


def test_feed_with_broken_entries_and_a_broken_feed(store: Store, tmp_path: Path, http_server: LocalServer) -> None:
    http_server.add("/ok", GOOD)
    feed = tmp_path / "feed.rss"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>T</title>"
        f"<item><title>fine</title><link>{http_server.url('/ok')}</link></item>"
        f"<item><title>gone</title><link>{http_server.url('/gone')}</link></item>"
        "<item><title>empty</title></item></channel></rss>", encoding="utf-8")
    broken = tmp_path / "broken.xml"
    broken.write_text("<?xml version='1.0'?><rss><channel><item><title>unclosed", encoding="utf-8")
    report = ingest([str(feed), str(broken)], store)
    got = sorted((Path(e.uri).name, e.locator or "") for e in report.errors)
    assert [g for g in got if g[0] == "feed.rss"] == [("feed.rss", "entry 2"), ("feed.rss", "entry 3")]
    # feedparser salvages what it can of a broken feed; what it cannot is named.
    assert any(name == "broken.xml" for name, _ in got)
    assert "HTTP 404" in next(e.message for e in report.errors if e.locator == "entry 2")
    assert store.article_count() == 1


def test_jsonl_bad_lines_are_named_and_other_lines_go_on(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "wire.jsonl"
    text = "A complete wire story about the harbour, long enough to be an article of its own."
    lines = [
        json.dumps({"id": "ok-1", "text": text}),
        '{"id": "bad-json", "text": ',
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "no-body", "source": "Wire"}),
        "",
        json.dumps({"id": "ok-2", "text": text + " Second."}),
    ]
    path.write_bytes("\n".join(lines).encode() + b"\n\xff\xfe broken bytes\n")
    report = ingest([str(path)], store)
    assert sorted(e.locator for e in report.errors) == ["line 2", "line 3", "line 4", "line 7"]
    assert all(e.uri == str(path) for e in report.errors)
    assert "invalid JSON" in next(e.message for e in report.errors if e.locator == "line 2")
    assert [a.id for a in store.articles()] == ["ok-1", "ok-2"]


def test_a_reused_id_with_new_content_does_not_change_the_stored_article(store: Store, tmp_path: Path) -> None:
    first = tmp_path / "one.jsonl"
    first.write_text(json.dumps({"id": "dup", "text": "The first version of this wire story, as filed."}))
    second = tmp_path / "two.jsonl"
    second.write_text(json.dumps({"id": "dup", "text": "An entirely different story that reuses the same id."}))
    ingest([str(first)], store)
    before = snapshot(store)
    report = ingest([str(second)], store)
    assert "already stored with different content" in report.errors[0].message
    assert snapshot(store) == before


def test_bad_inputs_never_change_what_is_stored(store: Store, tmp_path: Path) -> None:
    (tmp_path / "good.html").write_text(GOOD, encoding="utf-8")
    ingest([str(tmp_path / "good.html")], store)
    before = snapshot(store)
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "bad.jsonl").write_text("{oops\n")
    ingest([str(tmp_path / "bad.txt"), str(tmp_path / "bad.jsonl"), str(tmp_path / "nope.html")], store)
    assert snapshot(store) == before


def test_cli_exit_status_and_summary(tmp_path: Path) -> None:
    runner = CliRunner()
    db = tmp_path / "cli.db"
    (tmp_path / "good.html").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    ok = runner.invoke(app, ["ingest", str(tmp_path / "good.html"), "--db", str(db)])
    assert ok.exit_code == 0, ok.output
    assert "1 article(s) added" in ok.output
    failed = runner.invoke(app, ["ingest", str(tmp_path / "good.html"), str(tmp_path / "empty.txt"), "--db", str(db)])
    assert failed.exit_code == 1
    assert "empty.txt: empty file" in failed.output
    assert "1 error(s)" in failed.output
    usage = runner.invoke(app, ["ingest", "--db", str(db)])
    assert usage.exit_code == 2
    listed = runner.invoke(app, ["articles", "--db", str(db), "--json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert len(rows) == 1
    assert set(rows[0]) == {"id", "uri", "title", "text", "outlet", "author", "published", "published_estimated",
                            "dateline", "language", "canonical_url", "attributed_to"}


def test_db_defaults_to_env_variable(tmp_path: Path, monkeypatch: object) -> None:
    monkeypatch.setenv("NEWSWEAVE_DB", str(tmp_path / "env.db"))  # type: ignore[attr-defined]
    (tmp_path / "good.html").write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(app, ["ingest", str(tmp_path / "good.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env.db").exists()
