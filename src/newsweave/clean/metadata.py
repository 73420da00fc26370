"""Metadata an article states about itself in its own text.

Scraped copies often lose the page's metadata, but the text keeps traces of
it: a byline ("By Jane Roe, The Ledger | March 3, 2024"), an agency mark
("CNN —", "WASHINGTON (Reuters) -"), a dateline ("DAKAR, Senegal –") and the
outlets a rewrite names as its source ("The Washington Post reported").

Everything here is regular expressions plus the outlet lexicon, so it is fast
and its behaviour can be read off the patterns. What the text does not state
stays None (or []): a missing value is better than a guessed one shown as fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from newsweave.clean.outlets import (
    COMMON_WORD_NAMES,
    ENTRIES,
    canonical_outlet,
    is_short_form,
    looks_like_outlet,
    outlet_key,
    short_form_outlets,
)

__all__ = [
    "TextMetadata",
    "find_attributions",
    "find_dateline",
    "metadata_from_text",
    "parse_byline",
]

@dataclass(slots=True)
class TextMetadata:
    author: str | None
    outlet: str | None
    published: str | None
    dateline: str | None
    attributed_to: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- dates

_MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAY = (
    r"(?:(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day),?"
)
_DATE = re.compile(
    rf"""(?:{_WEEKDAY}\s+)?(?:
        (?P<mon>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})
      | (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon2>{_MONTH}),?\s+(?P<year2>\d{{4}})
      | (?P<iso>\d{{4}}-\d{{2}}-\d{{2}}
               (?:[T\ ]\d{{2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?)
      | (?P<n1>\d{{1,2}})[/.](?P<n2>\d{{1,2}})[/.](?P<n3>\d{{4}})
    )(?![\w-])""",
    re.IGNORECASE | re.VERBOSE,
)
_TZ_OFFSETS = {
    "UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180, "WET": 0,
    "WEST": 60, "MSK": 180, "WAT": 60, "CAT": 120, "EAT": 180, "SAST": 120, "GST": 240, "PKT": 300,
    "SGT": 480, "HKT": 480, "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660, "NZST": 720, "NZDT": 780,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480,
    "PDT": -420, "AKST": -540, "AKDT": -480, "HST": -600,
}  # fmt: skip
# "ET" changes offset with daylight saving, so it needs the real zone rules.
_TZ_ZONES = {
    "ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver", "PT": "America/Los_Angeles",
}  # fmt: skip
_TZ = r"(?:" + "|".join(sorted([*_TZ_OFFSETS, *_TZ_ZONES], key=len, reverse=True)) + r")\b"
_CLOCK = (
    rf"(?P<hour>\d{{1,2}})(?::(?P<minute>\d{{2}}))?\s*(?P<ampm>[ap]\.?\s?m\.?)?"
    rf"(?:\s*\(?(?P<tz>{_TZ})\)?)?"
)
_TIME_AFTER = re.compile(rf"(?:\s*,|\s+at|\s*[-–—|•·])?\s*{_CLOCK}", re.IGNORECASE)
_TIME_BEFORE = re.compile(rf"{_CLOCK}\s*,?\s*(?:on\s+)?$", re.IGNORECASE)
_DATE_KEYWORD = re.compile(
    r"(?P<kw>(?:last\s+)?(?:updated|modified)|posted|published|first\s+published|originally\s+published"
    r"|date|dated|on)(?:\s+on)?\s*[:\-]?\s*$",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _StatedDate:
    start: int
    end: int
    iso: str
    updated: bool


def _clock(m: re.Match[str]) -> tuple[int, int, str | None] | None:
    if m.group("minute") is None and m.group("ampm") is None:
        return None  # a bare number next to a date is not a time
    hour, minute = int(m.group("hour")), int(m.group("minute") or 0)
    ampm = (m.group("ampm") or "").lower().replace(".", "").replace(" ", "")
    if ampm:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    tz = m.group("tz")
    return hour, minute, tz.upper() if tz else None


def _with_time(day: date, clock: tuple[int, int, str | None] | None) -> str:
    if clock is None:
        return day.isoformat()
    hour, minute, tz = clock
    stamp = datetime(day.year, day.month, day.day, hour, minute)
    if tz in _TZ_OFFSETS:
        stamp = stamp.replace(tzinfo=timezone(timedelta(minutes=_TZ_OFFSETS[tz])))
    elif tz in _TZ_ZONES:
        stamp = stamp.replace(tzinfo=ZoneInfo(_TZ_ZONES[tz]))
    return stamp.isoformat(timespec="seconds")


def _month(text: str) -> int:
    return _MONTH_NUMBERS[text.lower()[:3]]


def _find_dates(line: str) -> list[_StatedDate]:
    found: list[_StatedDate] = []
    for m in _DATE.finditer(line):
        start, end = m.span()
        try:
            if m.group("iso"):
                iso = m.group("iso").replace(" ", "T", 1)
                stamp = datetime.fromisoformat(iso.replace("Z", "+00:00"))
                value = stamp.date().isoformat() if len(iso) == 10 else stamp.isoformat(timespec="seconds")
                found.append(_StatedDate(start, end, value, False))
                continue
            if m.group("n1"):
                a, b, year = int(m.group("n1")), int(m.group("n2")), int(m.group("n3"))
                # 03/04/2024 is March 4 in one country and April 3 in another:
                # only a day above 12 (or equal parts) says which.
                if a > 12 >= b:
                    day = date(year, b, a)
                elif b > 12 >= a or a == b:
                    day = date(year, a, b)
                else:
                    continue
            elif m.group("mon"):
                day = date(int(m.group("year")), _month(m.group("mon")), int(m.group("day")))
            else:
                day = date(int(m.group("year2")), _month(m.group("mon2")), int(m.group("day2")))
        except ValueError:
            continue
        clock = None
        after = _TIME_AFTER.match(line, end)
        if after and (clock := _clock(after)):
            end = after.end()
        else:
            before = _TIME_BEFORE.search(line[:start])
            if before and (clock := _clock(before)):
                start = before.start()
        found.append(_StatedDate(start, end, _with_time(day, clock), False))
    for stated in found:
        keyword = _DATE_KEYWORD.search(line[: stated.start])
        if keyword:
            stated.start = keyword.start()
            stated.updated = keyword.group("kw").lower().split()[-1] in ("updated", "modified")
    return found


# ------------------------------------------------------------------------- bylines

_PARTICLES = frozenset(
    {"van", "von", "de", "der", "den", "del", "della", "di", "da", "du", "des", "la", "le", "dos", "das",
     "al", "el", "bin", "ibn", "ben", "abu", "y", "e", "ter", "ten", "zu", "af", "st."}
)  # fmt: skip
_NAME_SUFFIXES = frozenset({"jr.", "jr", "sr.", "sr", "ii", "iii", "iv"})
_MONTH_WORDS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}  # fmt: skip
# Words no personal name contains, though bylines and headings put them after "By".
_NOT_NAME_WORDS = frozenset(
    {
        "the", "a", "an", "numbers", "number", "contrast", "comparison", "default", "design", "far", "now",
        "then", "day", "days", "week", "weeks", "month", "months", "year", "years", "staff", "reporter",
        "reporters", "writer", "writers", "editor", "editors", "correspondent", "correspondents", "team",
        "desk", "news", "wire", "press", "agency", "associated", "photo", "photos", "video", "videos",
        "way", "land", "sea", "air", "force", "our", "your", "his", "her", "their", "its", "this", "that",
        "these", "those", "of", "in", "on", "for", "and", "to", "with", "from", "at", "all", "any",
        "accounts", "means", "chance", "email", "admin", "administrator", "guest", "author", "contributor",
        "anonymous",
        "unknown", "home", "politics", "world", "opinion", "business", "sports", "sport", "editorial",
        "board", "analysis", "updated", "published", "posted", "share", "comments", "comment", "follow",
        "read", "more", "minutes", "minute", "min", "hours", "ago", "breaking", "live", "latest", "top",
        "stories", "story", "middle", "east", "west", "north", "south", "africa", "america", "europe",
        "asia", "department", "ministry", "government", "office", "council", "officials", "source",
        "sources", "wires", "services", "service", "bureau", "newsroom", "content", "contributors",
        "partner", "sponsored", "advertisement", "subscribe", "newsletter", "podcast", "watch", "listen",
        "region", "country", "city", "state", "nation", "hand", "law", "order", *_MONTH_WORDS,
    }
)
_ROLE_WORDS = frozenset(
    {
        "staff", "writer", "writers", "reporter", "reporters", "correspondent", "correspondents", "editor",
        "editors", "contributor", "contributors", "columnist", "producer", "analyst", "chief", "bureau",
        "intern", "fellow", "journalist", "photographer", "desk", "team", "senior", "political", "national",
        "foreign", "security", "defense", "defence", "diplomatic", "white", "house", "pentagon", "special",
        "investigative", "economics", "business", "health", "science", "climate", "technology", "affairs",
    }
)
_AGENCY_STAFF = re.compile(
    r"(?P<outlet>.+?)\s+(?:staff(?:\s+(?:writers?|reporters?|reports))?|wire(?:\s+(?:services?|reports))?"
    r"|news\s+services?|reporters|correspondents?|bureau|newsroom|desk|team)$",
    re.IGNORECASE,
)
_CAPITALISED = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’.-]*$")
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$|^[A-Z]$")
_ARABIC_PREFIX = re.compile(r"^(?:al|el|ad|ash|as|at|an|ar|az|bin|ibn|abu|bint)-[A-ZÀ-Þ]", re.IGNORECASE)
_SEPARATORS = " \t|•·,;:-–—/"


def _as_name(piece: str) -> str | None:
    """`piece` as a person's name (2-4 capitalised words, with particles and
    initials), or None when it cannot be one."""
    piece = " ".join(piece.strip(" ,;:").split())
    if piece.endswith(".") and piece.split()[-1].lower() not in _NAME_SUFFIXES:
        piece = piece[:-1]
    letters = [c for c in piece if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        # "BY JANE ROE": bylines in capitals still name a person.
        piece = " ".join(
            w.lower() if i and w.lower() in _PARTICLES else w.title() for i, w in enumerate(piece.split())
        )
    tokens = piece.split()
    if not 2 <= len(tokens) <= 7:
        return None
    core = 0
    for i, token in enumerate(tokens):
        low = token.lower()
        if low.strip(".,’'") in _NOT_NAME_WORDS:
            return None
        if i and low in _NAME_SUFFIXES:
            continue
        if i and low in _PARTICLES:
            continue
        if i and _ARABIC_PREFIX.match(token):
            core += 1
            continue
        if _INITIALS.match(token):
            core += 1
            continue
        # A capitalised word with lower case in it; "CNN" is an acronym, not a name.
        if not _CAPITALISED.match(token) or not any(c.islower() for c in token):
            return None
        core += 1
    if not 2 <= core <= 4 or _INITIALS.match(tokens[-1]):
        return None
    if canonical_outlet(piece) or looks_like_outlet(piece):
        return None
    return piece


def _as_outlet(piece: str) -> str | None:
    piece = " ".join(piece.strip(_SEPARATORS).split())
    if not piece:
        return None
    canonical = canonical_outlet(piece)
    if canonical:
        return canonical
    if looks_like_outlet(piece) or _is_the_news_word(piece):
        return piece
    staff = _AGENCY_STAFF.match(piece)
    if staff and staff.group("outlet").strip():
        # "By CNN Staff", "By Times Staff Writer": the outlet, no person.
        return _as_outlet(staff.group("outlet"))
    return None


def _is_the_news_word(piece: str) -> bool:
    # "The Ledger", "The Courier": in a byline, "The" plus a news word is an outlet.
    m = re.fullmatch(r"The ([A-Z][a-z]+)", piece)
    return bool(m) and is_short_form(m.group(1))


def _is_role(piece: str) -> bool:
    words = [w.lower().strip(".,") for w in piece.split()]
    return bool(words) and all(w in _ROLE_WORDS or w in ("of", "and", "the", "for") for w in words)


_LOWER_GLUE = frozenset({"and", "&", "of", "the", "for", "in", "by"})


def _is_label(piece: str) -> bool:
    words = piece.split()
    return 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words)


def _has_lowercase_word(piece: str) -> bool:
    return any(
        w[:1].islower() and w.lower() not in _PARTICLES and w not in _LOWER_GLUE for w in piece.split()
    )


@dataclass(slots=True)
class _Byline:
    authors: list[str] = field(default_factory=list)
    outlet: str | None = None
    published: str | None = None
    updated: str | None = None

    @property
    def author(self) -> str | None:
        if not self.authors:
            return None
        if len(self.authors) == 1:
            return self.authors[0]
        return ", ".join(self.authors[:-1]) + " and " + self.authors[-1]

    @property
    def date(self) -> str | None:
        return self.published or self.updated

    def __bool__(self) -> bool:
        return bool(self.authors or self.outlet or self.published or self.updated)


def _classify_people(text: str, byline: _Byline, *, first: bool) -> bool:
    """Read "Jane Roe, John Doe and Ann Poe, The Ledger" into `byline`;
    False when the text is not byline material at all (a sentence)."""
    for n, piece in enumerate(p for p in re.split(r"\s*,\s*", text) if p.strip()):
        where = re.split(r"\s+(?:in|from|reporting from)\s+", piece, maxsplit=1)
        piece = where[0]  # "Jane Roe in Kyiv": the place is not part of the name
        outlet_part = None
        names_part = piece
        split_for = re.split(r"\s+for\s+", piece, maxsplit=1)
        if len(split_for) == 2:
            names_part, outlet_part = split_for
        outlet = _as_outlet(names_part)
        if outlet:
            byline.outlet = byline.outlet or outlet
            continue
        names = [_as_name(p) for p in re.split(r"\s+(?:and|AND|&)\s+", names_part) if p.strip()]
        if names and all(names):
            byline.authors.extend(name for name in names if name)
            if outlet_part:
                byline.outlet = byline.outlet or _as_outlet(outlet_part)
            continue
        if first and n == 0:
            return False  # "By contrast", "By The Numbers": nothing after "By" is a name
        if _is_role(piece):
            continue
        if _has_lowercase_word(piece):
            return False
    return True


def _parse_byline(line: str) -> _Byline:
    text = " ".join(line.split())
    empty = _Byline()
    if not text or len(text) > 240:
        return empty
    result = _Byline()
    dates = _find_dates(text)
    for stated in dates:
        if stated.updated:
            result.updated = result.updated or stated.iso
        else:
            result.published = result.published or stated.iso
    rest = text
    for stated in sorted(dates, key=lambda d: d.start, reverse=True):
        rest = rest[: stated.start] + " | " + rest[stated.end :]
    # Reading-time widgets sit on byline lines but say nothing about the article.
    rest = re.sub(r"\b\d+\s*(?:min(?:ute)?s?|mins?)\.?\s+read\b", " | ", rest, flags=re.IGNORECASE)
    rest = rest.strip(_SEPARATORS)
    if not rest:
        return result
    parts = [p.strip(_SEPARATORS) for p in re.split(r"\s*[|•·]\s*|\s+[–—-]\s+", rest)]
    parts = [p for p in parts if p]
    by = re.match(r"^(?:by|BY|By)\s+(?P<rest>.+)$", parts[0])
    if by:
        # "By Jane Roe, The Ledger | ...": people first, then anything else.
        if not _classify_people(by.group("rest"), result, first=True):
            return empty
        for part in parts[1:]:
            if not _classify_people(part, result, first=False):
                return empty
        return result if (result.authors or result.outlet) else empty
    if len(parts) >= 2 or dates:
        # "Jane Roe | The Ledger": only with a separator and something that
        # proves it is a byline, since "Middle East | Politics" is a menu.
        names: list[str] = []
        for part in parts:
            outlet = _as_outlet(part)
            name = _as_name(part)
            if outlet:
                result.outlet = result.outlet or outlet
            elif name:
                names.append(name)
            elif _is_role(part) or (dates and _is_label(part)):
                continue  # "March 3, 2024 | Politics": a section label beside the date
            else:
                return empty
        if names and (result.outlet or dates) and len(names) == 1:
            result.authors = names
        elif names:
            return empty
        proven = bool(dates) or bool(result.outlet and result.authors)
        return result if proven else empty
    return empty


def parse_byline(line: str) -> tuple[str | None, str | None, str | None]:
    """(author, outlet, ISO date) from a byline or date line; Nones for what
    the line does not state, and all None when it is not such a line."""
    byline = _parse_byline(line)
    return byline.author, byline.outlet, byline.date


# --------------------------------------------------------------- marks, datelines

_DASH_ONLY = re.compile(r"^\s*(?:[–—]+|-{1,3})\s*$")
# Names writers put before a dash at the start of a story that are not places.
_NOT_PLACES = frozenset(
    {
        "NATO", "OPEC", "ISIS", "NASA", "UNICEF", "UNHCR", "ECOWAS", "FIFA", "IAEA", "WHO", "IMF", "FBI",
        "CIA", "NSA", "DOD", "DHS", "EPA", "FDA", "CDC", "GOP", "BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE",
        "ANALYSIS", "OPINION", "WATCH", "LIVE", "EDITORIAL", "COMMENTARY", "NEW", "PHOTOS", "VIDEO", "FILE",
        "CORRECTION", "NOTE", "EDITOR'S NOTE", "BREAKING NEWS", "JUST IN", "URGENT", "FLASH", "ALERT",
        "UPDATE 1", "UPDATE 2", "FACT CHECK", "OP-ED", "REVIEW", "INTERVIEW", "SPONSORED", "PODCAST",
        "WARNING", "AFRICOM", "CENTCOM", "EUCOM", "NSC", "DOJ", "DOS", "UN", "EU", "US", "UK", "USA",
    }
)
_LEAD = re.compile(
    r"""^(?P<place>[^\W\d_][^,()–—\n]{0,45}?)
        (?P<region>(?:,[ ]*[^,()–—\n]{1,45}?){0,3})
        [ ]*(?:\((?P<agency>[^()]{1,40})\)[ ]*)?
        (?:[–—]+|(?<=[ )])-{1,2})
        (?=[ ]|$)""",
    re.VERBOSE,
)
_AGENCY_LEAD = re.compile(r"^\((?P<agency>[^()]{1,40})\)[ ]*(?:[–—]+|-{1,2})(?=[ ]|$)")
_MARK_LEAD = re.compile(r"^\(?(?P<name>[^()–—\n]{2,50}?)\)?[ ]*(?:[–—]+|(?<=[ )])-{1,2})(?=[ ]|$)")
_REGION_CONNECTORS = frozenset({"of", "the", "and", "de", "du", "la", "al", "el", "es", "d'"})


@dataclass(slots=True)
class _Lead:
    dateline: str | None = None
    agency: str | None = None
    mark: str | None = None
    # An agency credit in the dateline that names no outlet we know, as
    # written ("BISSAU (MW) —"): the position alone proves it is a credit.
    credit: str | None = None


def _is_upper_word(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    if not letters:
        return False
    # "McALLEN" keeps one lower-case letter; anything more is a normal word.
    lower = sum(1 for c in letters if c.islower())
    return lower == 0 or (lower == 1 and len(letters) >= 4 and letters[0].isupper() and letters[1].islower())


def _is_date_part(part: str) -> bool:
    return bool(re.fullmatch(rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH})", part, re.IGNORECASE))


def _region_ok(part: str) -> bool:
    tokens = part.split()
    if not 1 <= len(tokens) <= 5:
        return False
    if not tokens[0][:1].isupper():
        return False
    return all(
        t.lower() in _REGION_CONNECTORS or (t[:1].isupper() and not re.search(r"\d", t)) for t in tokens
    )


def _place_ok(place: str) -> bool:
    tokens = place.split()
    if not 1 <= len(tokens) <= 4 or not all(_is_upper_word(t) for t in tokens):
        return False
    if place in _NOT_PLACES or canonical_outlet(place):
        return False
    letters = sum(c.isalpha() for c in place)
    # "U.S." and other short capitals open ordinary sentences.
    return not (len(tokens) == 1 and (letters < 3 or "." in place.rstrip(".")))


def _agency_name(text: str) -> str | None:
    text = " ".join(text.split())
    return canonical_outlet(text) or (text if looks_like_outlet(text) else None)


def _next_char_ok(text: str, end: int) -> bool:
    rest = text[end:].lstrip()
    # A dateline is followed by a sentence; "NATO - the alliance" is a sentence itself.
    return not rest or not rest[0].islower()


def _parse_lead(paragraph: str) -> _Lead:
    text = " ".join(paragraph.split())
    lead = _Lead()
    mark = _MARK_LEAD.match(text)
    if mark and _next_char_ok(text, mark.end()):
        name = mark.group("name").strip()
        outlet = canonical_outlet(name) or (name if looks_like_outlet(name) else None)
        if outlet:
            lead.mark = outlet
            if mark.group(0).startswith("("):
                lead.agency = outlet  # "(AP) —" opening the story is an agency credit
            text = text[mark.end() :].lstrip()
    agency_only = _AGENCY_LEAD.match(text)
    if agency_only:
        lead.agency = _agency_name(agency_only.group("agency"))
        return lead
    m = _LEAD.match(text)
    if not m or not _next_char_ok(text, m.end()):
        return lead
    place = m.group("place").strip()
    if not _place_ok(place):
        return lead
    parts = [p.strip() for p in m.group("region").split(",") if p.strip()]
    kept = []
    for part in parts:
        if _is_date_part(part):
            continue  # "WASHINGTON, March 22 (Reuters) -": the date is not the place
        if not _region_ok(part):
            return lead
        kept.append(part)
    lead.dateline = ", ".join([place, *kept])
    if m.group("agency"):
        lead.agency = _agency_name(m.group("agency"))
        raw = " ".join(m.group("agency").split())
        if lead.agency is None and re.fullmatch(r"[A-Z][A-Za-z]{1,7}", raw) and sum(map(str.isupper, raw)) >= 2:
            lead.credit = raw
    return lead


def find_dateline(paragraph: str) -> str | None:
    """The place a story was filed from, as written at the start of its first
    paragraph ("DAKAR, Senegal" from "DAKAR, Senegal – ..."), or None."""
    return _parse_lead(paragraph).dateline


# --------------------------------------------------------------------- attribution

_SP = r"[ \t\u00a0]+"
_ABBR = r"(?:[A-Z]\.){2,4}"
_WORD = r"(?:[A-Z0-9À-ÖØ-Þ][\w'’&/-]*(?:\.[\w'’&/-]+)*|dpa|bdnews24\.com)"
_TOKEN = rf"(?:{_ABBR}|{_WORD}|&)"
_CONNECTOR = r"(?:of|de|del|della|di|du|des|da|do|la|le|el|al|y|on|for|und)"
_PHRASE = rf"{_TOKEN}(?:{_SP}(?:{_CONNECTOR}{_SP})?{_TOKEN}){{0,7}}"
_NAME = rf"(?P<the>[Tt]he{_SP})?(?P<name>{_PHRASE})"
_DESCRIPTOR = (
    r"(?:news[ ]+agency|newspaper|daily|paper|broadcaster|network|channel|magazine|outlet|website"
    r"|news[ ]+site|site|wire[ ]+service|news[ ]+service|tabloid|weekly|publication|television|TV|radio"
    r"|agency)"
)
_BEFORE = re.compile(
    rf"(?<![\w'’.-]){_NAME}(?:{_SP}{_DESCRIPTOR})?{_SP}"
    rf"(?:(?:first|previously|earlier|also|later|originally|initially|has|had|have|exclusively){_SP})*"
    rf"(?P<verb>reported|reports|was{_SP}first{_SP}to{_SP}report|broke{_SP}the{_SP}news"
    rf"|said{_SP}in{_SP}(?:a|an|its){_SP}(?:\w+{_SP})?(?:report|article|story|investigation|analysis)"
    rf"|contributed{_SP}to{_SP}this{_SP}report)\b"
)
_AFTER = re.compile(
    rf"\b(?P<verb>(?i:according){_SP}to|told|spoke{_SP}(?:to|with)|speaking{_SP}(?:to|with)|citing"
    rf"|reported{_SP}by|published{_SP}by|first{_SP}published{_SP}(?:by|in)|reported|reports"
    rf"|(?:a|the){_SP}report{_SP}(?:by|from|in)"
    rf"|(?i:in|during){_SP}an?{_SP}(?:\w+{_SP})?interview{_SP}(?:with|on))"
    rf"{_SP}(?P<described>(?:(?:the|a|an){_SP})?(?:[\w-]+{_SP}){{0,3}}?{_DESCRIPTOR}{_SP})?{_NAME}"
)
# "NBC News and The Wall Street Journal": further outlets joined to a first one.
_AND_NEXT = re.compile(rf"(?:,{_SP}and|,|{_SP}and|{_SP}&){_SP}{_NAME}")
_AND_BEFORE = re.compile(rf"(?<![\w'’.-]){_NAME}(?:,{_SP}and|,|{_SP}and|{_SP}&){_SP}$")
# "WASHINGTON (AP) —" or a closing "(Reuters)": an agency credit.
_CREDIT = re.compile(r"\((?P<name>[^()\n]{1,40})\)(?=[ ]*(?:[–—]|-{1,2}(?=[ ])|$))", re.MULTILINE)

_LEADING_FILLER = frozenset(
    {
        "on", "in", "at", "earlier", "last", "meanwhile", "but", "and", "however", "also", "separately",
        "yesterday", "today", "tonight", "now", "then", "later", "still", "previously", "as", "while", "when",
        "after", "before", "since", "so", "yet", "instead", "first", "initially", "originally", "recently",
        "already", "this", "that", "both", "even", "only", "citing", "according", "additionally", "moreover",
        "further", "furthermore", "for", "by", "from", "with", "if", "though", "although", "because",
        *_MONTH_WORDS,
    }
)
_TRAILING_FILLER = frozenset({*_MONTH_WORDS, "on", "of", "for", "de", "la", "le", "el", "al", "y", "und"})
_ALLOWED_AFTER = frozenset(
    {
        "that", "in", "on", "at", "last", "this", "earlier", "which", "who", "and", "as", "about", "for",
        "from", "with", "citing", "published", "reported", "reports", "over", "after", "before", "during",
        "when", "while", "but", "or", "to", "by", "since", "yesterday", "today", "tonight", "late", "early",
        "newspaper", "daily", "paper", "magazine", "website", "said", "says", "was", "has", "had", "is",
        "previously", "first",
    }
)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")

# Lexicon names found by first word then exact comparison: one regex that
# alternates seven hundred names backtracks at every position and costs more
# than the whole extraction of a page.
_ALIASES_BY_FIRST_WORD: dict[str, list[str]] = {}
for _alias in sorted({a for e in ENTRIES for a in (e.name, *e.aliases) if len(a) > 1}, key=len, reverse=True):
    _ALIASES_BY_FIRST_WORD.setdefault(re.match(r"\w+", _alias).group(0), []).append(_alias)  # type: ignore[union-attr]
# Outlet names start with a capital or a digit, but for a few written in
# lower case ("dpa", "franceinfo"): only those words are looked up.
_WORD_START = re.compile(
    r"(?<!\w)(?:[A-Z0-9]\w*|"
    + "|".join(sorted((re.escape(w) for w in _ALIASES_BY_FIRST_WORD if not w[0].isupper() and not w[0].isdigit()),
                      key=len, reverse=True))
    + r")(?!\w)"
)


def _lexicon_mentions(text: str) -> Iterator[tuple[int, str]]:
    """(position, surface) of every lexicon outlet named in the text, longest
    name first at each position, never overlapping."""
    resume = 0
    for word in _WORD_START.finditer(text):
        start = word.start()
        if start < resume:
            continue
        for alias in _ALIASES_BY_FIRST_WORD.get(word.group(0), ()):
            end = start + len(alias)
            if text.startswith(alias, start) and (end == len(text) or not (text[end].isalnum() or text[end] == "_")):
                yield start, alias
                resume = end
                break


def _strip_possessive(token: str) -> str:
    return _POSSESSIVE.sub("", token)


@dataclass(slots=True)
class _Candidate:
    start: int
    phrase: str
    with_the: bool
    forward: bool
    # The text right after the name: "the Independent, ..." is the outlet,
    # "the Independent commission" is an ordinary word.
    after: str


class _Resolver:
    """Turns a candidate phrase into an outlet name, remembering the outlets
    named so far so a later short form ("the Post") can point back to one."""

    def __init__(self, text: str, own: str | None) -> None:
        self.mentions: list[tuple[int, str]] = [
            (pos, canonical_outlet(surface) or surface) for pos, surface in _lexicon_mentions(text)
        ]
        self.mentions = [(pos, name) for pos, name in self.mentions if name]
        self.own = own

    def remember(self, position: int, name: str) -> None:
        self.mentions.append((position, name))

    def _short(self, word: str, position: int) -> str | None:
        key = outlet_key(word)
        earlier = [
            (pos, name)
            for pos, name in self.mentions
            if pos < position and outlet_key(name).split()[-1:] == [key] and outlet_key(name) != key
        ]
        if earlier:
            return max(earlier)[1]
        if self.own and outlet_key(self.own).split()[-1:] == [key]:
            return self.own
        options = short_form_outlets(word)
        if len(options) == 1:
            return next(iter(options))
        if not options:
            return canonical_outlet(word)
        return None  # "the Times" with several Times in the world and none named: unknown

    def _single_common_word_ok(self, candidate: _Candidate) -> bool:
        after = candidate.after.lstrip()
        if not after or not after[0].isalnum():
            return True
        word = re.match(r"[\w'’-]+", after)
        next_word = word.group(0) if word else ""
        return next_word.lower() in _ALLOWED_AFTER or next_word[:1].isupper() or bool(
            re.match(_DESCRIPTOR, after)
        )

    def resolve(self, candidate: _Candidate) -> str | None:
        tokens = candidate.phrase.split()
        if candidate.forward:
            return self._resolve_forward(candidate, tokens)
        return self._resolve_backward(candidate, tokens)

    def _lexicon(self, tokens: list[str]) -> str | None:
        return canonical_outlet(" ".join(tokens)) if tokens else None

    def _shape(self, tokens: list[str], *, capital_the: bool) -> str | None:
        if not tokens:
            return None
        name = " ".join(tokens)
        if looks_like_outlet(name):
            return f"The {name}" if capital_the else name
        return None

    def _resolve_forward(self, candidate: _Candidate, tokens: list[str]) -> str | None:
        capital_the = bool(tokens) and tokens[0] == "The"
        tokens = tokens[1:] if capital_the else tokens
        for i, token in enumerate(tokens):
            if _POSSESSIVE.search(token) and len(token) > 2:
                tokens = [*tokens[:i], _strip_possessive(token)]
                break
        while tokens and tokens[-1].lower().strip(".,") in _TRAILING_FILLER:
            tokens = tokens[:-1]
        if not tokens:
            return None
        single = len(tokens) == 1
        common = single and outlet_key(tokens[0]) in COMMON_WORD_NAMES
        if common and not self._single_common_word_ok(candidate):
            return None
        if single and candidate.with_the and is_short_form(tokens[0]):
            return self._short(tokens[0], candidate.start)
        found = self._lexicon(tokens)
        if found:
            return found
        # "told CNN Jake Tapper": an outlet followed by a person or show.
        for end in range(len(tokens) - 1, 0, -1):
            prefix = self._lexicon(tokens[:end])
            if prefix and outlet_key(" ".join(tokens[:end])) not in COMMON_WORD_NAMES:
                return prefix
        return self._shape(tokens, capital_the=capital_the)

    def _resolve_backward(self, candidate: _Candidate, tokens: list[str]) -> str | None:
        # The phrase runs back to the first capital, which may be "On Friday
        # The Washington Post": the outlet is the longest known tail.
        for i in range(len(tokens)):
            tail = tokens[i:]
            if tail[0] in ("of", "on", "for", "de", "la", "le", "el", "al", "y", "und"):
                continue
            if i and tail[0] == "The" and len(tail) == 2:
                continue  # handled as a short form below
            if len(tail) == 1 and (i or candidate.with_the) and is_short_form(tail[0]):
                continue
            found = self._lexicon(tail)
            if found and (i == 0 or outlet_key(" ".join(tail)) not in COMMON_WORD_NAMES):
                return found
        start = 0
        while start < len(tokens) and tokens[start].lower() in _LEADING_FILLER:
            start += 1
        rest = tokens[start:]
        the = candidate.with_the
        capital_the = bool(rest) and rest[0] == "The"
        if capital_the:
            rest, the = rest[1:], True
        if len(rest) == 1 and (the or start == 0) and is_short_form(rest[0]):
            return self._short(rest[0], candidate.start)
        for i, token in enumerate(rest):
            if _POSSESSIVE.search(token) and len(token) > 2 and i < len(rest) - 1:
                # "Reuters' Jane Roe reported": the outlet is before the possessive.
                found = self._lexicon([*rest[:i], _strip_possessive(token)])
                if found:
                    return found
        return self._shape(rest, capital_the=capital_the)


def _candidate(m: re.Match[str], text: str, *, forward: bool, described: bool = False) -> _Candidate:
    after = text[m.end("name") :][:40] if forward else ""
    the = m.group("the") or ""
    # A capital "The" is usually part of the name ("The Harbor Ledger"); a
    # lower-case one is only the writer's article.
    phrase = ("The " if the.startswith("The") else "") + m.group("name")
    return _Candidate(m.start("name"), phrase, bool(the) or described, forward, after)


_CREDIT_SKIP = frozenset({"of", "de", "la", "le", "el", "al", "y", "for", "on", "&", "The"})


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w not in _CREDIT_SKIP).upper()


def _expand_credit(credit: str, text: str) -> str:
    """An abbreviated credit ("MW") as the outlet the text spells out whose
    initials it is ("Meridian Wire"), else as written."""
    for m in re.finditer(_PHRASE, text):
        words = [w for w in m.group(0).split() if w not in _CREDIT_SKIP]
        if len(words) >= 2 and _initials(" ".join(words)) == credit.upper():
            name = " ".join(words)
            if canonical_outlet(name) or looks_like_outlet(name):
                return canonical_outlet(name) or name
    return credit


def find_attributions(paragraphs: list[str], *, own_outlet: str | None = None) -> list[str]:
    """Outlets and agencies the text names as its source ("X reported",
    "according to X", "told X", "(AP) —"), in their conventional names, in
    order of first appearance, without the article's own outlet."""
    text = "\n\n".join(" ".join(p.split()) for p in paragraphs if p and p.strip())
    own = (canonical_outlet(own_outlet) or own_outlet.strip()) if own_outlet else None
    candidates: list[_Candidate] = []
    for m in _BEFORE.finditer(text):
        candidates.append(_candidate(m, text, forward=False))
        start = m.start()
        while (more := _AND_BEFORE.search(text, max(0, start - 120), start)) is not None:
            candidates.append(_candidate(more, text, forward=False))
            start = more.start()
    for m in _AFTER.finditer(text):
        candidates.append(_candidate(m, text, forward=True, described=bool(m.group("described"))))
        end = m.end()
        while (more := _AND_NEXT.match(text, end)) is not None:
            candidates.append(_candidate(more, text, forward=True))
            end = more.end()
    credits: list[tuple[int, str]] = []
    lead = _parse_lead(text.split("\n\n", 1)[0]) if text else _Lead()
    if lead.credit and not (own and _initials(own) == lead.credit.upper()):
        # "(MW)" on Meridian Wire's own page is its own mark, not a credit.
        credits.append((0, _expand_credit(lead.credit, text)))
    for m in _CREDIT.finditer(text):
        name = canonical_outlet(" ".join(m.group("name").split()))
        if name:
            credits.append((m.start(), name))

    found: list[tuple[int, str]] = list(credits)
    # The resolver scans the text for every outlet name it knows: only worth it
    # when some phrase names a source.
    resolver = _Resolver(text, own) if candidates else None
    for candidate in sorted(candidates, key=lambda c: c.start):
        assert resolver is not None
        name = resolver.resolve(candidate)
        if name:
            found.append((candidate.start, name))
            resolver.remember(candidate.start, name)

    own_key = outlet_key(own) if own else None
    result: list[str] = []
    keys: set[str] = set()
    for _, name in sorted(found, key=lambda item: item[0]):
        key = outlet_key(name)
        if key == own_key or key in keys:
            continue  # "told CNN" in a CNN story is the outlet's own reporting
        keys.add(key)
        result.append(name)
    return result


# ------------------------------------------------------------------------ together


def _mark_line(line: str, *, next_is_dash: bool) -> str | None:
    """An outlet mark on its own line: "CNN" above a lone dash, or "CNN —"."""
    text = " ".join(line.split())
    if next_is_dash:
        name = text.strip("()")
        outlet = canonical_outlet(name) or (name if looks_like_outlet(name) else None)
        if outlet:
            return outlet
        words = name.split()
        # A short capitalised line above a lone dash is an outlet's mark even
        # when the name itself carries no news word ("Meridian Wire").
        if 1 <= len(words) <= 4 and all(w[:1].isupper() or w[:1].isdigit() for w in words) and not _place_ok(
            name.split(",")[0]
        ):
            return name
        return None
    m = re.fullmatch(r"\(?(?P<name>[^()–—]{2,50}?)\)?[ ]*(?:[–—]+|-{1,2})", text)
    if m:
        name = m.group("name").strip()
        return canonical_outlet(name) or (name if looks_like_outlet(name) else None)
    return None


def _same_outlet(a: str, b: str) -> bool:
    # "Daily Caller" and "Daily Caller News Foundation": one house, not a credit.
    return bool(a and b) and (a == b or f" {a} " in f" {b} " or f" {b} " in f" {a} ")


def _title_outlet(title: str | None) -> str | None:
    if not title:
        return None
    m = re.search(r"\s(?:[|–—-]|::)\s*(?P<tail>[^|–—]{2,60})$", " ".join(title.split()))
    return canonical_outlet(m.group("tail")) if m else None


def metadata_from_text(
    title: str | None,
    header: list[str],
    paragraphs: list[str],
    *,
    outlet_hint: str | None = None,
) -> TextMetadata:
    """What the text states about itself: byline, outlet, date, dateline and
    the outlets it names as its source. `outlet_hint` (the page's own site
    name) wins over anything the text says and is the article's own outlet."""
    items = [(line, True) for line in header if line and line.strip()]
    items += [(p, False) for p in paragraphs if p and p.strip()]
    bylines: list[_Byline] = []
    marks: list[str] = []
    prefix = ""  # a mark or dateline on a line of its own, which belongs to the lead paragraph
    lead_text = ""
    i = 0
    while i < len(items):
        line, in_header = items[i]
        text = " ".join(line.split())
        following = " ".join(items[i + 1][0].split()) if i + 1 < len(items) else ""
        if not in_header and len(text) > 200:
            lead_text = text
            break
        if _DASH_ONLY.match(text):
            i += 1
            continue
        if _DASH_ONLY.match(following):
            mark = _mark_line(text, next_is_dash=True)
            if mark:
                marks.append(mark)
                i += 2
                continue
            if _parse_lead(text + " —").dateline:
                prefix = text + " — "
                i += 2
                continue
        mark = _mark_line(text, next_is_dash=False)
        if mark:
            marks.append(mark)
            i += 1
            continue
        if re.search(r"(?:[–—]+|\s-{1,2})$", text) and _parse_lead(text).dateline:
            prefix = text + " "
            i += 1
            continue
        byline = _parse_byline(text)
        if byline:
            bylines.append(byline)
            i += 1
            continue
        if in_header:
            i += 1
            continue
        lead_text = text
        break

    lead = _parse_lead(prefix + lead_text) if (prefix or lead_text) else _Lead()
    if lead.mark:
        marks.append(lead.mark)

    # A closing "By NAME" above a bio is a reposting site's writer, not the
    # article's author, and an "Updated" stamp is not the publication date:
    # neither is used, so as not to state a guess as a fact.
    author = next((b.author for b in bylines if b.author), None)
    published = next((b.published for b in bylines if b.published), None)
    text_outlet = (
        next((b.outlet for b in bylines if b.outlet), None)
        or (marks[0] if marks else None)
        or lead.agency
        or _title_outlet(title)
    )
    hint = " ".join(outlet_hint.split()) if outlet_hint and outlet_hint.strip() else None
    outlet = (canonical_outlet(hint) or hint) if hint else text_outlet
    if outlet and not hint:
        outlet = canonical_outlet(outlet) or outlet

    attributed = find_attributions(paragraphs, own_outlet=outlet)
    if lead.credit and prefix and _initials(outlet or "") != lead.credit.upper():
        # A credit on a line of its own is not in `paragraphs` for find_attributions to see.
        credit = _expand_credit(lead.credit, "\n\n".join(paragraphs))
        if outlet_key(credit) not in {outlet_key(a) for a in attributed}:
            attributed.insert(0, credit)
    if hint:
        # On a page whose own name we know, another outlet's byline or mark
        # ("Meridian Wire" over a dash on a content farm) credits the source.
        credited = [b.outlet for b in bylines if b.outlet] + marks + ([lead.agency] if lead.agency else [])
        known = {outlet_key(a) for a in attributed}
        first = []
        for name in credited:
            key = outlet_key(name)
            if key not in known and not _same_outlet(key, outlet_key(outlet or "")):
                known.add(key)
                first.append(name)
        attributed = first + attributed
    return TextMetadata(
        author=author,
        outlet=outlet,
        published=published,
        dateline=lead.dateline,
        attributed_to=attributed,
    )
