"""Time expressions on TimeBank/AQUAINT (TempEval-3 TBAQ-cleaned, ../shared):
span and value F1 of `find_timexes`, and its speed against bare spaCy.

    .venv/bin/python benchmarks/timex_eval.py [--pred /tmp/timex-pred.jsonl] [--half A|B] [--no-doc]

Each document is parsed by the spaCy pipeline and passed to find_timexes
with its creation date, as the annotate stage does. Predictions are written as
JSON Lines and scored by ../shared/bench/score.py timex, whose JSON is printed
as is. `--half` keeps the documents whose id hashes to one half (A or B), the
split used to check that rules written on one half hold on the other.
Speed: words per second of find_timexes alone (Doc given, parse excluded) and
of the spaCy pipeline alone, over the same texts, best of --rounds.
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

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "data" / "temporal" / "tbaq-dev.jsonl"
SCORE = SHARED / "bench" / "score.py"


def half_of(doc_id: str) -> str:
    """A stable split of document ids into halves A and B."""
    return "A" if hashlib.sha1(doc_id.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pred", default="/tmp/timex-pred.jsonl", help="where to write predictions")
    parser.add_argument("--half", choices=["A", "B"], help="score only one half of the documents")
    parser.add_argument("--no-doc", action="store_true", help="call find_timexes without the spaCy Doc")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (best counts)")
    args = parser.parse_args(argv)

    if not GOLD.exists() or not SCORE.exists():
        print(f"error: {GOLD} and {SCORE} are needed (the ../shared folder beside the repository)", file=sys.stderr)
        return 2

    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from common import machine

    from newsweave.annotate.nlp import load_nlp
    from newsweave.annotate.timex import find_timexes

    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.half:
        rows = [r for r in rows if half_of(str(r["id"])) == args.half]
    nlp = load_nlp()
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)

    spacy_best = float("inf")
    docs = []
    for _ in range(max(1, args.rounds)):
        t0 = time.perf_counter()
        docs = [nlp(t) for t in texts]
        spacy_best = min(spacy_best, time.perf_counter() - t0)

    timex_best = float("inf")
    preds: list[list] = []
    for _ in range(max(1, args.rounds)):
        t0 = time.perf_counter()
        preds = [find_timexes(r["text"], r.get("dct"), None if args.no_doc else d) for r, d in zip(rows, docs)]
        timex_best = min(timex_best, time.perf_counter() - t0)

    pred_path = Path(args.pred)
    with pred_path.open("w", encoding="utf-8") as out:
        for r, timexes in zip(rows, preds):
            items = [{"start": t.start, "end": t.end, "text": t.text, "type": t.type, "value": t.value}
                     for t in timexes]
            out.write(json.dumps({"id": r["id"], "timexes": items}) + "\n")

    gold_path = GOLD
    tmp = None
    if args.half:
        tmp = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8")
        for r in rows:
            tmp.write(json.dumps(r) + "\n")
        tmp.close()
        gold_path = Path(tmp.name)
    try:
        result = subprocess.run([sys.executable, str(SCORE), "timex", "--gold", str(gold_path), "--pred",
                                 str(pred_path)], capture_output=True, text=True, check=True)
    finally:
        if tmp is not None:
            Path(tmp.name).unlink(missing_ok=True)

    print(machine())
    print(f"documents: {len(rows)}{' (half ' + args.half + ')' if args.half else ''}, words: {words}, "
          f"doc passed: {not args.no_doc}")
    print(result.stdout.strip())
    print(f"find_timexes: {words / timex_best:,.0f} words/s ({timex_best:.3f} s)")
    print(f"spaCy alone:  {words / spacy_best:,.0f} words/s ({spacy_best:.3f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
