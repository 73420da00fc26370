"""The annotate stage over the store: every article not yet annotated at the
current version is annotated and its result committed on its own."""

from __future__ import annotations

from collections.abc import Callable

from newsweave.annotate.pipeline import VERSION, annotate_many
from newsweave.store import Store

STAGE = "annotate"


def annotate_pending(store: Store, *, on_article: Callable[[str], None] | None = None) -> int:
    ids = store.pending(STAGE, VERSION)
    if not ids:
        return 0
    articles = {a.id: a for a in store.articles(ids)}
    items = ((i, articles[i].text, articles[i].published) for i in ids)
    done = 0
    for ann in annotate_many(items):
        store.begin()
        try:
            store.put_annotations(ann, VERSION)
            store.mark_done(ann.id, STAGE, VERSION)
            store.commit()
        except Exception:
            store.rollback()
            raise
        done += 1
        if on_article:
            on_article(ann.id)
    return done
