"""Figures (quantities) against the hand-annotated gold file, and their cost.

    .venv/bin/python benchmarks/figures_eval.py [--gold FILE] [--doc-free] [--rounds R] [--show-errors]

Scores, micro-averaged over the passages:

* span+value+unit: a predicted figure matches a gold one when their character
  spans overlap and value and unit are equal (one-to-one);
* value+unit: the multiset of (value, unit) pairs per passage, spans ignored;
* value: the multiset of values per passage.

Speed: spaCy's full pipeline alone, then the pipeline plus find_quantities on
the same texts (the best of R rounds each, so load from other users of a
shared machine hits both alike), and find_quantities alone with and without a
Doc. The annotate stage must stay at ≥ 0.6x the speed of bare spaCy, so figures may take only a
small share of it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

from common import ROOT, machine
from newsweave.annotate.nlp import load_nlp
from newsweave.annotate.quantities import find_quantities
from newsweave.model import Quantity

GOLD = ROOT / "tests" / "fixtures" / "figures" / "gold.jsonl"


def load_gold(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _key(value: float, unit: str | None) -> tuple[float, str | None]:
    # Values are compared at 9 significant digits: 1.2e6 written two ways must be one value.
    return float(f"{value:.9g}"), unit


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def multiset_tp(pred: list[tuple], gold: list[tuple]) -> int:
    return sum((Counter(pred) & Counter(gold)).values())


def span_tp(pred: list[Quantity], gold: list[dict]) -> tuple[int, list[dict], list[Quantity]]:
    """One-to-one matches on overlap + value + unit; also the gold and predicted figures left over."""
    used: set[int] = set()
    tp = 0
    missed = []
    for g in gold:
        hit = None
        for i, q in enumerate(pred):
            if i in used or q.end <= g["start"] or q.start >= g["end"]:
                continue
            if _key(q.value, q.unit) == _key(g["value"], g["unit"]):
                hit = i
                break
        if hit is None:
            missed.append(g)
        else:
            used.add(hit)
            tp += 1
    extra = [q for i, q in enumerate(pred) if i not in used]
    return tp, missed, extra


def score(gold: list[dict], preds: dict[str, list[Quantity]]) -> dict[str, dict[str, float]]:
    n_pred = sum(len(v) for v in preds.values())
    n_gold = sum(len(r["figures"]) for r in gold)
    tp_span = tp_vu = tp_v = qual_ok = 0
    for rec in gold:
        pred = preds[rec["id"]]
        figs = rec["figures"]
        t, _, _ = span_tp(pred, figs)
        tp_span += t
        tp_vu += multiset_tp([_key(q.value, q.unit) for q in pred],
                             [_key(g["value"], g["unit"]) for g in figs])
        tp_v += multiset_tp([_key(q.value, None) for q in pred], [_key(g["value"], None) for g in figs])
        for g in figs:
            for q in pred:
                same = _key(q.value, q.unit) == _key(g["value"], g["unit"])
                if q.start < g["end"] and q.end > g["start"] and same:
                    qual_ok += q.qualifier == g["qualifier"]
                    break
    out = {
        "span+value+unit": prf(tp_span, n_pred, n_gold),
        "value+unit": prf(tp_vu, n_pred, n_gold),
        "value": prf(tp_v, n_pred, n_gold),
    }
    out["counts"] = {"gold": n_gold, "predicted": n_pred, "qualifier_accuracy_on_matches":
                     round(qual_ok / tp_span, 4) if tp_span else 0.0}
    return out


def predict(gold: list[dict], doc_free: bool) -> dict[str, list[Quantity]]:
    if doc_free:
        return {r["id"]: find_quantities(r["text"]) for r in gold}
    nlp = load_nlp()
    docs = nlp.pipe([r["text"] for r in gold])
    return {r["id"]: find_quantities(r["text"], doc) for r, doc in zip(gold, docs, strict=True)}


def speed(texts: list[str], rounds: int) -> dict[str, float]:
    nlp = load_nlp()
    n_chars = sum(len(t) for t in texts)
    best_nlp = best_both = best_q_doc = best_q_free = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts))
        best_nlp = min(best_nlp, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for doc in nlp.pipe(texts):
            find_quantities(doc.text, doc)
        best_both = min(best_both, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for text, doc in zip(texts, docs, strict=True):
            find_quantities(text, doc)
        best_q_doc = min(best_q_doc, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for text in texts:
            find_quantities(text)
        best_q_free = min(best_q_free, time.perf_counter() - t0)
    return {
        "chars": n_chars,
        "spacy_chars_per_s": round(n_chars / best_nlp),
        "spacy_plus_figures_chars_per_s": round(n_chars / best_both),
        # Timed together, the two runs differ by less than the machine's noise; the ratio built from
        # the parts timed apart is the steadier figure.
        "speed_ratio_vs_bare_spacy_measured": round(best_nlp / best_both, 3),
        "speed_ratio_vs_bare_spacy": round(best_nlp / (best_nlp + best_q_doc), 3),
        "figures_share_of_spacy_time": round(best_q_doc / best_nlp, 4),
        "figures_with_doc_chars_per_s": round(n_chars / best_q_doc),
        "figures_doc_free_chars_per_s": round(n_chars / best_q_free),
    }


def speed_texts(gold: list[dict]) -> list[str]:
    """The gold passages plus the seed articles when present: short and long texts alike."""
    texts = [r["text"] for r in gold]
    seeds = ROOT.parent / "shared" / "data" / "seeds"
    if seeds.exists():
        texts += [p.read_text(encoding="utf-8") for p in sorted(seeds.glob("*.txt"))]
    return texts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--doc-free", action="store_true", help="measure without spaCy (regex only)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--show-errors", action="store_true", help="list missed and spurious figures")
    args = ap.parse_args()

    print(machine())
    gold = load_gold(args.gold)
    preds = predict(gold, args.doc_free)
    result = {"mode": "doc-free" if args.doc_free else "spacy", "passages": len(gold)}
    result.update(score(gold, preds))
    if not args.no_speed:
        result["speed"] = speed(speed_texts(gold), args.rounds)
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.show_errors:
        for rec in gold:
            _, missed, extra = span_tp(preds[rec["id"]], rec["figures"])
            for g in missed:
                print(f"MISS  {rec['id']}: {g['text']!r} = {g['value']:g} {g['unit']}", file=sys.stderr)
            for q in extra:
                print(f"EXTRA {rec['id']}: {q.text!r} = {q.value:g} {q.unit} (about {q.about!r})",
                      file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
