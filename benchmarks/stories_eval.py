"""Story clustering on ECB+ (sub-topics) or UCI News Aggregator headlines (../shared):
the `stories` partition of StoryClusterer, scored by ../shared/bench/score.py clusters.

    .venv/bin/python benchmarks/stories_eval.py --data ecbplus|uci [--shuffle SEED] [--half A|B]
        [--entities] [--set threshold=0.3 ...] [--pred /tmp/stories-pred.jsonl]

Articles are fed one by one in the file's order (or shuffled with --shuffle),
as a stream would bring them. Predictions are written as JSON Lines
{"id","story"}; the scorer's JSON is printed as is, then the speed of the
clustering alone (articles per second, entity extraction excluded); the
machine it ran on goes to stderr.
`--half` keeps the ECB+ topics (or UCI stories) whose id hashes to one half,
the split used to check that parameters set on one half hold on the other.
`--entities` passes spaCy entity names (newsweave.annotate) as the pipeline
does; without it the items carry no entities.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DATA = SHARED / "data" / "stories"
SCORE = SHARED / "bench" / "score.py"
FILES = {"ecbplus": "ecbplus-dev.jsonl", "uci": "uci-headlines-dev.jsonl"}


def group_of(row: dict[str, Any]) -> str:
    """What a half is made of: an ECB+ topic (both its sub-topics together) or a UCI story."""
    story = str(row["story"])
    return story.split("-")[0] if story.startswith("ecb") else story


def half_of(key: str) -> str:
    return "A" if hashlib.sha1(key.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def parse_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return text


def with_entities(rows: list[dict[str, Any]]) -> list[list[tuple[str, str]]]:
    sys.path.insert(0, str(ROOT / "src"))
    from newsweave.annotate.entities import find_entities
    from newsweave.annotate.nlp import load_nlp

    nlp = load_nlp()
    texts = [(r.get("text") or r.get("title") or "") for r in rows]
    out = []
    for doc in nlp.pipe(texts, batch_size=32):
        out.append([(e.name, e.label) for e in find_entities(doc)])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", choices=sorted(FILES), required=True)
    parser.add_argument("--pred", default="/tmp/stories-pred.jsonl", help="where to write predictions")
    parser.add_argument("--shuffle", type=int, metavar="SEED", help="feed the articles in a shuffled order")
    parser.add_argument("--half", choices=["A", "B"], help="keep one half of the topics")
    parser.add_argument("--entities", action="store_true", help="pass spaCy entity names (slower)")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE", help="clusterer parameter")
    args = parser.parse_args(argv)

    gold = DATA / FILES[args.data]
    if not gold.exists() or not SCORE.exists():
        print(f"error: {gold} and {SCORE} are needed (the ../shared folder beside the repository)", file=sys.stderr)
        return 2

    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import machine
    from newsweave.link.stories import StoryClusterer, StoryItem

    print(machine(), file=sys.stderr)

    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.half:
        rows = [r for r in rows if half_of(group_of(r)) == args.half]
    if args.shuffle is not None:
        random.Random(args.shuffle).shuffle(rows)
    entities = with_entities(rows) if args.entities else [[] for _ in rows]
    items = [
        StoryItem(id=str(r["id"]), title=r.get("title"), text=r.get("text") or "", date=r.get("date"), entities=e)
        for r, e in zip(rows, entities, strict=True)
    ]
    params = dict(s.split("=", 1) for s in args.set)
    clusterer = StoryClusterer(**{k: parse_value(v) for k, v in params.items()})

    t0 = time.perf_counter()
    for item in items:
        clusterer.add(item)
    elapsed = time.perf_counter() - t0

    pred_path = Path(args.pred)
    with pred_path.open("w", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps({"id": item.id, "story": clusterer.story_of(item.id)}) + "\n")
    gold_path = gold
    if args.half:
        # The scorer counts every gold id; score against the half actually fed.
        gold_path = pred_path.with_suffix(".gold.jsonl")
        gold_path.write_text("".join(json.dumps({"id": r["id"], "story": r["story"]}) + "\n" for r in rows))
    result = subprocess.run(
        [sys.executable, str(SCORE), "clusters", "--gold", str(gold_path), "--pred", str(pred_path)],
        check=True,
        capture_output=True,
        text=True,
    )
    print(result.stdout.strip())
    print(
        json.dumps(
            {
                "data": args.data,
                "articles": len(items),
                "stories": len(clusterer.stories()),
                "seconds": round(elapsed, 3),
                "articles_per_second": round(len(items) / elapsed, 1) if elapsed else None,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
