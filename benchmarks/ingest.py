"""Ingest throughput: our HTML ingest (extraction + metadata + store writes)
against bare trafilatura on the same pages in the same run, and plain text.

    .venv/bin/python benchmarks/ingest.py [--copies N] [--rounds R]

Pages are our own invented fixtures (tests/fixtures/extraction and the
bundled sample corpus), each copied N times under distinct names so every
copy is really stored. Rounds alternate the two contenders so that load from
other users of a shared machine hits both alike; the best round counts.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import trafilatura

from common import ROOT, SHARED_DATA, machine
from newsweave.ingest.run import IngestOptions, ingest
from newsweave.store import Store


def collect_html() -> list[bytes]:
    pages = sorted((ROOT / "tests" / "fixtures" / "extraction" / "pages").glob("*.html"))
    pages += sorted((ROOT / "src" / "newsweave" / "sample" / "html").glob("*.html"))
    return [p.read_bytes() for p in pages]


def collect_text() -> list[bytes]:
    texts = sorted((ROOT / "src" / "newsweave" / "sample" / "text").glob("*.txt"))
    seeds = SHARED_DATA / "seeds"
    if seeds.exists():
        texts += sorted(seeds.glob("*.txt"))
    return [p.read_bytes() for p in texts]


def write_copies(folder: Path, docs: list[bytes], copies: int, suffix: str) -> int:
    folder.mkdir(parents=True)
    n = 0
    for c in range(copies):
        for i, data in enumerate(docs):
            (folder / f"{c:04d}-{i:03d}{suffix}").write_bytes(data)
            n += 1
    return n


def bare_trafilatura(folder: Path) -> float:
    start = time.perf_counter()
    for path in sorted(folder.iterdir()):
        trafilatura.extract(path.read_bytes())
    return time.perf_counter() - start


def _extract_file(path: Path) -> None:
    trafilatura.extract(path.read_bytes())


def bare_trafilatura_parallel(folder: Path, workers: int) -> float:
    """The same loop spread over worker processes, for the per-core comparison."""
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    start = time.perf_counter()
    with ProcessPoolExecutor(workers, mp_context=ctx) as pool:
        list(pool.map(_extract_file, sorted(folder.iterdir()), chunksize=8))
    return time.perf_counter() - start


def ours(folder: Path, db: Path, workers: int = 1) -> float:
    for old in db.parent.glob(db.name + "*"):
        old.unlink()
    start = time.perf_counter()
    with Store(db) as store:
        report = ingest([str(folder)], store, IngestOptions(workers=workers))
    elapsed = time.perf_counter() - start
    if report.errors:
        print(f"  ({len(report.errors)} errors, first: {report.errors[0]})", file=sys.stderr)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {machine()}")
    html_docs, text_docs = collect_html(), collect_text()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        n_html = write_copies(base / "html", html_docs, args.copies, ".html")
        n_text = write_copies(base / "text", text_docs, args.copies * 4, ".txt")
        cores = os.cpu_count() or 1
        best_bare = best_bare_par = best_ours = best_par = best_text = best_text_par = float("inf")
        for _ in range(args.rounds):
            best_bare = min(best_bare, bare_trafilatura(base / "html"))
            best_bare_par = min(best_bare_par, bare_trafilatura_parallel(base / "html", cores))
            best_ours = min(best_ours, ours(base / "html", base / "html.db"))
            best_par = min(best_par, ours(base / "html", base / "html.db", cores))
            best_text = min(best_text, ours(base / "text", base / "text.db"))
            best_text_par = min(best_text_par, ours(base / "text", base / "text.db", cores))
        size = (base / "html.db").stat().st_size
        shutil.rmtree(base / "html")
    print(f"HTML pages: {n_html} ({len(html_docs)} distinct x {args.copies}); best of {args.rounds} rounds")
    print(f"  bare trafilatura.extract : {n_html / best_bare:8.1f} pages/s")
    print(f"  bare trafilatura.extract, {cores} processes: {n_html / best_bare_par:8.1f} pages/s")
    print(f"  newsweave ingest, 1 process      : {n_html / best_ours:8.1f} pages/s"
          f"  = {best_bare / best_ours:.2f} x bare trafilatura  (store {size / 1e6:.1f} MB)")
    print(f"  newsweave ingest, {cores} cleaning workers: {n_html / best_par:8.1f} pages/s"
          f"  = {best_bare / best_par:.2f} x bare trafilatura"
          f"  ({best_bare_par / best_par:.2f} x bare trafilatura on {cores} processes)")
    print(f"plain text: {n_text} files")
    print(f"  newsweave ingest, 1 process      : {n_text / best_text:8.1f} articles/s")
    print(f"  newsweave ingest, {cores} cleaning workers: {n_text / best_text_par:8.1f} articles/s")


if __name__ == "__main__":
    main()
