"""What the compare stage reads for one story, gathered from the store."""

from __future__ import annotations

from newsweave.groups import join_in_order
from newsweave.model import Annotations, StoryArticle
from newsweave.store import Store


def origins(article_ids: list[str], derivations: list[dict[str, object]]) -> dict[str, str]:
    """Each article's origin: copies, translations and rewrites (directed or
    not) join their source's group; a citation does not (the citing article
    adds its own reporting). The group is named by its earliest member."""
    return join_in_order(
        article_ids, ((str(d["source"]), str(d["target"])) for d in derivations if d["relation"] != "cites")
    )


def load_story(store: Store, story_id: str) -> list[StoryArticle]:
    story = next((s for s in store.stories() if s["id"] == story_id), None)
    if story is None:
        raise KeyError(story_id)
    ids: list[str] = story["articles"]
    origin = origins(ids, store.derivations_of(ids))
    thread_of = {a: n for n, members in enumerate(store.story_threads(story_id)) for a in members}
    entity_names: dict[str, dict[str, str]] = {a: {} for a in ids}
    for e in store.entities_of(ids):
        for a in e["articles"]:
            if a in entity_names:
                for name in (e["name"], *e["aliases"]):
                    entity_names[a][name] = e["id"]
    out = []
    for article in store.articles(ids):
        ann = store.annotations(article.id) or Annotations(id=article.id)
        out.append(StoryArticle(article=article, annotations=ann, origin=origin[article.id],
                                thread=thread_of.get(article.id, 0), entity_ids=entity_names[article.id]))
    return out


def load_all(store: Store) -> list[StoryArticle]:
    """Every stored article, as one body of material (the timeline of a whole
    corpus, as Timeline17 is evaluated)."""
    ids = [a.id for a in store.articles()]
    origin = origins(ids, store.derivations_of(ids))
    out = []
    for article in store.articles():
        ann = store.annotations(article.id) or Annotations(id=article.id)
        out.append(StoryArticle(article=article, annotations=ann, origin=origin[article.id]))
    return out
