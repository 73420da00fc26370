"""Every reader: plain text, HTML, folders and globs, JSON Lines (file and
stdin), URLs, feeds (file and URL) and WARC, each into the store."""

from __future__ import annotations

import io
import json
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from conftest import PARAGRAPHS, LocalServer, make_page
from newsweave.ingest.run import ingest
from newsweave.store import Store

SCRAPED = """Skip to content

Ferry operators strike over night-shift pay

By Anja Kolar, The Meridian Wire | April 3, 2024

RIVA, Dalmatia — Ferry crews on three island routes walked off the job on Wednesday, stranding hundreds \
of passengers on the quay.

“We have asked for the same pay as the harbour pilots for six years,” said union steward Pero Matić.

The operator said it regretted the disruption.

Talks are due to resume on Friday, the union said, after the regional transport office offered to mediate.

Share this:

Leave a Reply

Your email address will not be shown. Fields marked * are required
"""


def bodies(store: Store) -> dict[str, str]:
    return {a.uri: a.text for a in store.articles()}


def test_plain_text_file_is_cleaned_and_stored(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "ferry.txt"
    path.write_text(SCRAPED, encoding="utf-8")
    report = ingest([str(path)], store)
    assert report.ok and len(report.added) == 1
    article = next(store.articles())
    assert article.title == "Ferry operators strike over night-shift pay"
    assert article.author == "Anja Kolar"
    assert article.published == "2024-04-03"
    assert article.dateline == "RIVA, Dalmatia"
    assert article.language == "en"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("RIVA, Dalmatia — Ferry crews")
    assert "The operator said it regretted the disruption." in paragraphs
    assert not any(p.startswith(("Share this", "Leave a Reply", "Your email", "Skip to")) for p in paragraphs)


def test_html_file_gives_body_and_page_metadata(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "quota.html"
    path.write_text(make_page(canonical="https://courier.example/quota-talks"), encoding="utf-8")
    report = ingest([str(path)], store)
    assert report.ok
    article = next(store.articles())
    assert article.title == "Quota talks collapse in Port Elara"
    assert article.outlet == "The Elara Courier"
    assert article.author == "Tomas Brenn"
    assert article.published == "2024-05-14"
    assert article.canonical_url == "https://courier.example/quota-talks"
    assert article.dateline == "PORT ELARA, Veldania"
    assert article.text.split("\n\n") == PARAGRAPHS
    assert "Most read" not in article.text and "All rights reserved" not in article.text


def test_folders_are_walked_and_globs_expanded(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.html").write_text(make_page(), encoding="utf-8")
    (tmp_path / "a" / "b" / "two.txt").write_text(SCRAPED, encoding="utf-8")
    (tmp_path / "a" / ".hidden.txt").write_text(SCRAPED + "x", encoding="utf-8")
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "three.txt").write_text(SCRAPED.replace("Wednesday", "Thursday"), encoding="utf-8")
    report = ingest([str(tmp_path / "a"), str(tmp_path / "g" / "*.txt")], store)
    assert report.ok
    assert sorted(Path(a.uri).name for a in store.articles()) == ["one.html", "three.txt", "two.txt"]


def test_jsonl_records_keep_their_ids_and_stated_metadata(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    rows = [
        {"id": "wire-1", "title": "Bridge reopens", "text": "The old bridge reopened on Monday after repairs "
         "that took two years and cost the town more than it planned.", "date": "2024-02-05",
         "source": "Valley Herald", "url": "https://herald.example/bridge"},
        {"id": 7, "html": make_page(), "date": "2024-05-14T08:30:00"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    report = ingest([str(path)], store)
    assert report.ok, report.errors
    first, second = store.articles()
    assert (first.id, first.title, first.published, first.outlet) == ("wire-1", "Bridge reopens", "2024-02-05",
                                                                       "Valley Herald")
    assert first.uri == "https://herald.example/bridge"
    assert second.id == "7" and second.published == "2024-05-14T08:30:00"
    assert second.text.split("\n\n") == PARAGRAPHS


def test_jsonl_from_stdin(store: Store) -> None:
    line = json.dumps({"id": "s1", "text": "A short wire item long enough to be an article on its own here."})
    report = ingest(["-"], store, stdin=io.BytesIO(line.encode() + b"\n"))
    assert report.ok and report.added == ["s1"]


def test_article_url_is_fetched_following_redirects(store: Store, http_server: LocalServer) -> None:
    http_server.add("/story", make_page())
    moved = http_server.add("/old", b"", status=301, headers={"Location": http_server.url("/story")})
    report = ingest([moved], store)
    assert report.ok, report.errors
    article = next(store.articles())
    assert article.uri == moved
    assert article.text.split("\n\n") == PARAGRAPHS
    # The same URL again is not fetched a second time.
    ingest([moved], store)
    assert http_server.hits["/story"] == 1


def test_user_agent_names_newsweave(store: Store, http_server: LocalServer) -> None:
    from newsweave.ingest.fetch import USER_AGENT

    assert USER_AGENT.startswith("newsweave/")


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>The Elara Courier</title><link>{base}/</link><description>News</description>
<item><title>Quota talks collapse in Port Elara</title><link>{base}/full</link>
<dc:creator>Tomas Brenn</dc:creator><pubDate>Tue, 14 May 2024 09:00:00 GMT</pubDate>
<content:encoded><![CDATA[{full}]]></content:encoded></item>
<item><title>Teaser only</title><link>{base}/teaser-target</link>
<pubDate>Wed, 15 May 2024 09:00:00 GMT</pubDate><description>Short teaser.</description></item>
<item><title>Broken entry</title><description>no link, no body</description></item>
</channel></rss>"""


def feed_xml(base: str) -> str:
    long_text = "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 3)
    return FEED.format(base=base, full=long_text)


def test_feed_file_uses_full_content_and_fetches_teasers(store: Store, tmp_path: Path,
                                                          http_server: LocalServer) -> None:
    http_server.add("/teaser-target", make_page(title="Talks resume", date="2024-05-15"))
    path = tmp_path / "courier.xml"
    path.write_text(feed_xml(http_server.base), encoding="utf-8")
    report = ingest([str(path)], store)
    assert [e.locator for e in report.errors] == ["entry 3"]
    assert "neither full content nor a link" in report.errors[0].message
    by_uri = {a.uri: a for a in store.articles()}
    full = by_uri[http_server.url("/full")]
    assert full.title == "Quota talks collapse in Port Elara"
    assert full.author == "Tomas Brenn" and full.outlet == "The Elara Courier"
    assert full.published == "2024-05-14T09:00:00Z"
    assert full.text.split("\n\n")[:4] == PARAGRAPHS
    assert "/full" not in http_server.hits  # full text was in the feed: not fetched
    teaser = by_uri[http_server.url("/teaser-target")]
    assert teaser.title == "Teaser only"  # the feed states it
    assert teaser.text.split("\n\n") == PARAGRAPHS


def test_feed_url(store: Store, http_server: LocalServer) -> None:
    http_server.add("/teaser-target", make_page())
    url = http_server.add("/rss", feed_xml(http_server.base), content_type="application/rss+xml")
    report = ingest([url], store)
    assert len(report.added) == 2 and len(report.errors) == 1


def make_warc(path: Path, pages: list[tuple[str, str]], extra_non_html: bool = True) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for url, page in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page.encode()),
                                                          http_headers=headers))
        if extra_non_html:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record("https://courier.example/logo.png", "response",
                                                          payload=io.BytesIO(b"\x89PNG...."), http_headers=headers))


def test_warc_and_warc_gz(store: Store, tmp_path: Path) -> None:
    make_warc(tmp_path / "crawl.warc.gz", [("https://courier.example/quota", make_page())])
    make_warc(tmp_path / "crawl2.warc", [("https://courier.example/talks", make_page(title="Talks resume"))])
    report = ingest([str(tmp_path / "crawl.warc.gz"), str(tmp_path / "crawl2.warc")], store)
    assert report.ok, report.errors
    uris = sorted(a.uri for a in store.articles())
    assert uris == ["https://courier.example/quota", "https://courier.example/talks"]
    assert all(a.outlet == "The Elara Courier" for a in store.articles())


def test_ingest_is_idempotent_and_keeps_raw_bytes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "quota.html"
    page = make_page()
    path.write_text(page, encoding="utf-8")
    first = ingest([str(path)], store)
    second = ingest([str(path)], store)
    assert len(first.added) == 1 and second.added == [] and second.unchanged == 1
    assert store.article_count() == 1
    inputs = store.conn.execute("SELECT id FROM inputs").fetchall()
    assert len(inputs) == 1
    assert store.raw_bytes(inputs[0]["id"]) == page.encode("utf-8")


def test_same_content_under_two_names_is_two_articles(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(make_page(), encoding="utf-8")
    (tmp_path / "b.html").write_text(make_page(), encoding="utf-8")
    rows = [{"id": "x1", "text": SCRAPED}, {"id": "x2", "text": SCRAPED}]
    (tmp_path / "c.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    report = ingest([str(tmp_path)], store)
    assert report.ok
    assert store.article_count() == 4
    ids = [a.id for a in store.articles()]
    assert len(set(ids)) == 4 and {"x1", "x2"} <= set(ids)
    texts = [a.text for a in store.articles() if a.id in ("x1", "x2")]
    assert texts[0] == texts[1]


def test_a_headline_only_record_is_kept_with_an_empty_body(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    path.write_text(json.dumps({"id": "h1", "title": "Ferry strike ends after pay deal", "text": "",
                                "date": "2024-04-05T10:00:00", "source": "Meridian Wire"}) + "\n")
    report = ingest([str(path)], store)
    assert report.ok, report.errors
    article = next(store.articles())
    assert (article.id, article.title, article.text, article.outlet) == (
        "h1", "Ferry strike ends after pay deal", "", "Meridian Wire")
