"""The web interface in a real browser (Playwright driving Debian's Chromium).

Walks an analyst's path: story list, search, a story with its timeline and
conflicts table, a citation to its article, an entity. Screenshots of each
page land in docs/screenshots/ for the README. A hostile article (script
tags, event handlers, javascript: links in its title, body, URL and outlet)
is ingested through the upload API and every page showing it is checked to
run none of it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest

pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Page, sync_playwright  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"

if not Path(CHROMIUM).exists():
    pytest.skip("Chromium is not installed (apt-get install chromium)", allow_module_level=True)

import uvicorn  # noqa: E402

from newsweave.web.app import create_app  # noqa: E402
from web_fixtures import HOSTILE_ID, build_demo_store, hostile_jsonl  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_demo_store(tmp_path_factory.mktemp("webui"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(str(db), allow_ingest=True), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(url + "/api/stories", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    r = httpx.post(url + "/api/ingest/upload", files={"file": ("evil.jsonl", hostile_jsonl(), "application/json")},
                   timeout=120)
    assert r.status_code == 201, r.text
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(base: str) -> Iterator[Page]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = context.new_page()
        pg.dialogs = []  # type: ignore[attr-defined]
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
        yield pg
        browser.close()


def _conflict_story(base: str) -> dict[str, Any]:
    stories = httpx.get(base + "/api/stories", params={"sort": "size", "per_page": 100}).json()["items"]
    for s in stories:
        d = httpx.get(base + f"/api/stories/{quote(s['id'], safe='')}").json()
        if any(c["status"] == "conflict" for c in d["claims"]) and d["timeline"]:
            return d
    pytest.fail("the sample corpus should hold a story with a conflicting figure")


def test_story_list_and_search(page: Page, base: str) -> None:
    page.goto(base + "/")
    rows = page.locator(".story-row")
    assert rows.count() >= 2
    page.screenshot(path=str(SHOTS / "stories.png"), full_page=True)
    d = _conflict_story(base)
    word = max(d["story"]["title"].split(), key=len)
    page.fill("input[name=q]", word)
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=*")
    assert d["story"]["id"] in [a.get_attribute("href").rsplit("/", 1)[-1]
                                for a in page.locator(".story-link").all()]
    assert page.locator(".hits mark").count() >= 1
    page.screenshot(path=str(SHOTS / "search.png"), full_page=True)


def test_story_timeline_conflicts_and_citation(page: Page, base: str) -> None:
    d = _conflict_story(base)
    page.goto(base + "/")
    page.locator(".story-link", has_text=d["story"]["title"]).first.click()
    page.wait_for_url("**/stories/**")
    assert page.locator("h1").inner_text() == d["story"]["title"]
    assert page.locator("svg.axis circle").count() >= 1
    assert page.locator(".tl-group").count() >= 1
    conflicts = page.locator("tr.claim.conflict")
    assert conflicts.count() >= 1 and "Conflict" in conflicts.first.inner_text()
    # The axis is interactive: choosing a date marks its entries.
    page.locator("svg.axis a.dot").first.click()
    assert page.locator(".tl-group.active").count() == 1
    # "Conflicts only" hides agreed rows, if there are any.
    page.check("#only-conflicts")
    assert page.locator("tr.claim:not(.conflict):visible").count() == 0
    page.uncheck("#only-conflicts")
    page.locator("#claims").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "story.png"), full_page=True)

    cite = conflicts.first.locator("a.cite").first
    target = cite.get_attribute("href")
    cite.click()
    page.wait_for_url("**" + target)
    assert page.locator(".article-page h1").count() == 1
    assert page.locator(".text .a-ent").count() >= 1
    page.screenshot(path=str(SHOTS / "article.png"), full_page=True)

    page.locator(".text a.a-ent").first.click()
    page.wait_for_url("**/entities/**")
    assert page.locator("ul.articles li").count() >= 1
    page.screenshot(path=str(SHOTS / "entity.png"), full_page=True)


def test_phone_width(page: Page, base: str) -> None:
    d = _conflict_story(base)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + f"/stories/{quote(d['story']['id'], safe='')}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    page.screenshot(path=str(SHOTS / "story-phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})


def test_hostile_article_runs_no_script(page: Page, base: str) -> None:
    art = httpx.get(base + f"/api/articles/{quote(HOSTILE_ID, safe='')}").json()
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    for path in ["/", "/?q=Brandvik", f"/stories/{quote(art['story'], safe='')}",
                 f"/articles/{quote(HOSTILE_ID, safe='')}",
                 *[f"/entities/{quote(e['id'], safe='')}" for e in art["entities"][:2]]]:
        page.goto(base + path)
        for el in page.locator("a, b, i, span").all()[:200]:
            # Hidden or detached elements cannot be hovered; that is fine, the others fire their handlers.
            with contextlib.suppress(Exception):
                el.hover(timeout=200)
        assert page.evaluate("typeof window.pwned") == "undefined", path
        assert page.locator("script:not([src='/static/app.js'])").count() == 0, path
        assert page.locator("[onerror], [onload], [onmouseover], [onclick], a[href^='javascript']").count() == 0
    page.goto(base + f"/articles/{quote(HOSTILE_ID, safe='')}")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text, not run
    page.screenshot(path=str(SHOTS / "hostile-article.png"), full_page=True)
    assert page.dialogs == []  # type: ignore[attr-defined]
