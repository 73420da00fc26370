"""Linking cost per article as the corpus grows: story clustering, lineage
(duplicates, copies, citations) and entity resolution, fed a synthetic
stream of news articles, with the rate measured over the last articles
added at each corpus size. Flat rates mean the cost per article does not
grow with the corpus (candidate search through indexes, not all pairs).

    .venv/bin/python benchmarks/link.py [--sizes 1000,10000,100000] [--bulk]

The stream: many small invented events, each reported by a few invented
outlets in their own words, with some verbatim copies (undated, by a content
farm) and some reworded copies that credit the first outlet, spread over
time; entity names drawn per event so resolution has real work.

Rates are given in CPU time of this process (the machine is shared, and
other jobs' load shows in wall time, not in CPU time) and in wall time.

The cyclic garbage collector is paused while linking, as the link stage
does (`newsweave.link.stage`): with millions of live objects a full
collection takes seconds and lands in whichever window it falls in.
--gc keeps it running. Peak memory (max RSS) is printed at the end.

--bulk: the lineage index takes the articles before each measured window
without linking them (`LineageIndex.register`: features, MinHash and term
postings, no candidate search or alignment), so a 100,000-article corpus is
built in reasonable time; stories and entities are always fed one by one.
The measured window is always linked article by article.
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
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


OUTLETS = [f"The {a} {b}" for a in ("Harbor", "Valley", "Northern", "Coastal", "Evening", "Morning", "Central")
           for b in ("Ledger", "Courier", "Herald", "Gazette", "Wire")]
FARM = "dailynewsfeed.example"


def stream(n: int, seed: int = 7):  # noqa: ANN201 - a generator of tuples, for a benchmark
    """(id, text, date or None, outlet, outlets credited, entity mentions) per article."""
    rng = random.Random(seed)
    k = 0
    produced = 0
    while produced < n:
        ev = event(rng, k)
        k += 1
        day = ev["day"].isoformat()  # type: ignore[union-attr]
        first = rng.choice(OUTLETS)
        original = report(rng, ev)
        versions: list[tuple[str, str | None, str, list[str]]] = [(original, day, first, [])]
        for _ in range(rng.randint(0, 2)):
            other = rng.choice(OUTLETS)
            text = report(rng, ev)
            if rng.random() < 0.3:  # a follow-up that credits the first report
                versions.append((f"{first} reported the news first. " + text, day, other, [first]))
            else:
                versions.append((text, day, other, []))
        if rng.random() < 0.3:
            versions.append((original, None, FARM, []))  # a verbatim repost, its date stripped
        for text, published, outlet, credits in versions:
            if produced >= n:
                break
            produced += 1
            people = ev["people"]
            mentions = []
            for person in people:  # type: ignore[union-attr]
                at = text.find(person)
                if at >= 0:
                    mentions.append(EntityMention(at, at + len(person), person, "PERSON", person))
            yield (f"a{produced}", text, published, outlet, credits, mentions)


def run(sizes: list[int], bulk: bool) -> None:
    clusterer, lineage, resolver = StoryClusterer(), LineageIndex(), EntityResolver()
    window = 500
    names = ("stories", "lineage", "entities")
    cpu = dict.fromkeys(names, 0.0)
    wall = 0.0
    marks = set(sizes)
    started = time.perf_counter()
    for count, (ident, text, day, outlet, credits, mentions) in enumerate(stream(max(sizes)), start=1):
        measured = any(size - window < count <= size for size in sizes)
        item = LineageItem(id=ident, text=text, published=day, outlet=outlet, attributed_to=credits,
                           entities=[m.name for m in mentions])
        w0, t0 = time.perf_counter(), time.process_time()
        resolver.add_article(ident, text, mentions)
        t1 = time.process_time()
        clusterer.add(StoryItem(id=ident, title=None, text=text, date=day,
                                entities=[(m.name, m.label) for m in mentions]))
        t2 = time.process_time()
        if measured or not bulk:
            lineage.add(item)
        else:
            lineage.register(item)
        t3, w3 = time.process_time(), time.perf_counter()
        # Rates are taken over the last `window` articles before each size.
        if measured:
            cpu["entities"] += t1 - t0
            cpu["stories"] += t2 - t1
            cpu["lineage"] += t3 - t2
            wall += w3 - w0
        if count in marks:
            total = sum(cpu.values())
            print(f"{count:>7,} articles: last {window} at {window / total:6.1f}/s CPU, {window / wall:6.1f}/s wall  "
                  f"(CPU: stories {window / cpu['stories']:6.1f}/s, lineage {window / cpu['lineage']:6.1f}/s, "
                  f"entities {window / cpu['entities']:7.1f}/s); {len(clusterer.stories()):,} stories; "
                  f"{time.perf_counter() - started:,.0f} s so far", flush=True)
            cpu, wall = dict.fromkeys(names, 0.0), 0.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--bulk", action="store_true", help="register unmeasured articles in lineage without linking")
    parser.add_argument("--gc", action="store_true", help="keep the cyclic garbage collector running")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    print(f"lineage before each window: {'registered in bulk, unlinked' if args.bulk else 'linked one by one'}")
    print(f"cyclic garbage collector: {'running' if args.gc else 'paused, as in the link stage'}")
    if not args.gc:
        gc.disable()
    run(sorted(int(s) for s in args.sizes.split(",")), args.bulk)
    print(f"peak memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
