"""Joining items into groups by links, the group named by its earliest item:
copies joined into one origin (compare), stories joined by lineage (link)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def join_in_order(items: Sequence[str], links: Iterable[tuple[str | None, str | None]]) -> dict[str, str]:
    """{item: its group's earliest item in `items`} once every link has joined
    its two ends; a link naming an item not in `items` joins nothing."""
    parent = {x: x for x in items}
    order = {x: i for i, x in enumerate(items)}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        if a in parent and b in parent:
            ra, rb = find(a), find(b)
            if ra != rb:
                keep, gone = sorted((ra, rb), key=order.__getitem__)
                parent[gone] = keep
    return {x: find(x) for x in items}
