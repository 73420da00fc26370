"""The ingest run: inputs → raw documents → cleaned articles → store.

Every document is written in a savepoint of its own, so a failure of one input
(or one line of it) undoes only its rows, is recorded, and the rest go on.
Commits are grouped (see Writer): an interrupted run keeps all but the last
second or so of work, which running it again redoes."""

from __future__ import annotations

import multiprocessing as mp
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newsweave.clean.article import Cleaned, EmptyArticle, clean_document
from newsweave.clean.html import NoArticleText
from newsweave.clean.language import warm_language_model
from newsweave.clean.plaintext import line_key
from newsweave.ingest.decode import DecodeError
from newsweave.ingest.fetch import DEFAULT_MAX_BYTES, Fetcher
from newsweave.ingest.readers import (
    DEFAULT_MAX_DOC_BYTES,
    Item,
    decode_document,
    read_document_file,
    read_feed,
    read_jsonl,
    read_url,
    read_warc,
    sniff_kind,
)
from newsweave.ingest.sources import Source, expand
from newsweave.model import InputError, RawDocument
from newsweave.store import Store

# Only short lines are counted across documents: long ones are prose, and
# repetition of prose means a copied article, not boilerplate.
COUNTED_LINE_MAX_WORDS = 12


@dataclass(slots=True)
class IngestOptions:
    max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES
    max_fetch_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = 15.0
    refetch: bool = False
    keep_raw: bool = True
    # Worker processes for cleaning; 1 cleans in this process.
    workers: int = 1


@dataclass(slots=True)
class IngestReport:
    inputs: int = 0
    added: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


Progress = Callable[[str], None]


def ingest(
    specs: list[str],
    store: Store,
    options: IngestOptions | None = None,
    *,
    on_input: Progress | None = None,
    stdin: object = None,
) -> IngestReport:
    options = options or IngestOptions()
    report = IngestReport()
    # Ingesting the folder the store lives in must not read the store itself.
    own = {str(Path(str(store.path) + suffix).resolve()) for suffix in ("", "-wal", "-shm", "-journal")}
    sources = [s for s in expand(specs) if s.path is None or str(s.path.resolve()) not in own]
    run = Run(store, options, report, Writer(store))
    cleaner = Cleaner(options.workers)
    try:
        with Fetcher(timeout=options.timeout, max_bytes=options.max_fetch_bytes) as fetcher:
            for source in sources:
                report.inputs += 1
                if on_input:
                    on_input(source.spec if source.path is None else str(source.path))
                try:
                    items = _read_source(source, store, fetcher, options, stdin)
                    _consume(items, run, cleaner)
                except Exception as exc:  # noqa: BLE001 - a reader bug must not lose the other inputs
                    cleaner.drain(run)
                    _fail(run, InputError(_name(source), f"internal error while reading: {exc!r}"))
            cleaner.drain(run)
    finally:
        cleaner.close()
        run.writer.flush()
    return report


def ingest_items(items: Iterator[Item], store: Store, options: IngestOptions | None = None) -> IngestReport:
    """Store documents read by the caller (the web API's uploads), cleaned in this process."""
    options = options or IngestOptions(workers=1)
    report = IngestReport()
    run = Run(store, options, report, Writer(store))
    cleaner = Cleaner(1)
    try:
        _consume(items, run, cleaner)
        cleaner.drain(run)
    finally:
        cleaner.close()
        run.writer.flush()
    return report


class Writer:
    """Groups the writes of many documents into one transaction: a commit per
    document cost about as much as extracting a page's metadata. Each document
    is still written in a savepoint of its own."""

    BATCH = 200
    SECONDS = 1.0

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pending = 0
        self.opened = 0.0

    @contextmanager
    def document(self) -> Iterator[None]:
        if not self.store.conn.in_transaction:
            self.store.begin()
            self.opened = time.monotonic()
        with self.store.savepoint():
            yield
        self.pending += 1
        if self.pending >= self.BATCH or time.monotonic() - self.opened >= self.SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.store.conn.in_transaction:
            self.store.commit()
        self.pending = 0


@dataclass(slots=True)
class Run:
    store: Store
    options: IngestOptions
    report: IngestReport
    writer: Writer
    # Documents in the line-repetition statistics, counted once and then kept
    # up to date here (counting them in the store is a scan per document).
    line_docs: int | None = None


def _name(source: Source) -> str:
    return str(source.path) if source.path else source.spec


def _read_source(
    source: Source, store: Store, fetcher: Fetcher, options: IngestOptions, stdin: object
) -> Iterator[Item]:
    if source.kind == "missing":
        yield InputError(source.spec, "no such file or folder, and no file matches it as a glob")
        return
    if source.kind == "stdin":
        stream = stdin if stdin is not None else sys.stdin.buffer
        yield from read_jsonl(stream, "<stdin>", max_doc_bytes=options.max_doc_bytes)  # type: ignore[arg-type]
        return

    def skip_url(url: str) -> bool:
        return not options.refetch and store.fetched_ok(url)

    if source.kind == "url":
        if skip_url(source.spec):
            return
        yield from read_url(source.spec, fetcher, skip_url)
        return
    assert source.path is not None
    path = source.path
    uri = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        yield InputError(uri, f"cannot read: {exc.strerror or exc}")
        return
    if size == 0:
        yield InputError(uri, "empty file")
        return
    kind = sniff_kind(head, path.name)
    if kind == "binary":
        yield InputError(uri, "binary file (compressed data that is not a WARC)")
        return
    if kind == "jsonl":
        with path.open("rb") as handle:
            yield from read_jsonl(handle, uri, max_doc_bytes=options.max_doc_bytes)
        return
    if kind == "warc":
        with path.open("rb") as handle:
            yield from read_warc(handle, uri, max_doc_bytes=options.max_doc_bytes)
        return
    if size > options.max_doc_bytes:
        yield InputError(uri, f"file is {size / 2**20:.1f} MiB, over the {options.max_doc_bytes / 2**20:.1f} MiB "
                              "limit for one article (raise it with --max-bytes)")
        return
    data = path.read_bytes()
    if kind == "feed":
        yield from read_feed(data, uri, fetch=fetcher.get, skip_url=skip_url)
        return
    yield read_document_file(path, kind, data)


def _consume(items: Iterator[Item], run: Run, cleaner: Cleaner) -> None:
    """Reading and storing stay in this process (the store has one writer);
    cleaning, the costly part, may run in worker processes. Results are
    stored in input order. Documents stay in flight across inputs: a folder
    of one-page files keeps the workers as busy as one WARC does."""
    for item in items:
        if isinstance(item, InputError):
            cleaner.drain(run)
            _fail(run, item)
            continue
        task = _prepare(item, run)
        if task is not None:
            cleaner.submit(task, run)


def _fail(run: Run, err: InputError, sha256: str | None = None) -> None:
    run.report.errors.append(err)
    with run.writer.document():
        run.store.record_error(err, sha256=sha256)


@dataclass(slots=True)
class CleanTask:
    doc: RawDocument
    text: str
    line_counts: dict[str, int] | None
    corpus_size: int


def _where(doc: RawDocument) -> str:
    return (doc.hints.get("container") or doc.uri.split("#")[0]) if doc.locator else doc.uri


def _prepare(doc: RawDocument, run: Run) -> CleanTask | None:
    store = run.store
    if store.has_content(doc.uri, doc.sha256):
        run.report.unchanged += 1
        return None
    try:
        text = decode_document(doc)
    except DecodeError as exc:
        _fail(run, InputError(_where(doc), str(exc), doc.locator), doc.sha256)
        return None
    line_counts = None
    corpus_size = 0
    if doc.kind == "text":
        keys = [line_key(line) for line in text.splitlines() if 0 < len(line.split()) <= COUNTED_LINE_MAX_WORDS]
        if run.line_docs is None:
            run.line_docs = store.line_docs()
        with run.writer.document():
            if store.add_line_keys(doc.sha256, keys):
                run.line_docs += 1
        line_counts = store.line_counts(keys)
        corpus_size = run.line_docs
    return CleanTask(doc, text, line_counts, corpus_size)


def clean_task(task: CleanTask) -> Cleaned | str:
    """Runs in a worker: the cleaned article, or why there is none."""
    try:
        return clean_document(task.doc, task.text, line_counts=task.line_counts, corpus_size=task.corpus_size)
    except (NoArticleText, EmptyArticle) as exc:
        return str(exc)


def clean_tasks(tasks: list[CleanTask]) -> list[Cleaned | str]:
    """Runs in a worker: clean_task for each, a bug on one page failing only that page."""
    results: list[Cleaned | str] = []
    for task in tasks:
        try:
            results.append(clean_task(task))
        except Exception as exc:  # noqa: BLE001
            results.append(f"internal error while cleaning: {exc!r}")
    return results


def _finish(task: CleanTask, result: Cleaned | str, run: Run) -> None:
    doc, store, report = task.doc, run.store, run.report
    if isinstance(result, str):
        _fail(run, InputError(_where(doc), result, doc.locator), doc.sha256)
        return
    article = result.article
    existing = store.article_by_id(article.id)
    if existing is not None or store.has_content(doc.uri, doc.sha256):
        if existing is None or existing.input_sha256 == article.input_sha256:
            report.unchanged += 1
        else:
            _fail(run, InputError(
                _where(doc),
                f"article id {article.id!r} is already stored with different content; the stored one is kept",
                doc.locator,
            ), doc.sha256)
        return
    with run.writer.document():
        input_id = store.add_input(doc, keep_raw=run.options.keep_raw)
        store.add_article(article, input_id=input_id, extra=result.extra)
    report.added.append(article.id)
    for warning in result.warnings:
        where = f"{doc.uri} ({doc.locator})" if doc.locator else doc.uri
        report.warnings.append(f"{where}: {warning}")


class Cleaner:
    """Cleans in this process until enough documents have come to make worker
    processes pay off, then in a pool, keeping a bounded window in flight.
    Documents go to the workers a few at a time: one round trip per document
    cost the parent process about as much as storing it."""

    WARMUP = 24
    CHUNK = 4

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.seen = 0
        self.pool: ProcessPoolExecutor | None = None
        self.batch: list[CleanTask] = []
        self.inflight: deque[tuple[list[CleanTask], Future[list[Cleaned | str]]]] = deque()

    def submit(self, task: CleanTask, run: Run) -> None:
        self.seen += 1
        if self.workers <= 1 or self.seen <= self.WARMUP:
            _finish(task, clean_task(task), run)
            return
        self.batch.append(task)
        if len(self.batch) >= self.CHUNK:
            self._send()
        while len(self.inflight) >= self.workers * 3:
            self._finish_oldest(run)

    def _send(self) -> None:
        if self.pool is None:
            # fork shares the already-imported extractors with the workers at
            # no cost; where there is no fork, workers start fresh. The
            # language model is loaded first so that it is loaded once, not
            # once per worker.
            warm_language_model()
            methods = mp.get_all_start_methods()
            ctx = mp.get_context("fork" if "fork" in methods else "spawn")
            self.pool = ProcessPoolExecutor(self.workers, mp_context=ctx)
        tasks, self.batch = self.batch, []
        self.inflight.append((tasks, self.pool.submit(clean_tasks, tasks)))

    def drain(self, run: Run) -> None:
        if self.batch:
            self._send()
        while self.inflight:
            self._finish_oldest(run)

    def _finish_oldest(self, run: Run) -> None:
        tasks, future = self.inflight.popleft()
        try:
            results = future.result()
        except Exception as exc:  # noqa: BLE001 - a crashed worker must not lose the other documents
            results = [f"internal error while cleaning: {exc!r}"] * len(tasks)
        for task, result in zip(tasks, results, strict=True):
            _finish(task, result, run)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
