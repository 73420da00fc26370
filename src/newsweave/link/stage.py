"""The link stage over the store: entities resolved, stories and threads,
copies and citations, for every article not linked yet.

Each linker is incremental: its state is loaded from the store, the new
articles are added in arrival order, and the state is saved in one
transaction per batch, so a crash loses at most the batch in flight and
never recomputes what is already linked. The result tables are brought up
to date with the last batch of a run, writing only the rows that changed."""

from __future__ import annotations

import gc
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Protocol

from newsweave.groups import join_in_order
from newsweave.link.lineage import Derivation, LineageIndex, item_from_article
from newsweave.link.resolve import EntityResolver, ResolvedEntity, country_confusions
from newsweave.link.stories import StoryClusterer, StoryItem
from newsweave.model import Annotations, Article, StoryArticle
from newsweave.store import Store
from newsweave.store.db import ArticleHead

STAGE = "link"
VERSION = "1"
# State is saved every BATCH articles: a crash loses at most one batch of linking.
BATCH = 2000


def link_pending(store: Store, *, on_article: Callable[[str], None] | None = None) -> int:
    with _collector_paused():
        return _link_pending(store, on_article)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The linkers' states are millions of long-lived objects, which the
    cyclic collector would traverse again and again while they are built
    and saved (at 5,000 synthetic articles, once: the entity state loaded
    in 0.22 s instead of 0.56 s, saved in 0.02 s instead of 0.27 s); what
    the run leaves in cycles is collected once it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _link_pending(store: Store, on_article: Callable[[str], None] | None) -> int:
    candidates = store.pending(STAGE, VERSION)
    annotated = store.annotated(candidates)
    pending = [i for i in candidates if i in annotated]
    if not pending:
        return 0
    resolver = _load(store, "entities", EntityResolver)
    clusterer = _load(store, "stories", StoryClusterer)
    lineage = _load(store, "lineage", LineageIndex)
    flags: dict[str, list[str]] = store.get_state("flags") or {}
    # Linked by an earlier run that was interrupted before it wrote the results: their stories
    # still need their undated articles' dates estimated, as if that run had finished.
    unwritten: list[str] = (store.get_state("unwritten") or {}).get("articles", [])
    done = 0
    for start in range(0, len(pending), BATCH):
        batch = pending[start : start + BATCH]
        flagged = False
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
                flagged = True
            done += 1
            if on_article:
                on_article(article.id)
        last = start + BATCH >= len(pending)
        store.begin()
        try:
            store.put_state("entities", resolver.to_state())
            store.put_state("stories", clusterer.to_state())
            store.put_state("lineage", lineage.to_state())
            if flagged:
                store.put_state("flags", flags)
            if last:
                # Results are written once per run: diffing them against the tables reads every
                # story and entity, which a batch of a long run need not pay.
                _write_results(store, resolver, clusterer, lineage, flags, {*unwritten, *pending})
                if unwritten or start:
                    store.put_state("unwritten", {"articles": []})
            else:
                store.put_state("unwritten", {"articles": [*unwritten, *pending[: start + BATCH]]})
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


class Titled(Protocol):
    """What titling and dating a story reads of an article (an Article, or
    the store's ArticleHead that leaves the text unread)."""

    @property
    def id(self) -> str: ...

    @property
    def title(self) -> str | None: ...

    @property
    def published(self) -> str | None: ...


def _write_results(
    store: Store,
    resolver: EntityResolver,
    clusterer: StoryClusterer,
    lineage: LineageIndex,
    flags: dict[str, list[str]],
    touched: set[str],
) -> None:
    """The linkers' results as tables, as a whole rewrite would leave them;
    a merge can change any story or entity, so every row is computed again,
    but only rows that differ from the tables' are written, and articles
    are read only for the stories whose membership changed. `touched`: the
    articles linked in this run (only their stories have their undated
    articles' dates estimated again)."""
    estimated: dict[str, str] = store.get_state("estimated") or {}
    derivations = lineage.derivations()
    stories = _join_copies(clusterer.stories(), derivations)
    before = dict(estimated)
    heads: dict[str, ArticleHead] = {}
    touched_stories = [sid for sid, parts in stories.items() if any(a in touched for part in parts for a in part)]
    if touched_stories:
        heads = store.article_heads([a for sid in touched_stories for part in stories[sid] for a in part])
        mixed: dict[str, list[str]] = {}
        for sid in touched_stories:
            ids = [a for part in stories[sid] for a in part]
            for a in ids:
                estimated.pop(a, None)
            members = [heads[i] for i in ids if i in heads]
            if any(m.published for m in members) and not all(m.published for m in members):
                mixed[sid] = [m.id for m in members]
        if mixed:
            full = {a.id: a for a in store.articles([a for ids in mixed.values() for a in ids])}
            by_article = _derivations_by_article(derivations)
            for ids in mixed.values():
                estimated.update(_estimated_dates(store, [full[a] for a in ids], derivations, by_article))
    if estimated != before:
        store.put_state("estimated", estimated)
    memberships = {}
    for story_id, parts in stories.items():
        threads = [
            t
            for part in parts
            for t in (clusterer.threads(clusterer.story_of(part[0]), estimated) if len(part) > 1 else [part])
        ]
        thread_of = {a: n for n, thread in enumerate(threads) for a in thread}
        memberships[story_id] = [(a, thread_of.get(a, 0)) for part in parts for a in part]
    _sync_stories(store, memberships, heads)
    _sync_derivations(store, derivations)
    _sync_entities(store, resolver.entities(), flags)


def _sync_stories(store: Store, memberships: dict[str, list[tuple[str, int]]], heads: dict[str, ArticleHead]) -> None:
    """Stories and story_articles brought to `memberships` (story id -> its
    articles with their threads, in story order). A story whose articles and
    threads are those in the table keeps its row: title, dates and size
    follow from the articles in order, and articles do not change."""
    conn = store.conn
    rows = {r[0] for r in conn.execute("SELECT id FROM stories")}
    written: dict[str, list[tuple[str, int]]] = {}
    # Rows of a story are inserted together in story order, so rowid order is story order.
    for story_id, article_id, thread in conn.execute(
        "SELECT story_id, article_id, thread FROM story_articles ORDER BY rowid"
    ):
        written.setdefault(story_id, []).append((article_id, thread))
    changed = [sid for sid, members in memberships.items() if sid not in rows or written.get(sid, []) != members]
    gone = [sid for sid in rows | written.keys() if sid not in memberships]
    conn.executemany("DELETE FROM story_articles WHERE story_id=?", [(sid,) for sid in changed + gone])
    conn.executemany("DELETE FROM stories WHERE id=?", [(sid,) for sid in changed + gone])
    if not changed:
        return
    heads = {**heads, **store.article_heads([a for sid in changed for a, _ in memberships[sid] if a not in heads])}
    for story_id in changed:
        ids = memberships[story_id]
        members = [heads[a] for a, _ in ids if a in heads]
        dates = sorted(d for d in (_date_of(a) for a in members) if d)
        conn.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, size) VALUES (?,?,?,?,?)",
            (story_id, story_title(members), dates[0] if dates else None, dates[-1] if dates else None, len(ids)),
        )
        conn.executemany(
            "INSERT INTO story_articles (article_id, story_id, thread) VALUES (?,?,?)",
            [(a, story_id, thread) for a, thread in ids if a in heads],
        )


def _sync_derivations(store: Store, derivations: list[Derivation]) -> None:
    conn = store.conn
    wanted = {
        (d.source, d.target): (
            d.source,
            d.target,
            d.relation,
            d.similarity,
            d.evidence,
            int(d.directed),
            json.dumps({"kind": getattr(d, "kind", None), "direction_by": getattr(d, "direction_by", None)}),
        )
        for d in derivations
    }
    stale: list[tuple[int]] = []
    kept: set[tuple[str, str]] = set()
    for rowid, *row in conn.execute(
        "SELECT rowid, source, target, relation, similarity, evidence, directed, data FROM derivations"
    ):
        key = (row[0], row[1])
        if key in kept or wanted.get(key) != tuple(row):
            stale.append((rowid,))
        else:
            kept.add(key)
    conn.executemany("DELETE FROM derivations WHERE rowid=?", stale)
    conn.executemany(
        "INSERT INTO derivations (source, target, relation, similarity, evidence, directed, data)"
        " VALUES (?,?,?,?,?,?,?)",
        [row for key, row in wanted.items() if key not in kept],
    )


def _sync_entities(store: Store, entities: list[ResolvedEntity], flags: dict[str, list[str]]) -> None:
    """Entities and entity_articles brought to the resolver's. A changed
    entity is updated in place, so its full-text entry is replaced once and
    unchanged entities are not touched at all."""
    conn = store.conn
    written = {r[0]: tuple(r) for r in conn.execute("SELECT id, name, type, aliases, mentions, flags FROM entities")}
    links: dict[str, set[str]] = {}
    for entity_id, article_id in conn.execute("SELECT entity_id, article_id FROM entity_articles"):
        links.setdefault(entity_id, set()).add(article_id)
    updates, inserts, link_adds, link_drops = [], [], [], []
    wanted: set[str] = set()
    for entity in entities:
        wanted.add(entity.id)
        entity_flags = sorted({f for a in entity.articles for f in flags.get(a, []) if entity.name in f})
        row = (
            entity.id,
            entity.name,
            entity.type,
            json.dumps(entity.aliases, ensure_ascii=False),
            entity.mentions,
            json.dumps(entity_flags, ensure_ascii=False),
        )
        old = written.get(entity.id)
        if old is None:
            inserts.append(row)
        elif old != row:
            updates.append((*row[1:], entity.id))
        have = links.get(entity.id, set())
        articles = set(entity.articles)
        if have != articles:
            link_adds += [(entity.id, a) for a in articles - have]
            link_drops += [(entity.id, a) for a in have - articles]
    conn.executemany("DELETE FROM entities WHERE id=?", [(i,) for i in written if i not in wanted])
    conn.executemany("DELETE FROM entity_articles WHERE entity_id=?", [(i,) for i in links if i not in wanted])
    conn.executemany("UPDATE entities SET name=?, type=?, aliases=?, mentions=?, flags=? WHERE id=?", updates)
    conn.executemany("INSERT INTO entities (id, name, type, aliases, mentions, flags) VALUES (?,?,?,?,?,?)", inserts)
    conn.executemany("DELETE FROM entity_articles WHERE entity_id=? AND article_id=?", link_drops)
    conn.executemany("INSERT INTO entity_articles (entity_id, article_id) VALUES (?,?)", link_adds)


def _derivations_by_article(derivations: list[Derivation]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for n, d in enumerate(derivations):
        out.setdefault(d.source, []).append(n)
    return out


def _estimated_dates(
    store: Store, members: list[Article], derivations: list[Derivation], by_source: dict[str, list[int]]
) -> dict[str, str]:
    """The middle of the compare stage's publication estimate for each undated
    article of a story that has dated ones (the caller passes only such
    stories), so that threads place an undated report of a later development
    at its time rather than by vocabulary."""
    from newsweave.compare.material import origins
    from newsweave.compare.timeline import estimate_publication

    ids = [a.id for a in members]
    inside = set(ids)
    # In the order of `derivations`, as a scan of the whole list would give them.
    found = sorted(n for a in inside for n in by_source.get(a, ()) if derivations[n].target in inside)
    links = [
        {"source": d.source, "target": d.target, "relation": d.relation, "directed": bool(d.directed)}
        for d in (derivations[n] for n in found)
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


def _join_copies(stories: dict[str, list[str]], derivations: list[Derivation]) -> dict[str, list[list[str]]]:
    """A copy, translation or citation of an article belongs to its source's
    story, whatever the word statistics say: clusters joined by a lineage
    link become one story (each keeps its threads)."""
    story_of = {a: sid for sid, ids in stories.items() for a in ids}
    group = join_in_order(list(stories), ((story_of.get(d.source), story_of.get(d.target)) for d in derivations))
    joined: dict[str, list[list[str]]] = {}
    for sid, ids in stories.items():
        joined.setdefault(group[sid], []).append(ids)
    return joined


def _date_of(article: Titled) -> str | None:
    if article.published:
        return article.published[:10]
    return None


def story_title(articles: Sequence[Titled]) -> str | None:
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
