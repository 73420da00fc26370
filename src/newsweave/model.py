"""The data model every stage reads and extends.

Each stage of the flow is a function from these types to these types, so the
same functions run in the local pipeline, in tests and in the batch job. Plain
dataclasses keep them cheap to build and easy to turn into the contract's JSON.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

InputKind = Literal["text", "html", "jsonl", "feed", "warc", "url"]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class RawDocument:
    """One document as read, before cleaning: the bytes are kept untouched.

    `hints` carries what the container said about the document (a JSON Lines
    record's title/date/source, a feed entry's title and date, a WARC record's
    target URI) so cleaning can prefer stated metadata over inferred metadata.
    """

    uri: str
    kind: InputKind
    raw: bytes
    content_type: str = ""
    external_id: str | None = None
    hints: dict[str, Any] = field(default_factory=dict)
    # Where in its container the document sits ("line 7", "entry 3"), for errors.
    locator: str | None = None
    text: str | None = None  # set when the container already gives decoded text
    warnings: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return sha256_hex(self.raw)


@dataclass(slots=True)
class DateRange:
    earliest: str
    latest: str


@dataclass(slots=True)
class Article:
    """A cleaned article: body text plus the metadata the contract lists."""

    id: str
    uri: str
    title: str | None
    text: str
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    published_estimated: DateRange | None = None
    dateline: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    attributed_to: list[str] = field(default_factory=list)
    text_hash: str = ""
    input_sha256: str = ""

    def to_contract(self, *, with_text: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "uri": self.uri,
            "title": self.title,
            "text": self.text,
            "outlet": self.outlet,
            "author": self.author,
            "published": self.published,
            "published_estimated": asdict(self.published_estimated) if self.published_estimated else None,
            "dateline": self.dateline,
            "language": self.language,
            "canonical_url": self.canonical_url,
            "attributed_to": list(self.attributed_to),
        }
        if not with_text:
            del out["text"]
        return out


@dataclass(slots=True)
class InputError:
    """A failure to read one input, or one part of it, with enough to find it."""

    uri: str
    message: str
    locator: str | None = None

    def __str__(self) -> str:
        where = f"{self.uri} ({self.locator})" if self.locator else self.uri
        return f"{where}: {self.message}"


def paragraphs_to_text(paragraphs: list[str]) -> str:
    """The contract's body form: paragraphs separated by one blank line."""
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def text_hash(text: str) -> str:
    # Whitespace differences between two scrapes of one page are not content.
    return sha256_hex(" ".join(text.split()).encode("utf-8"))


# --------------------------------------------------------------------------
# Annotations: facts pulled from one article, with character offsets into
# the article's text exactly as stored (or as given to `newsweave annotate`).


@dataclass(slots=True)
class EntityMention:
    start: int
    end: int
    text: str
    label: str  # spaCy/OntoNotes: PERSON, ORG, GPE, LOC, NORP, EVENT, ...
    name: str  # the fullest form of the name within the article


@dataclass(slots=True)
class Quote:
    start: int  # covers the quoted words including the quotation marks
    end: int
    text: str
    speaker: str | None  # full name as resolved in the article, or a description
    speaker_start: int | None = None  # the mention the attribution is drawn from
    speaker_end: int | None = None
    kind: Literal["direct", "indirect"] = "direct"
    cue: str | None = None  # the attribution verb or phrase ("said", "according to")


@dataclass(slots=True)
class Quantity:
    start: int
    end: int
    text: str
    value: float
    unit: str | None  # "troops", "USD", "percent", "people", "years", ...
    about: str | None  # the thing counted, as written
    qualifier: str | None = None  # "about", "more than", "at least", "up to", ...


@dataclass(slots=True)
class Timex:
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str | None  # TimeML value; None when relative and no anchor date is known


@dataclass(slots=True)
class Annotations:
    id: str
    entities: list[EntityMention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    timexes: list[Timex] = field(default_factory=list)

    def to_contract(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entities": [asdict(e) for e in self.entities],
            "quotes": [asdict(q) for q in self.quotes],
            "quantities": [asdict(q) for q in self.quantities],
            "timexes": [asdict(t) for t in self.timexes],
        }


def annotations_from_json(data: dict[str, Any]) -> Annotations:
    return Annotations(
        id=data["id"],
        entities=[EntityMention(**e) for e in data.get("entities", [])],
        quotes=[Quote(**q) for q in data.get("quotes", [])],
        quantities=[Quantity(**q) for q in data.get("quantities", [])],
        timexes=[Timex(**t) for t in data.get("timexes", [])],
    )


@dataclass(slots=True)
class StoryArticle:
    """One article of a story with everything the compare stage reads: its
    annotations, its origin (copies of one report share an origin, so they do
    not count as independent sources) and its thread within the story."""

    article: Article
    annotations: Annotations
    origin: str
    thread: int = 0
    entity_ids: dict[str, str] = field(default_factory=dict)  # mention name -> resolved entity id
