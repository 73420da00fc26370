"""What both human-readable renderers show, computed once from a dossier dict.

The dossier's text comes from scraped articles and is hostile: these helpers
never produce markup, only plain values (escaping is the renderer's job), and
they reduce the two things that are not plain text (link targets and element
ids) to forms that cannot carry script: hrefs only for http, https and file
URLs, anchors only from a fixed alphabet.

Every list in the dossier may be empty or missing (claims, timeline, quotes
and summary come from later stages), and any field may be null.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from newsweave.compare.material import origins as origin_groups

_SAFE_SCHEMES = {"http", "https", "file"}
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
STATUS_ORDER = {"conflict": 0, "agreed": 1, "single_source": 2}
STATUS_LABEL = {"conflict": "Conflict", "agreed": "Agreed", "single_source": "Single source"}
RELATION_LABEL = {
    "duplicate": "duplicate", "near_duplicate": "near-duplicate", "rewrite": "rewrite",
    "translation": "translation", "cites": "cites", "same_origin": "same origin",
}
TYPE_GROUPS = [
    ("People", {"PERSON"}),
    ("Organisations", {"ORG", "NORP"}),
    ("Places", {"GPE", "LOC", "FAC"}),
]


def anchor(kind: str, ident: object) -> str:
    """An element id safe in any HTML or Markdown context: ids are hostile
    too (a JSON Lines input names its own), so every character outside a
    small alphabet becomes `_xx_`."""
    raw = str(ident)
    safe = re.sub(r"[^A-Za-z0-9_.-]", lambda m: f"_{ord(m.group()):x}_", raw)
    return f"{kind}-{safe}"


def safe_href(uri: object) -> str | None:
    """A link target for `uri`, or None when it must not be a link.

    Browsers ignore tabs, newlines and leading control characters inside a
    scheme ("java\\tscript:"), so any control character disqualifies the URI
    rather than being stripped. An absolute local path becomes a file URL."""
    if not isinstance(uri, str):
        return None
    value = uri.strip()
    if not value or any(ord(c) < 32 or ord(c) == 127 for c in value) or "\\" in value:
        return None
    if value.startswith("/") and not value.startswith("//"):
        return PurePosixPath(value).as_uri()
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SAFE_SCHEMES:
        return None
    if parts.scheme.lower() in {"http", "https"} and not parts.netloc:
        return None
    return value


def _parse_day(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value[:10]).date()
    except ValueError:
        return None


def fmt_date(value: object, precision: str | None = None) -> str:
    """"10 Mar 2025", "Mar 2025" or "2025" by precision; anything unparseable as given."""
    if not value:
        return ""
    text = str(value)
    precision = precision or {4: "year", 7: "month"}.get(len(text), "day")
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?.*", text)
    if not m:
        return text
    year, month = m.group(1), m.group(2)
    if precision == "year" or not month:
        return year
    if not 1 <= int(month) <= 12:
        return text
    if precision == "month":
        return f"{_MONTHS[int(month) - 1]} {year}"
    day = _parse_day(text)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else text


def fmt_range(first: object, last: object) -> str:
    a, b = fmt_date(first), fmt_date(last)
    if not a or not b or a == b:
        return a or b
    da, db = _parse_day(str(first)), _parse_day(str(last))
    if da and db and (da.year, da.month) == (db.year, db.month):
        return f"{da.day}–{b}"
    if da and db and da.year == db.year:
        return f"{da.day} {_MONTHS[da.month - 1]} – {b}"
    return f"{a} – {b}"


def fmt_value(value: object, unit: object) -> str:
    if isinstance(value, bool) or value is None:
        shown = "—" if value is None else str(value)
    elif isinstance(value, int | float):
        shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        shown = str(value)
    if not unit:
        return shown
    unit = str(unit)
    if unit in {"USD", "$"}:
        return f"${shown}"
    if unit in {"EUR", "€"}:
        return f"€{shown}"
    if unit == "percent":
        return f"{shown}%"
    return f"{shown} {unit}"


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


@dataclass
class ArticleView:
    num: int
    id: str
    anchor: str
    title: str
    outlet: str  # the stated outlet, or a stand-in that says it is unknown
    outlet_known: bool
    date: str  # shown date; "" when unknown
    date_sort: str
    estimated: bool
    href: str | None
    uri: str
    author: str
    dateline: str
    language: str
    attributed_to: list[str]
    derived_from: list[dict[str, Any]]  # {"id","num","relation","label","similarity","evidence"}
    origin: str


@dataclass
class LineageNode:
    article: ArticleView
    relation: str = ""  # how it derives from its parent ("" for a root)
    similarity: float | None = None
    evidence: str = ""
    children: list[LineageNode] = field(default_factory=list)
    also: list[tuple[ArticleView, str]] = field(default_factory=list)  # other sources, undirected kin


@dataclass
class CoverageItem:
    kind: str
    text: str
    articles: list[str]


@dataclass
class OutletView:
    name: str
    known: bool
    articles: list[ArticleView]
    derived: int  # how many of its articles copy another article of the story
    exclusive: list[CoverageItem]


@dataclass
class DossierView:
    title: str
    story_id: str
    dates: str
    threads: list[dict[str, Any]]
    articles: list[ArticleView]
    by_id: dict[str, ArticleView]
    outlets: list[OutletView]
    origins: int
    summary: list[dict[str, Any]]
    timeline: list[dict[str, Any]]  # grouped: {"date","precision","label","entries":[...]}
    timeline_count: int
    entity_groups: list[tuple[str, list[dict[str, Any]]]]
    entity_ids: set[str]
    speakers: list[dict[str, Any]]  # {"name","entity","quotes":[...]}
    quote_count: int
    claims: list[dict[str, Any]]
    status_counts: dict[str, int]
    lineage: list[LineageNode]
    copies: int

    def cite(self, ids: object) -> list[ArticleView]:
        """The cited articles in list order (unknown ids are dropped: they
        cannot be linked, and a dossier never cites outside itself)."""
        if not isinstance(ids, list | tuple):
            return []
        seen = {str(i) for i in ids}
        return [a for a in self.articles if a.id in seen]

    def origin_count(self, ids: object) -> int:
        return len({a.origin for a in self.cite(ids)})


def _article_views(articles: list[dict[str, Any]]) -> list[ArticleView]:
    ids = [str(a.get("id")) for a in articles]
    derivations = [
        {"source": str(d.get("id")), "target": str(a.get("id")), "relation": d.get("relation")}
        for a in articles for d in (a.get("derived_from") or []) if isinstance(d, dict)
    ]
    origin = origin_groups(ids, derivations)
    num = {i: n for n, i in enumerate(ids, start=1)}
    views = []
    for n, a in enumerate(articles, start=1):
        ident = str(a.get("id"))
        outlet = _text(a.get("outlet"))
        uri = _text(a.get("uri"))
        known = bool(outlet)
        if not known:
            host = urlsplit(uri).hostname if uri.startswith(("http://", "https://")) else None
            tail = PurePosixPath(uri).name if uri else ident
            outlet = f"Unknown outlet ({host or tail or ident})"
        published = _text(a.get("published"))
        est = a.get("published_estimated")
        estimated = False
        if published:
            shown, sort = fmt_date(published), published[:10]
        elif isinstance(est, dict) and (est.get("earliest") or est.get("latest")):
            shown, sort, estimated = fmt_range(est.get("earliest"), est.get("latest")), str(est.get("earliest")), True
        else:
            shown, sort = "", ""
        derived = []
        for d in a.get("derived_from") or []:
            if not isinstance(d, dict):
                continue
            rel = str(d.get("relation") or "")
            sim = d.get("similarity")
            derived.append({"id": str(d.get("id")), "num": num.get(str(d.get("id"))), "relation": rel,
                            "label": RELATION_LABEL.get(rel, rel), "evidence": _text(d.get("evidence")),
                            "similarity": float(sim) if isinstance(sim, int | float) else None})
        views.append(ArticleView(
            num=n, id=ident, anchor=anchor("article", ident), title=_text(a.get("title")) or "(untitled)",
            outlet=outlet, outlet_known=known, date=shown, date_sort=sort, estimated=estimated,
            href=safe_href(a.get("uri")), uri=uri, author=_text(a.get("author")), dateline=_text(a.get("dateline")),
            language=_text(a.get("language")), attributed_to=[_text(x) for x in a.get("attributed_to") or []],
            derived_from=derived, origin=origin.get(ident, ident),
        ))
    return views


def _lineage(views: list[ArticleView]) -> tuple[list[LineageNode], int]:
    by_id = {v.id: v for v in views}
    parents: dict[str, list[dict[str, Any]]] = defaultdict(list)
    kin: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for v in views:
        for d in v.derived_from:
            if d["id"] not in by_id or d["id"] == v.id:
                continue
            if d["relation"] == "same_origin":
                kin[v.id].append((d["id"], d["label"]))
            else:
                parents[v.id].append(d)
    placed: set[str] = set()

    def build(v: ArticleView, via: dict[str, Any] | None) -> LineageNode:
        placed.add(v.id)
        node = LineageNode(article=v)
        if via:
            node.relation, node.similarity, node.evidence = via["label"], via["similarity"], via["evidence"]
        for d in parents[v.id]:
            if via is None or d["id"] != via["id"]:
                node.also.append((by_id[d["id"]], d["label"]))
        node.also.extend((by_id[k], label) for k, label in kin[v.id])
        for child in views:
            if child.id in placed:
                continue
            link = next((d for d in parents[child.id] if d["id"] == v.id), None)
            if link:
                node.children.append(build(child, link))
        return node

    roots = []
    # Articles that derive from nothing in the story are where reporting starts.
    for v in views:
        if v.id not in placed and not parents[v.id]:
            roots.append(build(v, None))
    for v in views:  # a cycle of claimed derivations: start anywhere
        if v.id not in placed:
            roots.append(build(v, None))
    copies = sum(1 for v in views if parents[v.id] and any(d["relation"] != "cites" for d in parents[v.id]))
    return roots, copies


def _coverage(view: DossierView, dossier: dict[str, Any]) -> None:
    outlet_of = {a.id: a.outlet for a in view.articles}
    items: list[CoverageItem] = []
    for s in dossier.get("summary") or []:
        items.append(CoverageItem("summary", _text(s.get("text")), list(s.get("articles") or [])))
    for t in dossier.get("timeline") or []:
        label = fmt_date(t.get("date"), t.get("precision"))
        items.append(CoverageItem("event", f"{label}: {_text(t.get('text'))}", list(t.get("articles") or [])))
    for c in dossier.get("claims") or []:
        values = [v for v in c.get("values") or [] if isinstance(v, dict)]
        for v in values:
            shown = fmt_value(v.get("value"), v.get("unit"))
            what = f"{_text(c.get('subject'))}: {shown}" if c.get("subject") else shown
            # A figure only one outlet gives, where others give another, is
            # exactly what an analyst must check first.
            kind = "disputed figure" if c.get("status") == "conflict" else "figure"
            items.append(CoverageItem(kind, what, list(v.get("articles") or [])))
    for q in dossier.get("quotes") or []:
        who = _text(q.get("speaker")) or "unattributed"
        items.append(CoverageItem("quote", f"{who}: “{_text(q.get('text'))}”", list(q.get("articles") or [])))
    exclusive: dict[str, list[CoverageItem]] = defaultdict(list)
    for item in items:
        outlets = {outlet_of[a] for a in map(str, item.articles) if a in outlet_of}
        if len(outlets) == 1 and len(view.outlets) > 1:
            exclusive[next(iter(outlets))].append(item)
    for o in view.outlets:
        o.exclusive = exclusive.get(o.name, [])


def build_view(dossier: dict[str, Any]) -> DossierView:
    story = dossier.get("story") or {}
    articles = _article_views([a for a in dossier.get("articles") or [] if isinstance(a, dict)])
    by_id = {a.id: a for a in articles}

    outlet_members: dict[str, list[ArticleView]] = defaultdict(list)
    for a in articles:
        outlet_members[a.outlet].append(a)
    lineage, copies = _lineage(articles)
    outlets = [
        OutletView(name=name, known=members[0].outlet_known, articles=members,
                   derived=sum(1 for m in members if any(d["relation"] not in {"cites", "same_origin"}
                                                         for d in m.derived_from)),
                   exclusive=[])
        for name, members in sorted(outlet_members.items(), key=lambda kv: (-len(kv[1]), not kv[1][0].outlet_known,
                                                                            kv[0].casefold()))
    ]

    timeline_groups: list[dict[str, Any]] = []
    entries = [t for t in dossier.get("timeline") or [] if isinstance(t, dict)]
    entries.sort(key=lambda t: str(t.get("date") or "9999"))
    for t in entries:
        key = (str(t.get("date") or ""), str(t.get("precision") or ""))
        if timeline_groups and (timeline_groups[-1]["date"], timeline_groups[-1]["precision"]) == key:
            timeline_groups[-1]["entries"].append(t)
        else:
            timeline_groups.append({"date": key[0], "precision": key[1],
                                    "label": fmt_date(key[0], key[1] or None) or "Undated", "entries": [t]})

    entities = [e for e in dossier.get("entities") or [] if isinstance(e, dict)]
    groups: list[tuple[str, list[dict[str, Any]]]] = []
    used: set[int] = set()
    for label, types in TYPE_GROUPS:
        members = [e for e in entities if str(e.get("type")) in types]
        used |= {id(e) for e in members}
        if members:
            groups.append((label, members))
    rest = [e for e in entities if id(e) not in used]
    if rest:
        groups.append(("Other", rest))

    speakers: list[dict[str, Any]] = []
    index: dict[str, dict[str, Any]] = {}
    quotes = [q for q in dossier.get("quotes") or [] if isinstance(q, dict)]
    for q in quotes:
        key = str(q.get("speaker_entity") or _text(q.get("speaker")).casefold() or "")
        if key not in index:
            index[key] = {"name": _text(q.get("speaker")) or "Unattributed", "entity": q.get("speaker_entity"),
                          "quotes": []}
            speakers.append(index[key])
        index[key]["quotes"].append(q)

    claims = [c for c in dossier.get("claims") or [] if isinstance(c, dict)]
    claims.sort(key=lambda c: STATUS_ORDER.get(str(c.get("status")), 3))
    status_counts = Counter(str(c.get("status")) for c in claims)

    view = DossierView(
        title=_text(story.get("title")) or "Untitled story",
        story_id=_text(story.get("id")),
        dates=fmt_range(story.get("first_seen"), story.get("last_seen")),
        threads=[t for t in story.get("threads") or [] if isinstance(t, dict)],
        articles=articles, by_id=by_id, outlets=outlets,
        origins=len({a.origin for a in articles}),
        summary=[s for s in dossier.get("summary") or [] if isinstance(s, dict)],
        timeline=timeline_groups, timeline_count=len(entries),
        entity_groups=groups, entity_ids={str(e.get("id")) for e in entities},
        speakers=speakers, quote_count=len(quotes),
        claims=claims, status_counts=dict(status_counts),
        lineage=lineage, copies=copies,
    )
    _coverage(view, dossier)
    return view


@dataclass
class Variant:
    text: str
    speaker: str
    articles: list[str]
    conflict: bool  # the variant names another speaker


def variant_of(variant: object) -> Variant:
    """A quote variant, whether it is the summary stage's {"text","speaker",
    "articles","speaker_conflict"} or a bare string."""
    if isinstance(variant, dict):
        return Variant(_text(variant.get("text")), _text(variant.get("speaker")),
                       [str(a) for a in variant.get("articles") or []], bool(variant.get("speaker_conflict")))
    return Variant(_text(variant), "", [], False)
