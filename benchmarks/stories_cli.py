"""Story clustering measured exactly as a user runs it: `newsweave ingest`
the data file into a fresh store, `newsweave stories --json`, then
`score.py clusters` against the file's own "story" field.

    .venv/bin/python benchmarks/stories_cli.py [ecbplus|uci]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, SCORE, SHARED_DATA, machine

FILES = {"ecbplus": "ecbplus-dev.jsonl", "uci": "uci-headlines-dev.jsonl"}


def main() -> None:
    names = sys.argv[1:] or list(FILES)
    newsweave = str(ROOT / ".venv" / "bin" / "newsweave")
    print(f"machine: {machine()}")
    for name in names:
        gold = SHARED_DATA / "stories" / FILES[name]
        if not gold.exists():
            sys.exit(f"{gold} not found: this benchmark needs ../shared/data")
        with tempfile.TemporaryDirectory() as tmp:
            db = str(Path(tmp) / "s.db")
            start = time.perf_counter()
            subprocess.run([newsweave, "ingest", str(gold), "--db", db, "--quiet"], check=False)
            listed = subprocess.run([newsweave, "stories", "--db", db, "--json"], capture_output=True, text=True,
                                    check=True).stdout
            elapsed = time.perf_counter() - start
            pred = Path(tmp) / "pred.jsonl"
            stories = json.loads(listed)
            pred.write_text("".join(json.dumps({"id": a, "story": s["id"]}) + "\n"
                                    for s in stories for a in s["articles"]))
            scored = subprocess.run([sys.executable, str(SCORE), "clusters", "--gold", str(gold), "--pred",
                                     str(pred)], capture_output=True, text=True, check=True).stdout
        print(f"{name}: {scored.strip()}  (ingest + annotate + link + stories in {elapsed:.0f} s)")


if __name__ == "__main__":
    main()
