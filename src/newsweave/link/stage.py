"""The link stage over the store: entities resolved, stories and threads,
copies and citations, for every article not linked yet.

Each linker is incremental: its state is loaded from the store, the new
articles are added in arrival order, and the state is saved with the
results in one transaction per batch, so a crash loses at most the batch in
flight and never recomputes what is already linked."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from newsweave.groups import join_in_order
from newsweave.link.lineage import LineageIndex, item_from_article
from newsweave.link.resolve import EntityResolver, country_confusions
from newsweave.link.stories import StoryClusterer, StoryItem
from newsweave.model import Annotations, Article, StoryArticle
from newsweave.store import Store

STAGE = "link"
VERSION = "1"
# State is saved every BATCH articles: a crash loses at most one batch of linking.
BATCH = 2000


def link_pending(store: Store, *, on_article: Callable[[str], None] | None = None) -> int:
    candidates = store.pending(STAGE, VERSION)
    annotated = store.annotated(candidates)
    pending = [i for i in candidates if i in annotated]
    if not pending:
        return 0
    resolver = _load(store, "entities", EntityResolver)
    clusterer = _load(store, "stories", StoryClusterer)
    lineage = _load(store, "lineage", LineageIndex)
    flags: dict[str, list[str]] = store.get_state("flags") or {}
    done = 0
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        for article in store.articles(batch):
            ann = store.annotations(article.id)
            assert ann is not None
            resolver.add_article(article.id, article.text, ann.entities)
            entity_ids = [
                (resolver.entity_id(article.id, m.name) or m.name, m.label)
                for m in ann.entities
                if m.label in ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC")
            ]
            clusterer.add(
                StoryItem(
                    id=article.id, title=article.title, text=article.text, date=article.published, entities=entity_ids
                )
            )
            if article.id not in lineage:
                lineage.add(item_from_article(article, entities=[name for name, _ in entity_ids]))
            confusions = country_confusions(ann.entities)
            if confusions:
                flags[article.id] = confusions
            done += 1
            if on_article:
                on_article(article.id)
        store.begin()
        try:
            store.put_state("entities", resolver.to_state())
            store.put_state("stories", clusterer.to_state())
            store.put_state("lineage", lineage.to_state())
            store.put_state("flags", flags)
            if start + BATCH >= len(pending):
                _write_results(store, resolver, clusterer, lineage, flags, set(pending))
            for article_id in batch:
                store.mark_done(article_id, STAGE, VERSION)
            store.commit()
        except Exception:
            store.rollback()
            raise
    return done


def _load(store: Store, name: str, cls: type) -> object:  # type: ignore[type-arg]
    state = store.get_state(name)
    return cls.from_state(state) if state else cls()


def _write_results(
    store: Store,
    resolver: EntityResolver,
    clusterer: StoryClusterer,
    lineage: LineageIndex,
    flags: dict[str, list[str]],
    touched: set[str],
) -> None:
    """The linkers' results as tables; rewritten whole, since a merge can
    change any story or entity. `touched`: the articles linked in this run
    (only their stories have their undated articles' dates estimated again)."""
    conn = store.conn
    estimated: dict[str, str] = store.get_state("estimated") or {}
    conn.execute("DELETE FROM stories")
    conn.execute("DELETE FROM story_articles")
    conn.execute("DELETE FROM derivations")
    conn.execute("DELETE FROM entities")
    conn.execute("DELETE FROM entity_articles")
    derivations = lineage.derivations()
    stories = _join_copies(clusterer.stories(), derivations)
    articles = {a.id: a for a in store.articles([a for parts in stories.values() for part in parts for a in part])}
    for story_id, parts in stories.items():
        ids = [a for part in parts for a in part]
        members = [articles[i] for i in ids if i in articles]
        dates = sorted(d for d in (_date_of(a) for a in members) if d)
        conn.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, size) VALUES (?,?,?,?,?)",
            (story_id, story_title(members), dates[0] if dates else None, dates[-1] if dates else None, len(ids)),
        )
        if touched & set(ids):
            # Recomputed where something arrived; other stories keep the dates found before.
            for a in ids:
                estimated.pop(a, None)
            estimated.update(_estimated_dates(store, members, derivations))
        threads = [
            t
            for part in parts
            for t in (clusterer.threads(clusterer.story_of(part[0]), estimated) if len(part) > 1 else [part])
        ]
        thread_of = {a: n for n, thread in enumerate(threads) for a in thread}
        conn.executemany(
            "INSERT INTO story_articles (article_id, story_id, thread) VALUES (?,?,?)",
            [(a, story_id, thread_of.get(a, 0)) for a in ids if a in articles],
        )
    store.put_state("estimated", estimated)
    conn.executemany(
        "INSERT INTO derivations (source, target, relation, similarity, evidence, directed, data)"
        " VALUES (?,?,?,?,?,?,?)",
        [
            (
                d.source,
                d.target,
                d.relation,
                d.similarity,
                d.evidence,
                int(d.directed),
                json.dumps({"kind": getattr(d, "kind", None), "direction_by": getattr(d, "direction_by", None)}),
            )
            for d in derivations
        ],
    )
    for entity in resolver.entities():
        entity_flags = sorted({f for a in entity.articles for f in flags.get(a, []) if entity.name in f})
        conn.execute(
            "INSERT INTO entities (id, name, type, aliases, mentions, flags) VALUES (?,?,?,?,?,?)",
            (
                entity.id,
                entity.name,
                entity.type,
                json.dumps(entity.aliases, ensure_ascii=False),
                entity.mentions,
                json.dumps(entity_flags, ensure_ascii=False),
            ),
        )
        conn.executemany(
            "INSERT OR IGNORE INTO entity_articles (entity_id, article_id) VALUES (?,?)",
            [(entity.id, a) for a in entity.articles],
        )


def _estimated_dates(store: Store, members: list[Article], derivations: list[Any]) -> dict[str, str]:
    """The middle of the compare stage's publication estimate for each undated
    article of a story that has dated ones, so that threads place an undated
    report of a later development at its time rather than by vocabulary."""
    if all(a.published for a in members) or not any(a.published for a in members):
        return {}
    from newsweave.compare.material import origins
    from newsweave.compare.timeline import estimate_publication

    ids = [a.id for a in members]
    inside = set(ids)
    links = [
        {"source": d.source, "target": d.target, "relation": d.relation, "directed": bool(d.directed)}
        for d in derivations
        if d.source in inside and d.target in inside
    ]
    origin = origins(ids, links)
    items = [
        StoryArticle(article=a, annotations=store.annotations(a.id) or Annotations(id=a.id), origin=origin[a.id])
        for a in members
    ]
    out = {}
    for article_id, window in estimate_publication(items, links).items():
        first, last = date.fromisoformat(window.earliest[:10]), date.fromisoformat(window.latest[:10])
        out[article_id] = (first + (last - first) / 2).isoformat()
    return out


def _join_copies(stories: dict[str, list[str]], derivations: list[Any]) -> dict[str, list[list[str]]]:
    """A copy, translation or citation of an article belongs to its source's
    story, whatever the word statistics say: clusters joined by a lineage
    link become one story (each keeps its threads)."""
    story_of = {a: sid for sid, ids in stories.items() for a in ids}
    group = join_in_order(list(stories), ((story_of.get(d.source), story_of.get(d.target)) for d in derivations))
    joined: dict[str, list[list[str]]] = {}
    for sid, ids in stories.items():
        joined.setdefault(group[sid], []).append(ids)
    return joined


def _date_of(article: Article) -> str | None:
    if article.published:
        return article.published[:10]
    return None


def story_title(articles: list[Article]) -> str | None:
    """The headline that shares most words with the story's other headlines:
    the most representative, not merely the first."""
    titles = [(a.title, i) for i, a in enumerate(articles) if a.title]
    if not titles:
        return None
    words = [set(w.lower() for w in t.split() if len(w) > 3) for t, _ in titles]
    counts: Counter[str] = Counter(w for ws in words for w in ws)

    def centrality(k: int) -> tuple[float, int]:
        ws = words[k]
        return (sum(counts[w] - 1 for w in ws) / (len(ws) ** 0.5 or 1), -titles[k][1])

    best = max(range(len(titles)), key=centrality)
    return titles[best][0]
