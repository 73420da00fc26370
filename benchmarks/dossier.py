"""Dossier build time for a story of 10, 100 and 1,000 articles: claims,
timeline with publication estimates, summary, quotes by speaker, and the
HTML page, on the articles of the bundled sample corpus's main story
replicated under new ids (each replica its own origin, the costliest case
for claim alignment). spaCy runs once per distinct article; the replicas
reuse those annotations, so the figures are the compare and render stages.

    .venv/bin/python benchmarks/dossier.py [--sizes 10,100,1000]
"""

from __future__ import annotations

import argparse
import copy
import tempfile
import time
from pathlib import Path

from common import ROOT, machine
from newsweave.compare.claims import align_claims
from newsweave.compare.summary import quotes_by_speaker, summarize
from newsweave.compare.timeline import build_timeline, estimate_publication
from newsweave.ingest.run import ingest
from newsweave.model import Annotations, StoryArticle
from newsweave.render.html import to_html
from newsweave.store import Store


def base_items() -> list[StoryArticle]:
    from newsweave.annotate.stage import annotate_pending

    sample = ROOT / "src" / "newsweave" / "sample"
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "s.db") as store:
        ingest([str(sample / "text"), str(sample / "html"), str(sample / "feed.xml")], store)
        annotate_pending(store)
        return [StoryArticle(article=a, annotations=store.annotations(a.id) or Annotations(id=a.id), origin=a.id)
                for a in store.articles()]


def replicate(items: list[StoryArticle], n: int) -> list[StoryArticle]:
    out = []
    for k in range(n):
        src = items[k % len(items)]
        article = copy.copy(src.article)
        article.id = f"{src.article.id}-{k}"
        ann = copy.copy(src.annotations)
        ann.id = article.id
        out.append(StoryArticle(article=article, annotations=ann, origin=article.id))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10,100,1000")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    items = base_items()
    for n in (int(s) for s in args.sizes.split(",")):
        story = replicate(items, n)
        times = {}
        start = time.perf_counter()
        claims = align_claims(story)
        times["claims"] = time.perf_counter() - start
        t = time.perf_counter()
        timeline = build_timeline(story, estimates=estimate_publication(story))
        times["timeline"] = time.perf_counter() - t
        t = time.perf_counter()
        summary = summarize(story)
        quotes = quotes_by_speaker(story)
        times["summary+quotes"] = time.perf_counter() - t
        t = time.perf_counter()
        dossier = {"story": {"id": "s", "title": "bench", "first_seen": None, "last_seen": None, "threads": []},
                   "articles": [{**i.article.to_contract(with_text=False), "derived_from": []} for i in story],
                   "entities": [], "quotes": quotes, "claims": claims, "timeline": timeline, "summary": summary}
        page = to_html(dossier)
        times["html"] = time.perf_counter() - t
        total = time.perf_counter() - start
        parts = ", ".join(f"{k} {v:.2f} s" for k, v in times.items())
        print(f"{n:>5} articles: {total:7.2f} s  ({parts}; page {len(page) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
