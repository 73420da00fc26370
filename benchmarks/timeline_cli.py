"""Timeline17 exactly as the contract states it: ingest one topic's articles
into a fresh store, `newsweave timeline --all --max-dates N --json` with N
the (mean) number of gold dates, then `score.py timeline`.

    .venv/bin/python benchmarks/timeline_cli.py [egypt h1n1 haiti mj]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, SCORE, SHARED_DATA, machine

TOPICS = ["egypt", "h1n1", "haiti", "mj"]


def main() -> None:
    newsweave = str(ROOT / ".venv" / "bin" / "newsweave")
    print(f"machine: {machine()}")
    scores = []
    for topic in sys.argv[1:] or TOPICS:
        folder = SHARED_DATA / "timelines" / topic
        if not folder.exists():
            sys.exit(f"{folder} not found: this benchmark needs ../shared/data")
        gold = json.loads((folder / "gold.json").read_text())
        sizes = [len({e["date"] for e in tl["entries"]}) for tl in gold["timelines"]]
        n = round(sum(sizes) / len(sizes))
        with tempfile.TemporaryDirectory() as tmp:
            db, pred = str(Path(tmp) / "t.db"), Path(tmp) / "pred.json"
            subprocess.run([newsweave, "ingest", str(folder / "articles.jsonl"), "--db", db, "--quiet"], check=False)
            listed = subprocess.run([newsweave, "timeline", "--all", "--db", db, "--max-dates", str(n), "--json"],
                                    capture_output=True, text=True, check=True).stdout
            pred.write_text(listed)
            result = json.loads(subprocess.run([sys.executable, str(SCORE), "timeline", "--gold",
                                                str(folder / "gold.json"), "--pred", str(pred)],
                                               capture_output=True, text=True, check=True).stdout)
        scores.append(result)
        print(f"{topic}: N={n} {json.dumps(result)}")
    if scores:
        print(f"mean Date-F1 {sum(s['date_f1'] for s in scores) / len(scores):.4f}, "
              f"mean aligned ROUGE-1 F {sum(s['aligned_rouge1_f'] for s in scores) / len(scores):.4f}")


if __name__ == "__main__":
    main()
