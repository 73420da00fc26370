"""The annotate stage: `newsweave annotate` as the contract says, the same
functions run on every ingested article, results stored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import shared_data
from newsweave.annotate.pipeline import CHUNK_CHARS, VERSION, annotate_text
from newsweave.annotate.stage import annotate_pending
from newsweave.cli import app, sample_corpus
from newsweave.ingest.run import ingest
from newsweave.store import Store

ARTICLE = (
    "PORT ELARA, Veldania — Deputy Minister of Ports Lena Okafor said on Saturday that about 1,200 dockworkers "
    "would keep their jobs.\n\n"
    "“We will not abandon them,” Okafor said. “The terminal stays open.”\n\n"
    "The $45 million extension, promised last July, is now a year late, according to a senior ministry official."
)


def test_cli_writes_the_contract_fields_with_exact_offsets(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "a1", "text": ARTICLE, "date": "2024-03-22"}) + "\n"
        + "{broken\n"
        + json.dumps({"id": "a2", "text": "No date here: talks resumed on Saturday in Port Elara."}) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["annotate", str(src), "--output", str(out)])
    assert result.exit_code == 1  # the broken line is reported, the others are annotated
    assert "line 2" in result.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2"]
    first = rows[0]
    assert set(first) == {"id", "entities", "quotes", "quantities", "timexes"}
    for kind, keys in (("entities", {"start", "end", "text", "label", "name"}),
                       ("quotes", {"start", "end", "text", "speaker", "speaker_start", "speaker_end"}),
                       ("quantities", {"start", "end", "text", "value", "unit", "about"}),
                       ("timexes", {"start", "end", "text", "type", "value"})):
        assert first[kind], kind
        for item in first[kind]:
            assert keys <= set(item)
            assert ARTICLE[item["start"]:item["end"]] == item["text"]
    saturday = next(t for t in first["timexes"] if "Saturday" in t["text"])
    assert saturday["value"] == "2024-03-16"
    assert any(t["value"] == "2023-07" for t in first["timexes"])
    assert {q["speaker"] for q in first["quotes"]} == {"Lena Okafor", "a senior ministry official"}
    # The dateline before "Minister Lena Okafor said" is not the speaker.
    assert first["quotes"][0]["speaker"] == "Lena Okafor"
    workers = next(q for q in first["quantities"] if q["value"] == 1200)
    assert workers["unit"] == "dockworkers"
    assert any(q["unit"] == "USD" and q["value"] == 45_000_000 for q in first["quantities"])
    undated = next(t for t in rows[1]["timexes"] if "Saturday" in t["text"])
    assert undated["value"] is None  # no date to anchor it: left unresolved, not guessed


def test_very_long_texts_are_annotated_in_pieces_with_true_offsets() -> None:
    paragraph = "Lena Okafor said the port would reopen on Monday. " * 40
    text = "\n\n".join([paragraph] * (CHUNK_CHARS // len(paragraph) + 3))
    ann = annotate_text("long", text, "2024-03-22")
    assert ann.entities[-1].start > CHUNK_CHARS
    for m in ann.entities + ann.timexes:  # type: ignore[operator]
        assert text[m.start:m.end] == m.text


def test_every_ingested_article_is_annotated_and_stored(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest([str(sample_corpus() / "text")], store)
        count = store.article_count()
        assert annotate_pending(store) == count
        assert store.pending("annotate", VERSION) == []
        assert annotate_pending(store) == 0  # nothing left to do: nothing redone
        for article in store.articles():
            ann = store.annotations(article.id)
            assert ann is not None and ann.entities
            for m in ann.entities:
                assert article.text[m.start:m.end] == m.text


SEEDS = pytest.mark.shared


@SEEDS
def test_seeds_language_facts(tmp_path: Path) -> None:
    with Store(tmp_path / "seeds.db") as store:
        ingest([str(shared_data("seeds"))], store)
        annotate_pending(store)
        by_prefix = {Path(a.uri).name[:3]: (a, store.annotations(a.id)) for a in store.articles()}
    persons = {m.text for _, ann in by_prefix.values() for m in ann.entities if m.label == "PERSON"}  # type: ignore[union-attr]
    # The junta spokesman's three spellings are each found as a person.
    spokesman = {p for p in persons if p.startswith("Abd") or p.endswith(("lamane", "ramane", "hmane"))}
    assert len({p.split()[-1] for p in spokesman}) == 3
    # A country name is never a date.
    for _, ann in by_prefix.values():
        assert not [m for m in ann.entities if m.text == "Niger" and m.label != "GPE"]  # type: ignore[union-attr]
        assert not [t for t in ann.timexes if "Niger" in t.text]  # type: ignore[union-attr]
    speakers = {q.speaker for _, ann in by_prefix.values() for q in ann.quotes}  # type: ignore[union-attr]
    for name in ("Sabrina Singh", "Andrew Lebovich", "Peter Fan", "Matthew Miller"):
        assert name in speakers
    assert any(s and s.startswith("Alkassoum") for s in speakers)
    dated, ann = by_prefix["002"]
    assert dated.published == "2024-03-22"
    saturdays = [t.value for t in ann.timexes if t.text.endswith("Saturday")]  # type: ignore[union-attr]
    assert saturdays and set(saturdays) == {"2024-03-16"}
