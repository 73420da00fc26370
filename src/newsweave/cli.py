"""The `newsweave` command: a thin face over the library."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsweave.ingest.run import IngestOptions, IngestReport, ingest
from newsweave.ingest.sources import expand
from newsweave.store import Store, default_db_path
from newsweave.store.db import StoreError

app = typer.Typer(
    name="newsweave",
    help="Many news articles about the same events in; one verified, source-traceable story out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)
out = Console()

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Store file (default: $NEWSWEAVE_DB or ./newsweave.db).", show_default=False),
]


def _open_store(db: Path | None, *, readonly: bool = False) -> Store:
    try:
        return Store(db or default_db_path(), readonly=readonly)
    except StoreError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc


@app.command("ingest")
def ingest_cmd(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders, globs, URLs, feeds, WARC, JSON Lines ('-' = stdin).")
    ],
    db: DbOption = None,
    max_bytes: Annotated[int, typer.Option(help="Largest single article file or response, in bytes.")] = 10 * 2**20,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a URL.")] = 15.0,
    refetch: Annotated[bool, typer.Option(help="Fetch URLs again even when already stored.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the summary.")] = False,
    analyse: Annotated[bool, typer.Option(help="Run the analysis stages on the new articles afterwards.")] = True,
    workers: Annotated[int, typer.Option(help="Processes for cleaning (0 = one per CPU core).", min=0)] = 0,
) -> None:
    """Read articles into the store. Exit 0 when every input was read, 1 when some failed."""
    options = IngestOptions(max_doc_bytes=max_bytes, max_fetch_bytes=max_bytes, timeout=timeout, refetch=refetch,
                            workers=workers or os.cpu_count() or 1)
    store = _open_store(db)
    total = len(expand(inputs))
    with Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.description}"), console=err, transient=True, disable=quiet,
    ) as progress:
        task = progress.add_task("", total=total)

        def on_input(name: str) -> None:
            progress.update(task, advance=1, description=_short(name))

        try:
            report = ingest(inputs, store, options, on_input=on_input)
        except KeyboardInterrupt:
            store.close()
            err.print("[yellow]interrupted[/yellow]: every article committed so far is kept")
            raise typer.Exit(130) from None
    _print_report(report, quiet=quiet)
    try:
        if analyse:
            _run_stages(store, quiet=quiet)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/yellow]: run 'newsweave process' to finish the analysis")
        raise typer.Exit(130) from None
    finally:
        store.close()
    raise typer.Exit(0 if report.ok else 1)


def _short(name: str, width: int = 50) -> str:
    return name if len(name) <= width else "…" + name[-(width - 1):]


def _print_report(report: IngestReport, *, quiet: bool) -> None:
    if not quiet:
        for warning in report.warnings:
            err.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    for error in report.errors:
        err.print(f"[red]error:[/red] {error}", highlight=False)
    summary = (
        f"{report.inputs} input(s): {len(report.added)} article(s) added, "
        f"{report.unchanged} already stored, {len(report.errors)} error(s)"
    )
    err.print(summary if report.ok else f"[red]{summary}[/red]", highlight=False)


@app.command("articles")
def articles_cmd(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per article, per line.")] = False,
) -> None:
    """List the stored articles."""
    store = _open_store(db, readonly=True)
    with store:
        if as_json:
            write = sys.stdout.write
            for article in store.articles():
                write(json.dumps(article.to_contract(), ensure_ascii=False) + "\n")
            return
        table = Table("id", "published", "outlet", "title", show_lines=False)
        for article in store.articles():
            table.add_row(article.id, article.published or "", article.outlet or "", article.title or "")
        out.print(table)


@app.command("errors")
def errors_cmd(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per error, per line.")] = False,
) -> None:
    """List the inputs that could not be read, with the reason recorded at ingest."""
    store = _open_store(db, readonly=True)
    with store:
        rows = store.errors()
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    for row in rows:
        where = f"{row['uri']} ({row['locator']})" if row["locator"] else row["uri"]
        out.print(f"{row['created_at']}  {where}: {row['error']}", highlight=False)


@app.command("annotate")
def annotate_cmd(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT.jsonl", help='{"id","text","date"?} per line; - = stdin.')
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the annotations (- = stdout).")],
) -> None:
    """Language analysis without a store: entities, quotes, figures and dates per line."""
    from newsweave.annotate.pipeline import annotate_many

    failures: list[str] = []

    def records() -> Iterator[tuple[str, str, str | None]]:
        handle = sys.stdin.buffer if str(input_path) == "-" else input_path.open("rb")
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                problem = None
                try:
                    row = json.loads(line)
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    problem = f"invalid JSON ({exc})"
                else:
                    if not isinstance(row, dict):
                        problem = "expected a JSON object"
                    elif not isinstance(row.get("text"), str):
                        problem = 'missing "text" string'
                    elif row.get("date") is not None and not isinstance(row.get("date"), str):
                        problem = '"date" must be an ISO date string'
                if problem:
                    failures.append(f"{input_path} (line {number}): {problem}")
                    err.print(f"[red]error:[/red] {failures[-1]}", highlight=False)
                    continue
                ident = row.get("id")
                yield (str(ident) if ident is not None else f"line-{number}", row["text"], row.get("date") or None)

    if str(input_path) != "-" and not input_path.exists():
        err.print(f"[red]error:[/red] {input_path}: no such file")
        raise typer.Exit(2)
    sink = sys.stdout if str(output) == "-" else output.open("w", encoding="utf-8")
    count = 0
    try:
        for ann in annotate_many(records()):
            sink.write(json.dumps(ann.to_contract(), ensure_ascii=False) + "\n")
            count += 1
    finally:
        if sink is not sys.stdout:
            sink.close()
    err.print(f"{count} annotated, {len(failures)} error(s)", highlight=False)
    raise typer.Exit(1 if failures else 0)


@app.command("process")
def process_cmd(db: DbOption = None) -> None:
    """Run the analysis stages on every stored article they have not seen yet."""
    store = _open_store(db)
    with store:
        _run_stages(store)


def _run_stages(store: Store, *, quiet: bool = False) -> None:
    """Bring every stage up to date: annotate, then link, each only on the
    articles it has not processed at its current version."""
    from newsweave.annotate.pipeline import VERSION as ANNOTATE_VERSION
    from newsweave.annotate.stage import annotate_pending
    from newsweave.link.stage import STAGE as LINK_STAGE
    from newsweave.link.stage import VERSION as LINK_VERSION
    from newsweave.link.stage import link_pending

    for name, count, run in (
        ("annotate", lambda: len(store.pending("annotate", ANNOTATE_VERSION)), annotate_pending),
        ("link", lambda: len(store.pending(LINK_STAGE, LINK_VERSION)), link_pending),
    ):
        pending = count()
        if not pending:
            continue
        with Progress(
            TextColumn(f"[bold]{name}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True, disable=quiet,
        ) as progress:
            task = progress.add_task("", total=pending)
            done = run(store, on_article=lambda _id, task=task: progress.advance(task))  # type: ignore[misc]
        if not quiet:
            err.print(f"{name}: {done} article(s)", highlight=False)


@app.command("stories")
def stories_cmd(
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON array of stories.")] = False,
) -> None:
    """The stories: every article in exactly one, with its first and last date."""
    store = _open_store(db)
    with store:
        _run_stages(store, quiet=as_json)
        stories = store.stories()
    stories.sort(key=lambda s: (-len(s["articles"]), s["id"]))
    if as_json:
        sys.stdout.write(json.dumps(stories, ensure_ascii=False) + "\n")
        return
    table = Table("id", "articles", "first seen", "last seen", "title")
    for story in stories:
        table.add_row(story["id"], str(len(story["articles"])), story["first_seen"] or "–",
                      story["last_seen"] or "–", story["title"] or "–")
    out.print(table)


@app.command("dossier")
def dossier_cmd(
    story_id: Annotated[str | None, typer.Argument(help="The story's id (see 'newsweave stories').")] = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", help="json, md or html.")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")] = None,
    all_stories: Annotated[bool, typer.Option("--all", help="Every story (JSON: an array).")] = False,
    output_dir: Annotated[
        Path | None, typer.Option("--output-dir", help="With --all: one file per story in this folder.")
    ] = None,
) -> None:
    """One story's dossier: articles and their lineage, entities, and more."""
    from newsweave.render.dossier import build_dossier, render

    if fmt not in ("json", "md", "html"):
        err.print(f"[red]error:[/red] --format must be json, md or html, not {fmt!r}")
        raise typer.Exit(2)
    if (story_id is None) == (not all_stories):
        err.print("[red]error:[/red] give a STORY_ID or --all (not both)")
        raise typer.Exit(2)
    store = _open_store(db)
    with store:
        _run_stages(store, quiet=True)
        known = {s["id"] for s in store.stories()}
        ids = sorted(known) if all_stories else [story_id or ""]
        if not all_stories and story_id not in known:
            err.print(f"[red]error:[/red] no story {story_id!r} in {store.path} (see 'newsweave stories')")
            raise typer.Exit(1)
        dossiers = [build_dossier(store, i) for i in ids]
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        for dossier in dossiers:
            path = output_dir / f"{dossier['story']['id']}.{fmt}"
            path.write_text(render(dossier, fmt), encoding="utf-8")
            err.print(f"wrote {path}", highlight=False)
        return
    if all_stories and fmt == "html":
        err.print("[red]error:[/red] --all --format html writes one page per story: add --output-dir FOLDER")
        raise typer.Exit(2)
    text = render(dossiers if all_stories else dossiers[0], fmt)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}", highlight=False)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command("timeline")
def timeline_cmd(
    story_id: Annotated[str | None, typer.Argument(help="The story's id (see 'newsweave stories').")] = None,
    db: DbOption = None,
    all_articles: Annotated[bool, typer.Option("--all", help="Every article in the store.")] = False,
    max_dates: Annotated[int | None, typer.Option("--max-dates", help="Keep the N most important dates.", min=1)] = (
        None
    ),
    as_json: Annotated[bool, typer.Option("--json", help='{"entries": [...]} as JSON.')] = False,
) -> None:
    """The dated events of a story (or of the whole store), in date order."""
    from newsweave.compare.material import load_all, load_story
    from newsweave.compare.timeline import build_timeline, estimate_publication

    if (story_id is None) == (not all_articles):
        err.print("[red]error:[/red] give a STORY_ID or --all (not both)")
        raise typer.Exit(2)
    store = _open_store(db)
    with store:
        _run_stages(store, quiet=True)
        if all_articles:
            items = load_all(store)
        else:
            try:
                items = load_story(store, story_id or "")
            except KeyError:
                err.print(f"[red]error:[/red] no story {story_id!r} in {store.path} (see 'newsweave stories')")
                raise typer.Exit(1) from None
        # Lineage bounds the estimates as in the dossier: a copy is no earlier than its dated source.
        derivations = store.derivations_of([item.article.id for item in items])
    entries = build_timeline(items, max_dates=max_dates, estimates=estimate_publication(items, derivations))
    if as_json:
        sys.stdout.write(json.dumps({"entries": entries}, ensure_ascii=False) + "\n")
        return
    for entry in entries:
        out.print(f"[bold]{entry['date']}[/bold]  {entry['text']}  [dim]({len(entry['articles'])} article(s))[/dim]")


@app.command("serve")
def serve_cmd(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    allow_ingest: Annotated[bool, typer.Option("--allow-ingest", help="Enable ingest by upload or URL.")] = False,
    allow_private_urls: Annotated[
        bool, typer.Option("--allow-private-urls", help="Let URL ingest fetch private and loopback addresses.")
    ] = False,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", help="Largest accepted upload.")] = 10.0,
) -> None:
    """The web interface and the JSON API (OpenAPI at /docs)."""
    import uvicorn

    from newsweave.web.app import create_app

    path = db or default_db_path()
    if not path.exists():
        err.print(f"[red]error:[/red] {path}: no such store (run 'newsweave ingest' or 'newsweave demo' first)")
        raise typer.Exit(2)
    err.print(f"serving {path} at http://{host}:{port}/ (API docs at /docs)", highlight=False)
    uvicorn.run(create_app(str(path), allow_ingest=allow_ingest, allow_private_urls=allow_private_urls,
                           max_upload_bytes=int(max_upload_mb * 2**20)),
                host=host, port=port, server_header=False)


def sample_corpus() -> Path:
    return Path(str(resources.files("newsweave") / "sample"))


@app.command("demo")
def demo_cmd(
    db: Annotated[Path, typer.Option("--db", help="Store file for the demo.")] = Path("newsweave-demo.db"),
    output_dir: Annotated[Path, typer.Option("--output-dir", help="Where the HTML dossiers go.")] = Path(
        "newsweave-demo"),
) -> None:
    """Build a store from the bundled sample corpus, write each story's HTML dossier, and summarise."""
    from newsweave.render.dossier import build_dossier, render

    corpus = sample_corpus()
    store = _open_store(db)
    with store:
        report = ingest([str(corpus / "text"), str(corpus / "html"), str(corpus / "feed.xml")], store)
        _print_report(report, quiet=False)
        _run_stages(store)
        stories = sorted(store.stories(), key=lambda s: -len(s["articles"]))
        dossiers = [build_dossier(store, s["id"]) for s in stories]
    output_dir.mkdir(parents=True, exist_ok=True)
    for dossier in dossiers:
        story = dossier["story"]
        page = output_dir / f"{story['id']}.html"
        page.write_text(render(dossier, "html"), encoding="utf-8")
        conflicts = [c for c in dossier["claims"] if c["status"] == "conflict"]
        copies = sum(1 for a in dossier["articles"] if a["derived_from"])
        out.rule(f"[bold]{story['title'] or story['id']}[/bold]")
        out.print(f"{len(dossier['articles'])} articles, {copies} derived from another, "
                  f"{story['first_seen'] or '?'} to {story['last_seen'] or '?'}, {len(story['threads'])} thread(s)")
        for line in dossier["summary"][:2]:
            out.print(f"  • {line['text']}", highlight=False)
        for claim in conflicts[:3]:
            sides = " vs ".join(f"{v['text']} ({len(v['articles'])} art.)" for v in claim["values"])
            out.print(f"  [red]conflict[/red] {claim['subject']}: {sides}", highlight=False)
        out.print(f"  dossier: [bold]{page}[/bold]")
    out.print(f"\nStore: [bold]{db}[/bold]. Open the dossiers above in a browser, or try:\n"
              f"  .venv/bin/newsweave stories --db {db}\n"
              f"  .venv/bin/newsweave dossier {stories[0]['id'] if stories else 'STORY_ID'} --db {db} --format md\n"
              f"  .venv/bin/newsweave articles --db {db} --json")
    raise typer.Exit(0 if report.ok else 1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
