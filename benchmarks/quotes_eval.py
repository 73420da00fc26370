"""Direct quotes and their speakers on PolNeAR, scored by the shared scorer.

    .venv/bin/python benchmarks/quotes_eval.py [--split dev|train] [--pred FILE] [--limit N] [--parts]

Runs the spaCy pipeline and `find_quotes` on every article of
../shared/data/quotes/polnear-<split>.jsonl, writes the predictions as
{"id", "quotes": [...]} lines, runs `score.py quotes` on them and prints its
JSON (detection precision/recall/F1, speaker accuracy), then the time spent in
spaCy and in `find_quotes`.

`--parts` writes each quoted piece of a split quote as an item of its own
(`quote_parts`) instead of one item per attribution, to show what the
scorer, which counts PolNeAR's one-span-per-attribution, makes of that.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

from common import machine
from newsweave.annotate.nlp import load_nlp
from newsweave.annotate.quotes import find_quotes, quote_parts

QUOTES_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "quotes"
SCORE = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "score.py"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["dev", "train"], default="dev")
    parser.add_argument("--pred", type=Path, default=Path("/tmp/quotes-pred.jsonl"))
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    parser.add_argument("--parts", action="store_true", help="one item per quoted piece (quote_parts)")
    args = parser.parse_args(argv)

    gold = QUOTES_DATA / f"polnear-{args.split}.jsonl"
    if not gold.exists():
        sys.exit(f"quotes_eval: {gold} not found; this benchmark needs ../shared/data/quotes beside the repo")
    if not SCORE.exists():
        sys.exit(f"quotes_eval: {SCORE} not found; this benchmark needs the shared scorer")

    rows = [json.loads(line) for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.limit:
        # Score against the same articles only, or every other article counts as missed.
        rows = rows[: args.limit]
        gold = args.pred.with_suffix(".gold.jsonl")
        gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(machine(), file=sys.stderr)

    nlp = load_nlp()
    nlp_seconds = quote_seconds = 0.0
    n_direct = n_indirect = 0
    with args.pred.open("w", encoding="utf-8") as out:
        for row in rows:
            text = row["text"]
            t0 = time.perf_counter()
            doc = nlp(text)
            t1 = time.perf_counter()
            quotes = find_quotes(text, doc)
            quote_seconds += time.perf_counter() - t1
            nlp_seconds += t1 - t0
            if args.parts:
                quotes = [part for q in quotes for part in quote_parts(text, q)]
            n_direct += sum(q.kind == "direct" for q in quotes)
            n_indirect += sum(q.kind == "indirect" for q in quotes)
            record = {"id": row["id"], "quotes": [asdict(q) for q in quotes]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")

    result = subprocess.run(
        [sys.executable, str(SCORE), "quotes", "--gold", str(gold), "--pred", str(args.pred)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        sys.exit(f"quotes_eval: score.py failed:\n{result.stderr}")
    print(result.stdout.strip())
    print(json.dumps({
        "split": args.split,
        "articles": len(rows),
        "direct_quotes": n_direct,
        "indirect_quotes": n_indirect,
        "spacy_seconds": round(nlp_seconds, 2),
        "find_quotes_seconds": round(quote_seconds, 3),
        "find_quotes_ms_per_article": round(1000 * quote_seconds / max(1, len(rows)), 2),
        "find_quotes_share_of_spacy": round(quote_seconds / nlp_seconds, 4) if nlp_seconds else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
