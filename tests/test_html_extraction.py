"""HTML cleaning on our own invented pages with known bodies and metadata:
the post-cleaning must beat bare trafilatura without costing body text."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
import trafilatura

from newsweave.clean.article import clean_document
from newsweave.model import RawDocument

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"
GOLD = [json.loads(x) for x in (FIXTURES / "gold.jsonl").read_text().splitlines() if x.strip()]
META = {m["id"]: m for m in (json.loads(x) for x in (FIXTURES / "meta.jsonl").read_text().splitlines() if x)}


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text)
    return Counter(tuple(tokens[i:i + 4]) for i in range(max(1, len(tokens) - 3)))


def precision_recall(pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """Per-page shingle precision and recall, averaged (the Scrapinghub way)."""
    ps, rs = [], []
    for gold, got in pairs:
        g, p = shingles(gold), shingles(got)
        tp = sum((g & p).values())
        ps.append(tp / max(1, sum(p.values())))
        rs.append(tp / max(1, sum(g.values())))
    return sum(ps) / len(ps), sum(rs) / len(rs)


def ours(ident: str) -> str:
    page = (FIXTURES / "pages" / f"{ident}.html").read_bytes()
    return clean_document(RawDocument(uri=f"{ident}.html", kind="html", raw=page), page.decode()).article.text


def test_post_cleaning_beats_bare_trafilatura_without_losing_body_text() -> None:
    bare = [(g["article_body"], trafilatura.extract((FIXTURES / "pages" / f"{g['id']}.html").read_bytes()) or "")
            for g in GOLD]
    mine = [(g["article_body"], ours(g["id"])) for g in GOLD]
    bare_p, bare_r = precision_recall(bare)
    our_p, our_r = precision_recall(mine)
    assert our_p > bare_p + 0.02
    assert our_r >= bare_r - 0.001


@pytest.mark.parametrize("ident", sorted(META))
def test_page_metadata(ident: str) -> None:
    want = META[ident]
    page = (FIXTURES / "pages" / f"{ident}.html").read_bytes()
    article = clean_document(RawDocument(uri=f"{ident}.html", kind="html", raw=page), page.decode()).article
    if ident == "marlow-school-bond":
        pytest.xfail("a 1990s table layout: the byline is fused into one line with the body")
    assert article.title == want["title"]
    assert article.author == want["author"]
    assert (article.published or "")[:10] == (want["published"] or "")
    if want["outlet"]:
        assert article.outlet == want["outlet"]
