"""The fixed cost of one run of the link stage as the corpus grows: a store of
N synthetic articles (the stream of benchmarks/link.py, with their entity
mentions as annotations) is linked, then a run of `link_pending` that links
20 more articles is timed, broken down into its parts.

    .venv/bin/python benchmarks/link_stage.py [--sizes 1000,5000,20000] [--keep DIR]

Times are exclusive (a part's time excludes the parts it calls) in CPU time of
this process and in wall time, so the rows add up to the run. The machine is
shared: wall time includes other jobs' load and the disk, CPU time does not.

--keep DIR: each linked store of N articles is kept as DIR/store_N.db (before
the measured run) and reused when present, so that two versions of the stage
are timed on the same store and the build (about 70 articles/s) is paid once.
"""

from __future__ import annotations

import argparse
import inspect
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from common import machine
from link import stream
from newsweave.link import stage
from newsweave.link.lineage import LineageIndex
from newsweave.link.resolve import EntityResolver
from newsweave.link.stories import StoryClusterer
from newsweave.model import Annotations, Article, sha256_hex, text_hash
from newsweave.store import Store

MEASURED = 20
OTHER = "stage code (rest)"


class Phases:
    """Exclusive CPU and wall time per label: entering a timed call stops the
    clock of the caller's label, so nested parts are not counted twice."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.stack: list[str] = []
        self._last = (0.0, 0.0)

    def _charge(self) -> None:
        now = (time.process_time(), time.perf_counter())
        if self.stack:
            self.cpu[self.stack[-1]] += now[0] - self._last[0]
            self.wall[self.stack[-1]] += now[1] - self._last[1]
        self._last = now

    def enter(self, label: str) -> None:
        self._charge()
        self.stack.append(label)

    def leave(self) -> None:
        self._charge()
        self.stack.pop()

    def wrap(self, owner: Any, attr: str, label: str | Callable[[tuple[Any, ...]], str]) -> None:
        raw = inspect.getattr_static(owner, attr)
        is_classmethod = isinstance(raw, classmethod)
        func = raw.__func__ if is_classmethod else raw
        phases = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            if not phases.stack:  # outside the measured run
                return func(*args, **kwargs)
            phases.enter(label(args) if callable(label) else label)
            try:
                result = func(*args, **kwargs)
                if inspect.isgenerator(result):  # time the reading, not the creation of the generator
                    result = iter(list(result))
                return result
            finally:
                phases.leave()

        setattr(owner, attr, classmethod(timed) if is_classmethod else timed)


def instrument(phases: Phases) -> None:
    def writing() -> bool:
        return "write: rows + SQL" in phases.stack

    phases.wrap(Store, "pending", "find pending articles")
    phases.wrap(Store, "annotated", "find pending articles")
    phases.wrap(Store, "get_state", lambda a: f"load {a[1]}: read + JSON")
    phases.wrap(Store, "put_state", lambda a: f"save {a[1]}: JSON + write")
    phases.wrap(Store, "commit", "commit")
    phases.wrap(Store, "articles", lambda a: "write: load articles" if writing() else "add: read articles")
    phases.wrap(Store, "annotations", lambda a: "write: estimated dates" if writing() else "add: read articles")
    phases.wrap(Store, "article_heads", "write: load articles")
    for cls, name in ((EntityResolver, "entities"), (StoryClusterer, "stories"), (LineageIndex, "lineage")):
        phases.wrap(cls, "from_state", f"load {name}: from_state")
        phases.wrap(cls, "to_state", f"save {name}: to_state")
    phases.wrap(EntityResolver, "add_article", "add: entities")
    phases.wrap(EntityResolver, "entity_id", "add: entities")
    phases.wrap(StoryClusterer, "add", "add: stories")
    phases.wrap(LineageIndex, "add", "add: lineage")
    phases.wrap(StoryClusterer, "stories", "write: clusterer.stories()")
    phases.wrap(StoryClusterer, "threads", "write: clusterer.threads()")
    phases.wrap(StoryClusterer, "story_of", "write: clusterer.threads()")
    phases.wrap(LineageIndex, "derivations", "write: lineage.derivations()")
    phases.wrap(EntityResolver, "entities", "write: resolver.entities()")
    phases.wrap(stage, "_estimated_dates", "write: estimated dates")
    phases.wrap(stage, "_write_results", "write: rows + SQL")


def articles(n: int) -> Iterator[tuple[Article, Annotations]]:
    for ident, text, day, outlet, credits, mentions in stream(n):
        article = Article(
            id=ident,
            uri=f"synthetic://{ident}",
            title=" ".join(text.split()[:9]),
            text=text,
            outlet=outlet,
            published=day,
            attributed_to=credits,
            text_hash=text_hash(text),
            input_sha256=sha256_hex(text.encode()),
        )
        yield article, Annotations(id=ident, entities=mentions)


def add(store: Store, items: list[tuple[Article, Annotations]]) -> None:
    store.begin()
    for article, ann in items:
        store.add_article(article, input_id=None)
        store.put_annotations(ann, "bench")
    store.commit()


def run(sizes: list[int], keep: Path | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="link_stage_"))
    db = work / "store.db"
    everything = list(articles(max(sizes) + MEASURED))
    phases = Phases()
    instrument(phases)
    results: dict[int, Phases] = {}
    for size in sizes:
        kept = keep / f"store_{size}.db" if keep else None
        if kept and kept.exists():
            _copy_db(kept, db)
            print(f"{size:,} articles: store reused from {kept}", flush=True)
        else:
            with Store(db) as store:
                have = store.article_count()
                started = time.perf_counter()
                for begin in range(have, size, 5000):
                    add(store, everything[begin : min(size, begin + 5000)])
                    stage.link_pending(store)
                print(f"{size:,} articles: linked in {time.perf_counter() - started:,.0f} s", flush=True)
            if kept:
                keep.mkdir(parents=True, exist_ok=True)
                _copy_db(db, kept)
        with Store(db) as store:
            # The measured articles are the ones that follow the first `size` in the stream.
            add(store, everything[size : size + MEASURED])
            phases.cpu.clear()
            phases.wall.clear()
            phases.enter(OTHER)
            linked = stage.link_pending(store)
            phases.leave()
            assert linked == MEASURED, linked
            counts = {
                t: store.conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("stories", "story_articles", "derivations", "entities", "entity_articles")
            }
            state = {r[0]: r[1] for r in store.conn.execute("SELECT name, length(data) FROM link_state")}
        snapshot = Phases()
        snapshot.cpu, snapshot.wall = dict(phases.cpu), dict(phases.wall)  # type: ignore[assignment]
        results[size] = snapshot
        print(
            f"\n{size:,} articles, then a run linking {MEASURED}: "
            f"{sum(snapshot.cpu.values()):.3f} s CPU, {sum(snapshot.wall.values()):.3f} s wall"
        )
        print("  rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))
        print("  state (JSON bytes): " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(state.items())))
        for label in sorted(snapshot.cpu, key=lambda k: -snapshot.cpu[k]):
            print(f"  {label:<34} {snapshot.cpu[label] * 1000:9.1f} ms CPU {snapshot.wall[label] * 1000:9.1f} ms wall")
        print(flush=True)
    summary(sizes, results)
    shutil.rmtree(work, ignore_errors=True)


def summary(sizes: list[int], results: dict[int, Phases]) -> None:
    labels = sorted({k for p in results.values() for k in p.cpu}, key=lambda k: -results[sizes[-1]].cpu.get(k, 0.0))
    print("CPU ms of the run linking", MEASURED, "articles (wall ms in the last row)")
    print("| part | " + " | ".join(f"{s:,}" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for label in labels:
        print(f"| {label} | " + " | ".join(f"{results[s].cpu.get(label, 0.0) * 1000:.1f}" for s in sizes) + " |")
    print("| **total CPU** | " + " | ".join(f"**{sum(results[s].cpu.values()) * 1000:.0f}**" for s in sizes) + " |")
    print("| total wall | " + " | ".join(f"{sum(results[s].wall.values()) * 1000:.0f}" for s in sizes) + " |")


def _copy_db(source: Path, target: Path) -> None:
    # A closed store in WAL mode has checkpointed into the main file; stale -wal/-shm files must not follow.
    for suffix in ("-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(source, target)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--keep", type=Path, help="keep the linked stores here and reuse them")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    run(sorted(int(s) for s in args.sizes.split(",")), args.keep)


if __name__ == "__main__":
    main()
