"""Linking cost per article as the corpus grows: story clustering, lineage
(duplicates, copies, citations) and entity resolution, fed a synthetic
stream of news articles, with the rate measured over the last articles
added at each corpus size. Flat rates mean the cost per article does not
grow with the corpus (candidate search through indexes, not all pairs).

    .venv/bin/python benchmarks/link.py [--sizes 1000,10000,100000]

The stream: many small invented events, each reported by a few outlets in
their own words, with some verbatim copies and some reworded copies, spread
over time; entity names drawn per event so resolution has real work.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from common import machine
from newsweave.link.lineage import LineageIndex, LineageItem
from newsweave.link.resolve import EntityResolver
from newsweave.link.stories import StoryClusterer, StoryItem
from newsweave.model import EntityMention

SYLLABLES = ["ka", "lo", "mi", "ra", "to", "ve", "su", "ne", "da", "ri", "po", "ze", "an", "el", "or", "is"]
VERBS = ["said", "announced", "reported", "warned", "confirmed", "denied", "added", "argued"]
NOUNS = ["port", "mine", "bridge", "election", "strike", "river", "contract", "budget", "court", "ferry",
         "dam", "school", "factory", "harbour", "railway", "hospital", "market", "tax", "treaty", "storm"]
FILLER = ["officials", "in", "the", "region", "met", "on", "Monday", "to", "discuss", "the", "plan", "and",
          "several", "groups", "asked", "for", "more", "time", "before", "any", "final", "decision", "on", "the",
          "matter", "could", "be", "taken", "by", "the", "council"]


def word(rng: random.Random, n: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(n))


def name(rng: random.Random) -> str:
    return word(rng, 2).title() + " " + word(rng, 3).title()


def event(rng: random.Random, k: int) -> dict[str, object]:
    return {"place": word(rng).title(), "people": [name(rng) for _ in range(3)], "org": word(rng, 4).title() + " Group",
            "noun": rng.choice(NOUNS), "day": date(2020, 1, 1) + timedelta(days=k // 3),
            "number": rng.randint(10, 5000), "terms": [word(rng) for _ in range(8)],
            "vocabulary": FILLER + [word(rng, rng.randint(2, 4)) for _ in range(40)]}


def report(rng: random.Random, ev: dict[str, object]) -> str:
    people, terms = ev["people"], ev["terms"]
    sentences = []
    for _ in range(rng.randint(8, 14)):
        who = rng.choice(people)  # type: ignore[arg-type]
        bits = rng.sample(terms, 3)  # type: ignore[arg-type]
        filler = " ".join(rng.sample(ev["vocabulary"], 10))  # type: ignore[arg-type]
        sentences.append(f"{who} {rng.choice(VERBS)} the {ev['noun']} in {ev['place']} {bits[0]} {bits[1]} "
                         f"{filler} {bits[2]} about {ev['number']} people and the {ev['org']}.")
    return " ".join(sentences)


def stream(n: int, seed: int = 7):  # noqa: ANN201 - a generator of tuples, for a benchmark
    rng = random.Random(seed)
    k = 0
    produced = 0
    while produced < n:
        ev = event(rng, k)
        k += 1
        original = report(rng, ev)
        versions = [original] + [report(rng, ev) for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.3:
            versions.append(original)  # a verbatim repost
        for text in versions:
            if produced >= n:
                break
            produced += 1
            people = ev["people"]
            mentions = []
            for person in people:  # type: ignore[union-attr]
                at = text.find(person)
                if at >= 0:
                    mentions.append(EntityMention(at, at + len(person), person, "PERSON", person))
            yield (f"a{produced}", text, ev["day"].isoformat(), mentions)  # type: ignore[union-attr]


def run(sizes: list[int]) -> None:
    clusterer, lineage, resolver = StoryClusterer(), LineageIndex(), EntityResolver()
    window = 500
    timings = {"stories": 0.0, "lineage": 0.0, "entities": 0.0}
    marks = set(sizes)
    for count, (ident, text, day, mentions) in enumerate(stream(max(sizes)), start=1):
        t0 = time.perf_counter()
        resolver.add_article(ident, text, mentions)
        t1 = time.perf_counter()
        clusterer.add(StoryItem(id=ident, title=None, text=text, date=day,
                                entities=[(m.name, m.label) for m in mentions]))
        t2 = time.perf_counter()
        lineage.add(LineageItem(id=ident, text=text, published=day, outlet=None, attributed_to=[],
                                entities=[m.name for m in mentions]))
        t3 = time.perf_counter()
        # Rates are taken over the last `window` articles before each size.
        if any(size - window < count <= size for size in sizes):
            timings["entities"] += t1 - t0
            timings["stories"] += t2 - t1
            timings["lineage"] += t3 - t2
        if count in marks:
            total = sum(timings.values())
            print(f"{count:>7,} articles: last {window} at {window / total:7.1f} articles/s  "
                  f"(stories {window / timings['stories']:7.1f}/s, lineage {window / timings['lineage']:7.1f}/s, "
                  f"entities {window / timings['entities']:7.1f}/s); {len(clusterer.stories()):,} stories")
            timings = dict.fromkeys(timings, 0.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    run(sorted(int(s) for s in args.sizes.split(",")))


if __name__ == "__main__":
    main()
