"""Time expressions on TimeBank + AQUAINT (TempEval-3 TBAQ-cleaned, in ../shared):
span and value F1 of `find_timexes`, and its speed beside bare spaCy.

    .venv/bin/python benchmarks/timex_eval.py [--pred /tmp/timex-pred.jsonl] [--half A|B] [--no-doc]

Each document is parsed by the spaCy pipeline and passed to find_timexes
with its creation date, as the annotate stage does. Predictions are written as
JSON Lines ({"id", "timexes"}) and scored by ../shared/bench/score.py timex,
whose JSON is printed as is. `--half A|B` keeps the documents whose id hashes
to that half: rules written while looking at one half are checked on the
other. Speed: words per second of find_timexes alone (the Doc already built)
and of the spaCy pipeline alone on the same texts, best of --rounds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import SCORE, SHARED_DATA, machine

GOLD = SHARED_DATA / "temporal" / "tbaq-dev.jsonl"


def half_of(doc_id: str) -> str:
    """A stable split of document ids into halves A and B."""
    return "A" if hashlib.sha1(doc_id.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def best_of(rounds: int, work) -> tuple[float, list]:
    best, out = float("inf"), []
    for _ in range(max(1, rounds)):
        started = time.perf_counter()
        out = work()
        best = min(best, time.perf_counter() - started)
    return best, out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pred", default="/tmp/timex-pred.jsonl", help="where to write the predictions")
    parser.add_argument("--half", choices=["A", "B"], help="score one half of the documents only")
    parser.add_argument("--no-doc", action="store_true", help="call find_timexes without the spaCy Doc")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds; the best counts")
    args = parser.parse_args(argv)

    if not GOLD.exists() or not SCORE.exists():
        print(f"error: {GOLD} and {SCORE} are needed: the ../shared folder beside the repository "
              "holds the development data and the scorer", file=sys.stderr)
        return 2

    # Imported here so that a missing data folder is reported before spaCy loads.
    from newsweave.annotate.nlp import load_nlp
    from newsweave.annotate.timex import find_timexes

    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.half:
        rows = [r for r in rows if half_of(str(r["id"])) == args.half]
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)

    nlp = load_nlp()
    spacy_time, docs = best_of(args.rounds, lambda: [nlp(t) for t in texts])
    given = [None] * len(docs) if args.no_doc else docs
    timex_time, preds = best_of(args.rounds, lambda: [
        find_timexes(r["text"], r.get("dct"), d) for r, d in zip(rows, given, strict=True)])

    pred_path = Path(args.pred)
    with pred_path.open("w", encoding="utf-8") as out:
        for r, timexes in zip(rows, preds, strict=True):
            items = [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
                     for t in timexes]
            out.write(json.dumps({"id": r["id"], "timexes": items}) + "\n")

    with tempfile.TemporaryDirectory() as tmp:
        gold_path = GOLD
        if args.half:
            gold_path = Path(tmp) / f"tbaq-half-{args.half}.jsonl"
            gold_path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
        scored = subprocess.run([sys.executable, str(SCORE), "timex", "--gold", str(gold_path),
                                 "--pred", str(pred_path)], capture_output=True, text=True, check=True)

    print(machine())
    print(f"documents: {len(rows)}{' (half ' + args.half + ')' if args.half else ''}, words: {words}, "
          f"spaCy Doc given: {not args.no_doc}, predictions: {pred_path}")
    print(scored.stdout.strip())
    print(f"find_timexes alone: {words / timex_time:,.0f} words/s ({timex_time:.3f} s)")
    print(f"spaCy alone:        {words / spacy_time:,.0f} words/s ({spacy_time:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
