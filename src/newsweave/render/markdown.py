"""The dossier as Markdown, structured like the HTML page.

Article text is hostile here too: Markdown renderers pass raw HTML through
and turn brackets into links, so every string from an article is escaped
(`md`) before it is placed, links point only at http, https or file URLs,
and the only raw HTML emitted is the article anchors, whose ids come from a
fixed alphabet.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from newsweave.render.view import (
    STATUS_LABEL,
    ArticleView,
    DossierView,
    LineageNode,
    build_view,
    fmt_value,
    safe_href,
    variant_of,
)

# Inline-significant characters: emphasis, code, links and images, raw HTML
# and entities, tables, strikethrough, and the $ GitHub reads as maths.
_INLINE_RE = re.compile(r"([\\`*_\[\]<>&|~$])")
# Characters that start a block when they open a line (or a list item).
_BLOCK_START_RE = re.compile(r"^(\s*)([#>+=-]|\d+(?=[.)]))")


def md(value: object) -> str:
    """Plain text made inert in Markdown, on one line."""
    text = " ".join(str(value).split()) if value is not None else ""
    text = _INLINE_RE.sub(r"\\\1", text)
    # A digit cannot be escaped in CommonMark; an ordered list marker is
    # defused by escaping the stop after it ("1\.") instead.
    return _BLOCK_START_RE.sub(
        lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), text)


def md_url(href: str) -> str:
    """A link destination that cannot end the link early or break out of it."""
    return quote(href, safe=":/?#@!$&+,;=%~*-._")


def _n(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


def _cites(view: DossierView, ids: object) -> str:
    arts = view.cite(ids)
    if not arts:
        return ""
    return " " + " ".join(f"[\\[{a.num}\\]](#{a.anchor})" for a in arts)


def _support(view: DossierView, ids: object) -> str:
    n, k = len(view.cite(ids)), view.origin_count(ids)
    return f" _({k} origin{'s' if k != 1 else ''})_" if n else ""


def _ref(a: ArticleView) -> str:
    return f"[\\[{a.num}\\] {md(a.outlet)}](#{a.anchor})"


def _lineage(node: LineageNode, depth: int, out: list[str]) -> None:
    a = node.article
    pad = "  " * depth
    rel = f"**{md(node.relation)}** of the above: " if node.relation else ""
    when = f", {md(a.date)}{' (est.)' if a.estimated else ''}" if a.date else ""
    sim = f" — similarity {node.similarity * 100:.0f}%" if node.similarity is not None else ""
    out.append(f"{pad}- {rel}{_ref(a)}{when}: {md(a.title)}{sim}")
    if node.also:
        others = "; ".join(f"{md(label)} {_ref(o)}" for o, label in node.also)
        out.append(f"{pad}  - also: {others}")
    if node.evidence:
        out.append(f"{pad}  - evidence: “{md(node.evidence)}”")
    for child in node.children:
        _lineage(child, depth + 1, out)


def to_markdown(dossier: dict[str, Any]) -> str:
    view = build_view(dossier)
    out: list[str] = [f"# {md(view.title)}", ""]

    facts = []
    if view.story_id:
        facts.append(f"Story {md(view.story_id)}")
    if view.dates:
        facts.append(f"reported {md(view.dates)}")
    facts += [
        _n(len(view.articles), "article"),
        _n(len(view.outlets), "outlet"),
        _n(view.origins, "independent origin"),
        _n(view.copies, "copy or rewrite", "copies or rewrites"),
        _n(view.status_counts.get("conflict", 0), "conflicting claim"),
    ]
    out += [" · ".join(facts), ""]
    if len(view.threads) > 1:
        out.append("Threads:")
        out.append("")
        for n, t in enumerate(view.threads, start=1):
            out.append(f"{n}. {md(t.get('title') or 'Untitled thread')}{_cites(view, t.get('articles'))}")
        out.append("")
    out.append("Bracketed numbers cite the articles listed at the end; “origins” counts independent reports, "
               "with copies counted once.")
    out.append("")

    out += ["## Summary", ""]
    if view.summary:
        for s in view.summary:
            out.append(f"- {md(s.get('text'))}{_cites(view, s.get('articles'))}{_support(view, s.get('articles'))}")
    else:
        out.append("_No summary has been computed for this story._")
    out.append("")
    if len(view.threads) > 1:
        for n, t in enumerate(view.threads, start=1):
            if t.get("summary"):
                out += [f"### Thread {n}: {md(t.get('title') or 'Untitled thread')}", ""]
                out += [f"- {md(s.get('text'))}{_cites(view, s.get('articles'))}" for s in t["summary"]]
                out.append("")

    out += ["## Timeline", ""]
    if view.timeline:
        for g in view.timeline:
            prec = f" _({md(g['precision'])})_" if g["precision"] and g["precision"] != "day" else ""
            for e in g["entries"]:
                out.append(f"- **{md(g['label'])}**{prec} — {md(e.get('text'))}{_cites(view, e.get('articles'))}")
    else:
        out.append("_No dated events were found._")
    out.append("")

    out += ["## Claims", ""]
    if view.claims:
        counts = ", ".join(f"{view.status_counts.get(k, 0)} {v.lower()}" for k, v in STATUS_LABEL.items())
        out += [counts, "", "| Claim | What each source reports | Status |", "|---|---|---|"]
        for c in view.claims:
            status = md(STATUS_LABEL.get(str(c.get("status")), str(c.get("status") or "unknown")))
            if c.get("status") == "conflict":
                status = f"**⚠ {status}**"
            values = []
            for v in c.get("values") or []:
                if isinstance(v, dict):
                    said = f" “{md(v.get('text'))}”" if v.get("text") else ""
                    values.append(f"**{md(fmt_value(v.get('value'), v.get('unit')))}**{said}"
                                  f"{_cites(view, v.get('articles'))}{_support(view, v.get('articles'))}")
            # A qualifier ("personnel and contractors") or a caveat is a note on the claim, shown under its
            # values rather than as a value of its own.
            for n in c.get("notes") or []:
                if isinstance(n, dict) and n.get("text"):
                    values.append(f"_Note: {md(n.get('text'))}_{_cites(view, n.get('articles'))}")
            # <br> is our own markup: GitHub-style tables have no other way to break a cell.
            out.append(f"| {md(c.get('subject') or 'Unnamed claim')} | {'<br>'.join(values)} | {status} |")
    else:
        out.append("_No claims have been aligned for this story._")
    out.append("")

    out += ["## Quotes by speaker", ""]
    if view.speakers:
        for sp in view.speakers:
            out += [f"### {md(sp['name'])}", ""]
            for q in sp["quotes"]:
                out.append(f"> “{md(q.get('text'))}”{_cites(view, q.get('articles'))}"
                           f"{_support(view, q.get('articles'))}")
                for raw in q.get("variants") or []:
                    v = variant_of(raw)
                    who = ""
                    if v.conflict:
                        who = f" ⚠ attributed to {md(v.speaker)}"
                    elif v.speaker and v.speaker != sp["name"]:
                        who = f" (speaker given as {md(v.speaker)})"
                    out.append(">")
                    out.append(f"> ≈ “{md(v.text)}”{who}{_cites(view, v.articles)}")
                out.append("")
    else:
        out += ["_No direct quotes were found._", ""]

    out += ["## Actors", ""]
    if view.entity_groups:
        for label, members in view.entity_groups:
            out += [f"### {md(label)}", "", "| Name | Type | Also written as | Mentions | Sources |",
                    "|---|---|---|---|---|"]
            for e in members:
                flags = "".join(f" ⚠ {md(f)}" for f in e.get("flags") or [])
                aliases = " · ".join(md(a) for a in e.get("aliases") or [])
                mentions = md(e.get("mentions")) if e.get("mentions") is not None else ""
                out.append(f"| **{md(e.get('name'))}**{flags} | {md(e.get('type') or '?')} | {aliases} | {mentions} |"
                           f"{_cites(view, e.get('articles'))} |")
            out.append("")
    else:
        out += ["_No named entities were resolved._", ""]

    out += ["## Source lineage", "",
            f"{_n(len(view.articles), 'article')} trace back to {_n(view.origins, 'independent origin')}. "
            "Nested articles derive from the one above them.", ""]
    for root in view.lineage:
        _lineage(root, 0, out)
    out.append("")

    out += ["## Coverage by outlet", ""]
    for o in view.outlets:
        derived = f", {o.derived} derived from other articles" if o.derived else ""
        name = md(o.name) if o.known else f"_{md(o.name)}_"
        out.append(f"- **{name}**: {_n(len(o.articles), 'article')}{derived}"
                   f"{_cites(view, [a.id for a in o.articles])}")
        if o.exclusive:
            out.append("  - only here:")
            for item in o.exclusive:
                out.append(f"    - _{md(item.kind)}_: {md(item.text)}{_cites(view, item.articles)}")
    out.append("")

    out += ["## Articles", ""]
    for a in view.articles:
        href = safe_href(a.uri)
        title = f"[{md(a.title)}]({md_url(href)})" if href else md(a.title)
        meta = [md(a.outlet)]
        if a.author:
            meta.append(md(a.author))
        meta.append(f"est. {md(a.date)}" if a.estimated else (md(a.date) if a.date else "date unknown"))
        if a.dateline:
            meta.append(md(a.dateline))
        line = f"{a.num}. <a id=\"{a.anchor}\"></a>**{title}** — {' · '.join(meta)}"
        extra = []
        if a.attributed_to:
            extra.append("credits " + ", ".join(md(x) for x in a.attributed_to))
        for d in a.derived_from:
            src = view.by_id.get(d["id"])
            sim = f" ({d['similarity'] * 100:.0f}%)" if d["similarity"] is not None else ""
            extra.append(f"{md(d['label'])} of {_ref(src) if src else md(d['id'])}{sim}")
        if extra:
            line += " — " + "; ".join(extra)
        line += f" · id `{md_code(a.id)}`"
        if a.uri:
            line += f" · `{md_code(a.uri)}`"
        out.append(line)
    out.append("")
    return "\n".join(out)


def md_code(value: str) -> str:
    """Text for a code span: a backtick would close it, a newline end the line."""
    return " ".join(value.replace("`", "'").split())
