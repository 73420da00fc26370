"""Lineage work per arrival: candidates that cannot link are set aside from
the index alone, without tokenising their texts, and setting them aside
changes no link.

The articles are invented: many small events, each in a few versions (a
verbatim repost, a reworded copy, a follow-up crediting the first outlet,
independent reports), with words drawn from a small pool so that unrelated
articles share a few rare words by chance, as the term walk meets them."""

from __future__ import annotations

import json
import random
from dataclasses import asdict

import numpy as np
import pytest

import newsweave.link.lineage as lineage
from newsweave.link.lineage import Features, LineageIndex, LineageItem

SYLLABLES = ["ka", "lo", "mi", "ra", "to", "ve", "su", "ne", "da", "ri", "po", "ze"]
OUTLETS = ["The Harbor Ledger", "The Valley Courier", "The Evening Herald", "The Coastal Gazette"]


def _report(rng: random.Random, people: list[str], place: str, figure: str, vocabulary: list[str]) -> str:
    return " ".join(
        f"{rng.choice(people)} said the works in {place} {' '.join(rng.sample(vocabulary, 8))} about {figure} people."
        for _ in range(rng.randint(6, 10))
    )


def _stream(events: int, seed: int = 5) -> list[LineageItem]:
    rng = random.Random(seed)

    def word(n: int = 3) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(n))

    items: list[LineageItem] = []
    for e in range(events):
        people = [word(2).title() + " " + word().title() for _ in range(2)]
        facts = (people, word().title(), str(rng.randint(10, 9000)), [word(rng.randint(2, 4)) for _ in range(30)])
        day = f"2024-{1 + e // 28 % 12:02d}-{1 + e % 28:02d}"
        first = rng.choice(OUTLETS)
        original = _report(rng, *facts)
        items.append(LineageItem(f"e{e}", original, day, first, []))
        kind = rng.random()
        if kind < 0.25:
            items.append(LineageItem(f"e{e}-repost", "Advertisement. " + original, None, "feed.example", []))
        elif kind < 0.5:
            reworded = " ".join(w for w in original.split() if rng.random() > 0.3)
            items.append(LineageItem(f"e{e}-rewrite", reworded, day, rng.choice(OUTLETS), []))
        elif kind < 0.7:
            credit = f"{first} reported the news first. " + _report(rng, *facts)
            items.append(LineageItem(f"e{e}-credit", credit, day, rng.choice(OUTLETS), [first]))
        if rng.random() < 0.5:
            items.append(LineageItem(f"e{e}-own", _report(rng, *facts), day, rng.choice(OUTLETS), []))
    return items


def _links(index: LineageIndex) -> list[dict[str, object]]:
    return [asdict(d) for d in index.derivations()]


class _Checked(LineageIndex):
    """Judges every candidate set aside, to show that it would not link."""

    set_aside = 0

    def _may_link(self, x: LineageItem, shingles: np.ndarray, probe: lineage._Probe, other: str) -> bool:
        if super()._may_link(x, shingles, probe, other):
            return True
        fx = lineage.features(x.text, x.entities)
        weights = self._weights(fx.terms | self.features(other).terms, fx.terms)
        assert self._judge(x, fx, self._items[other], self.features(other), weights) is None, (x.id, other)
        self.set_aside += 1
        return False


class _Unpruned(LineageIndex):
    def _may_link(self, *args: object) -> bool:
        return True


def test_candidates_set_aside_would_not_have_linked_and_links_are_unchanged() -> None:
    items = _stream(70)
    checked, unpruned = _Checked(cache_size=16), _Unpruned(cache_size=16)
    for it in items:
        assert [asdict(d) for d in checked.add(it)] == [asdict(d) for d in unpruned.add(it)], it.id
    assert checked.set_aside > len(items)  # most chance candidates, not a handful
    assert _links(checked) == _links(unpruned)
    assert {d["relation"] for d in _links(checked)} >= {"duplicate", "cites"}


def test_an_arrival_tokenises_no_old_text_it_cannot_link_to(monkeypatch: pytest.MonkeyPatch) -> None:
    # A cache of 8 texts: every candidate beyond it would be tokenised again if judged.
    index = LineageIndex(cache_size=8)
    items = _stream(200)
    for it in items[:-1]:
        index.register(it)
    calls: list[str] = []
    real = lineage.features

    def counted(text: str, entities: object = ()) -> Features:
        calls.append(text)
        return real(text, entities)  # type: ignore[arg-type]

    # A report of another event, in words from the same pool.
    new = _stream(1, seed=99)[0]
    new.id, new.published = "fresh", "2025-06-01"
    f = real(new.text, new.entities)
    sh = lineage._shingles32(f)
    far = [c for c in index._candidates(new, f, lineage._minhash(sh, index.num_perm)) if c not in index._cache]
    assert len(far) >= 4  # the walk does reach old texts outside the cache
    monkeypatch.setattr(lineage, "features", counted)
    assert index.add(new) == []
    assert calls == [new.text]  # the new text only


def test_a_version_2_state_without_shingles_loads_and_links_the_same() -> None:
    items = _stream(40)
    index = LineageIndex()
    for it in items[:-5]:
        index.add(it)
    state = json.loads(json.dumps(index.to_state()))
    assert state["version"] == 3
    old = state | {"version": 2, "keys": [key[:3] for key in state["keys"]]}
    current, loaded = LineageIndex.from_state(state), LineageIndex.from_state(old)
    for it in items[-5:]:
        assert [asdict(d) for d in current.add(it)] == [asdict(d) for d in loaded.add(it)]
    assert _links(current) == _links(loaded)
    # Saved again, the articles loaded without shingles stay without, and load.
    resaved = json.loads(json.dumps(loaded.to_state()))
    assert resaved["keys"][0][3] is None and resaved["keys"][-1][3] is not None
    assert _links(LineageIndex.from_state(resaved)) == _links(current)


def test_an_unknown_state_version_is_refused() -> None:
    with pytest.raises(ValueError, match="version"):
        LineageIndex.from_state({"version": 99, "items": [], "links": []})
