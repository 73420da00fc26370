"""Timeline summarisation on Timeline17 (T17, in ../shared/data/timelines):
Date-F1 and date-aligned ROUGE-1 F of `build_timeline`, per topic and mean.

    .venv/bin/python benchmarks/timeline_eval.py [--topic mj] [--no-doc] [--estimates] [--out DIR]

As published T17 results are measured: every article of a topic goes in, and
the timeline keeps N dates, N = the number of dates of the gold timeline (the
mean size, rounded, when a topic has several); each date keeps as many
sentences as the gold timelines have per date on average. Articles are built
in memory, without the store: time expressions come from `find_timexes` on
the article's text and date, with the spaCy Doc (the annotate stage's way) or
without it (`--no-doc`, rules only: about a hundred times faster). spaCy is
slow on T17's million words, so the time expressions of each topic are cached
as JSON under --out and reused while timex.py is unchanged.

`--estimates` also checks `estimate_publication` on the same articles: the
date of every other article is hidden (its time expressions are redone
without it, by the rules), and the estimates are compared with the hidden
dates: how many articles get one, how many of those windows hold the true
date, and how wide they are.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from common import ROOT, SCORE, SHARED_DATA, machine

TIMELINES = SHARED_DATA / "timelines"


def timex_version() -> str:
    """Cached time expressions are stale once the rules change."""
    source = (ROOT / "src" / "newsweave" / "annotate" / "timex.py").read_bytes()
    return hashlib.sha1(source).hexdigest()[:10]


def load_articles(topic: str) -> list[dict[str, Any]]:
    path = TIMELINES / topic / "articles.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def topic_timexes(topic: str, rows: list[dict[str, Any]], *, use_doc: bool, cache_dir: Path) -> dict[str, list]:
    """{article id: [timex dicts]}, from the cache when it is current."""
    from dataclasses import asdict

    from newsweave.annotate.timex import find_timexes

    cache = cache_dir / f"t17-{topic}-{'doc' if use_doc else 'nodoc'}-{timex_version()}.json"
    if cache.exists():
        return json.loads(cache.read_text(encoding="utf-8"))
    texts = [r["text"] for r in rows]
    if use_doc:
        from newsweave.annotate.nlp import load_nlp

        docs = load_nlp().pipe(texts, batch_size=32)
    else:
        docs = iter([None] * len(rows))
    out = {r["id"]: [asdict(t) for t in find_timexes(r["text"], r["date"], doc)]
           for r, doc in zip(rows, docs, strict=True)}
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(out), encoding="utf-8")
    return out


def gold_size(gold: dict[str, Any]) -> tuple[int, int]:
    """(dates, sentences per date) the way published T17 systems size their
    output: the mean over the topic's gold timelines, rounded."""
    dates = [len({e["date"][:10] for e in tl["entries"]}) for tl in gold["timelines"]]
    per_date = [len(e["sentences"]) for tl in gold["timelines"] for e in tl["entries"]]
    return round(statistics.mean(dates)), max(1, round(statistics.mean(per_date)))


def evaluate(topic: str, *, use_doc: bool, out_dir: Path) -> dict[str, Any]:
    from newsweave.compare.timeline import build_timeline
    from newsweave.model import Annotations, Article, StoryArticle, Timex

    rows = load_articles(topic)
    gold_path = TIMELINES / topic / "gold.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    started = time.perf_counter()
    timexes = topic_timexes(topic, rows, use_doc=use_doc, cache_dir=out_dir)
    timex_seconds = time.perf_counter() - started
    items = [StoryArticle(article=Article(id=r["id"], uri=r["id"], title=None, text=r["text"], published=r["date"]),
                          annotations=Annotations(id=r["id"], timexes=[Timex(**t) for t in timexes[r["id"]]]),
                          origin=r["id"]) for r in rows]
    n_dates, per_date = gold_size(gold)
    started = time.perf_counter()
    timeline = build_timeline(items, max_dates=n_dates)
    build_seconds = time.perf_counter() - started
    pred = {"entries": [{"date": e["date"], "sentences": e["sentences"][:per_date]} for e in timeline]}
    pred_path = out_dir / f"t17-{topic}-pred.json"
    pred_path.write_text(json.dumps(pred, indent=1), encoding="utf-8")
    scored = subprocess.run([sys.executable, str(SCORE), "timeline", "--gold", str(gold_path),
                             "--pred", str(pred_path)], capture_output=True, text=True, check=True)
    result = json.loads(scored.stdout)
    return {"topic": topic, "articles": len(rows), "max_dates": n_dates, "sentences_per_date": per_date,
            **result, "timex_seconds": round(timex_seconds, 1), "timeline_seconds": round(build_seconds, 1)}


def estimate_check(topic: str, *, use_doc: bool, out_dir: Path) -> dict[str, Any]:
    from datetime import date

    from newsweave.annotate.timex import find_timexes
    from newsweave.compare.timeline import estimate_publication
    from newsweave.model import Annotations, Article, StoryArticle, Timex

    rows = load_articles(topic)
    timexes = topic_timexes(topic, rows, use_doc=use_doc, cache_dir=out_dir)
    hidden: dict[str, str] = {}
    items = []
    for n, r in enumerate(rows):
        if n % 2:
            hidden[r["id"]] = r["date"][:10]
            published, found = None, find_timexes(r["text"], None)
        else:
            published, found = r["date"], [Timex(**t) for t in timexes[r["id"]]]
        items.append(StoryArticle(article=Article(id=r["id"], uri=r["id"], title=None, text=r["text"],
                                                  published=published),
                                  annotations=Annotations(id=r["id"], timexes=found), origin=r["id"]))
    started = time.perf_counter()
    estimates = estimate_publication(items)
    seconds = time.perf_counter() - started
    right = sum(w.earliest <= hidden[a] <= w.latest for a, w in estimates.items())
    widths = [(date.fromisoformat(w.latest) - date.fromisoformat(w.earliest)).days + 1 for w in estimates.values()]
    return {"topic": topic, "hidden": len(hidden), "estimated": len(estimates), "true_date_inside": right,
            "inside_share": round(right / len(estimates), 4) if estimates else None,
            "median_width_days": statistics.median(widths) if widths else None,
            "within_a_week": sum(w <= 7 for w in widths), "seconds": round(seconds, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topic", help="one topic (egypt, h1n1, haiti, mj); default: all")
    parser.add_argument("--no-doc", action="store_true", help="time expressions by the rules alone, without spaCy")
    parser.add_argument("--estimates", action="store_true",
                        help="also check publication-date estimates with every other article's date hidden")
    parser.add_argument("--out", default="/tmp/newsweave-timeline", help="cache and prediction folder")
    args = parser.parse_args(argv)

    if not TIMELINES.exists() or not SCORE.exists():
        print(f"error: {TIMELINES} and {SCORE} are needed: the ../shared folder beside the repository "
              "holds the development data and the scorer", file=sys.stderr)
        return 2
    topics = [args.topic] if args.topic else sorted(p.name for p in TIMELINES.iterdir() if p.is_dir())
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    print(machine())
    print(f"spaCy Doc given to find_timexes: {not args.no_doc}")
    results = []
    for topic in topics:
        result = evaluate(topic, use_doc=not args.no_doc, out_dir=out_dir)
        results.append(result)
        print(json.dumps(result), flush=True)
    if len(results) > 1:
        mean_f1 = statistics.mean(r["date_f1"] for r in results)
        mean_r1 = statistics.mean(r["aligned_rouge1_f"] for r in results)
        print(json.dumps({"topics": len(results), "mean_date_f1": round(mean_f1, 4),
                          "mean_aligned_rouge1_f": round(mean_r1, 4)}))
    if args.estimates:
        for topic in topics:
            print(json.dumps({"estimates": estimate_check(topic, use_doc=not args.no_doc, out_dir=out_dir)}),
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
