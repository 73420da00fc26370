"""Annotate-stage throughput: the whole stage (spaCy + entity repair + quotes +
figures + time expressions) against bare spaCy NER on the same texts, in the
same run, alternating so machine load hits both alike; best round counts.

    .venv/bin/python benchmarks/annotate.py [--rounds 3] [--limit 200]

Texts: the PolNeAR dev articles and the seeds from ../shared/data when
present, else the bundled sample corpus.
"""

from __future__ import annotations

import argparse
import json
import time

from common import ROOT, SHARED_DATA, machine
from newsweave.annotate.nlp import load_bare_nlp, load_nlp
from newsweave.annotate.pipeline import annotate_many


def texts(limit: int) -> list[str]:
    out: list[str] = []
    polnear = SHARED_DATA / "quotes" / "polnear-dev.jsonl"
    if polnear.exists():
        out += [json.loads(line)["text"] for line in polnear.read_text().splitlines()[:limit] if line.strip()]
    out += [p.read_text(encoding="utf-8") for p in sorted((SHARED_DATA / "seeds").glob("*.txt"))]
    if not out:
        out = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "src/newsweave/sample/text").glob("*.txt"))]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=200)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    docs = texts(args.limit)
    words = sum(len(t.split()) for t in docs)
    bare, ours = load_bare_nlp(), load_nlp()
    list(bare.pipe(docs[:5]))
    list(annotate_many((str(i), t, None) for i, t in enumerate(docs[:5])))
    best_bare = best_ours = float("inf")
    for _ in range(args.rounds):
        start = time.perf_counter()
        for doc in bare.pipe(docs, batch_size=32):
            [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        best_bare = min(best_bare, time.perf_counter() - start)
        start = time.perf_counter()
        for _ann in annotate_many(((str(i), t, "2016-10-01") for i, t in enumerate(docs)), nlp=ours):
            pass
        best_ours = min(best_ours, time.perf_counter() - start)
    print(f"{len(docs)} texts, {words:,} words; best of {args.rounds} rounds")
    print(f"  bare spaCy NER ({bare.meta['name']})   : {words / best_bare:9,.0f} words/s")
    print(f"  newsweave annotate stage        : {words / best_ours:9,.0f} words/s"
          f"  = {best_bare / best_ours:.2f} x bare spaCy")


if __name__ == "__main__":
    main()
