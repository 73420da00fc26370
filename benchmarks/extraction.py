"""Main-text extraction quality on our own HTML pages with known bodies:
bare trafilatura against newsweave's HTML cleaning, both scored with
../shared/bench/score.py extraction (4-word shingles, Scrapinghub style).

    .venv/bin/python benchmarks/extraction.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import trafilatura

from common import ROOT, SCORE, machine
from newsweave.clean.article import clean_document
from newsweave.model import RawDocument

FIXTURES = ROOT / "tests" / "fixtures" / "extraction"


def score(gold: Path, rows: list[dict[str, str]]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("".join(json.dumps(r) + "\n" for r in rows))
    result = subprocess.run([sys.executable, str(SCORE), "extraction", "--gold", str(gold), "--pred", handle.name],
                            capture_output=True, text=True, check=True)
    Path(handle.name).unlink()
    return json.loads(result.stdout)


def main() -> None:
    if not SCORE.exists():
        sys.exit(f"{SCORE} not found: this benchmark needs ../shared beside the project")
    print(f"machine: {machine()}")
    gold = FIXTURES / "gold.jsonl"
    ids = [json.loads(line)["id"] for line in gold.read_text().splitlines() if line.strip()]
    bare, ours = [], []
    for ident in ids:
        page = (FIXTURES / "pages" / f"{ident}.html").read_bytes()
        bare.append({"id": ident, "text": trafilatura.extract(page) or ""})
        doc = RawDocument(uri=f"{ident}.html", kind="html", raw=page)
        cleaned = clean_document(doc, page.decode("utf-8"))
        ours.append({"id": ident, "text": cleaned.article.text})
    print(f"{len(ids)} pages ({FIXTURES.relative_to(ROOT)})")
    for name, rows in (("bare trafilatura.extract", bare), ("newsweave clean", ours)):
        s = score(gold, rows)
        print(f"  {name:26s} precision {s['precision']:.4f}  recall {s['recall']:.4f}  F1 {s['f1']:.4f}")


if __name__ == "__main__":
    main()
