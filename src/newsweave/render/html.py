"""The dossier as one self-contained HTML page.

Everything in a dossier comes from scraped articles, so the page is built on
the assumption that every string is an attack: Jinja2 autoescapes all output,
links are only http, https or file URLs (`view.safe_href`), element ids come
from a fixed alphabet (`view.anchor`), the page has no script at all and its
Content-Security-Policy forbids any (and any fetch): even markup that slipped
through could not run or phone home. Styles are inline, so the page opens
offline, from disk or as an e-mail attachment.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import ChainableUndefined, Environment, PackageLoader

from newsweave.render.view import STATUS_LABEL, anchor, build_view, fmt_date, fmt_value, variant_of


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("newsweave.render", "templates"),
        autoescape=True,  # on for every template and every string, whatever its name
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=ChainableUndefined,  # every dossier field is optional: a missing one renders as nothing
    )
    env.globals.update(anchor=anchor, fmt_date=fmt_date, fmt_value=fmt_value, variant_of=variant_of,
                       status_label=STATUS_LABEL)
    return env


def to_html(dossier: dict[str, Any]) -> str:
    return _env().get_template("dossier.html.j2").render(view=build_view(dossier))
