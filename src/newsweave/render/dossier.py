"""The story dossier as data (the contract's JSON), built from the store."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from newsweave.compare.claims import align_claims
from newsweave.compare.material import load_story
from newsweave.compare.summary import quotes_by_speaker, summarize, summarize_threads
from newsweave.compare.timeline import build_timeline, estimate_publication
from newsweave.link.stage import story_title
from newsweave.render.html import to_html
from newsweave.render.markdown import to_markdown
from newsweave.store import Store


class UnknownStory(KeyError):
    pass


def build_dossier(store: Store, story_id: str) -> dict[str, Any]:
    story = next((s for s in store.stories() if s["id"] == story_id), None)
    if story is None:
        raise UnknownStory(story_id)
    ids: list[str] = story["articles"]
    articles = list(store.articles(ids))
    by_id = {a.id: a for a in articles}
    in_story = set(ids)

    derived: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for d in store.derivations_of(ids):
        if d["source"] not in in_story or d["target"] not in in_story:
            continue
        entry = {"relation": d["relation"], "similarity": round(float(d["similarity"]), 3), "evidence": d["evidence"]}
        derived[d["target"]].append({"id": d["source"], **entry})
        if not d["directed"]:
            # Same origin, direction unknown: each is listed on the other.
            derived[d["source"]].append({"id": d["target"], **entry})

    threads = []
    for n, members in enumerate(store.story_threads(story_id), start=1):
        thread_articles = [by_id[a] for a in members if a in by_id]
        threads.append({"id": f"{story_id}.t{n}", "title": story_title(thread_articles), "articles": members})

    mention_counts: Counter[tuple[str, str]] = Counter()
    for ident in ids:
        ann = store.annotations(ident)
        for m in ann.entities if ann else []:
            mention_counts[(ident, m.name)] += 1
    entities = []
    for e in store.entities_of(ids):
        arts = [a for a in ids if a in set(e["articles"])]
        names = {e["name"], *e["aliases"]}
        mentions = sum(n for (a, name), n in mention_counts.items() if a in arts and name in names)
        entry = {"id": e["id"], "name": e["name"], "type": e["type"], "aliases": e["aliases"], "articles": arts,
                 "mentions": mentions or len(arts)}
        if e["flags"]:
            entry["flags"] = e["flags"]
        entities.append(entry)
    entities.sort(key=lambda e: (-len(e["articles"]), -e["mentions"], e["name"]))

    items = load_story(store, story_id)
    estimates = estimate_publication(items, store.derivations_of(ids))
    for item in items:
        # The estimate is used by the timeline; the article's own record
        # shows it too, marked as an estimate by its field name.
        if item.article.published is None and item.article.id in estimates:
            item.article.published_estimated = estimates[item.article.id]
    thread_summaries = summarize_threads(items)
    for n, thread in enumerate(threads):
        thread["summary"] = thread_summaries.get(n, [])
    estimated = {i.article.id: i.article.published_estimated for i in items}
    article_rows = []
    for a in articles:
        row = {**a.to_contract(with_text=False), "derived_from": derived[a.id]}
        if a.published is None and estimated.get(a.id):
            row["published_estimated"] = {"earliest": estimated[a.id].earliest,  # type: ignore[union-attr]
                                          "latest": estimated[a.id].latest}  # type: ignore[union-attr]
        article_rows.append(row)
    timeline = build_timeline(items, estimates=estimates)
    return {
        "story": {"id": story_id, "title": story["title"], "first_seen": story["first_seen"],
                  "last_seen": story["last_seen"], "threads": threads},
        "articles": article_rows,
        "entities": entities,
        "quotes": quotes_by_speaker(items),
        "claims": align_claims(items),
        "timeline": timeline,
        "summary": summarize(items),
    }


def render(dossier: dict[str, Any] | list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(dossier, ensure_ascii=False, indent=1)
    many = dossier if isinstance(dossier, list) else [dossier]
    if fmt == "md":
        return "\n\n---\n\n".join(to_markdown(d) for d in many)
    if fmt == "html":
        if len(many) == 1:
            return to_html(many[0])
        raise ValueError("one HTML page per story: use --all with --output-dir, or give a STORY_ID")
    raise ValueError(f"unknown format {fmt!r}")
