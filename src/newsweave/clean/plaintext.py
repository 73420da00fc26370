"""Boilerplate removal for articles that arrive as already-scraped plain text.

Scrapers and content farms hand us the article body mixed with the page's
furniture: ad markers, "See also" links to other stories, share buttons,
comment forms, author bios, photo credits, "Source link" lines. No library
cleans text that has already been extracted, so this module classifies each
line (one line = one block, whether the file separates paragraphs with blank
lines or single newlines) from general features, never from a list of known
strings:

* the wording a line starts with (link cues such as "See also", "Read more";
  label cues such as "Photo:", "Source:", "Tags:"), and whole-line templates of
  page furniture ("Leave a Reply", "Skip to content", a lone number);
* the share of a line's words drawn from the vocabulary of one kind of
  furniture (share buttons, comment forms, newsletter prompts);
* its shape: length in words, whether it ends like a sentence, how many of its
  words are lower-case, whether it has a verb-like word (prose has all four,
  furniture rarely does);
* its position: before the body (head), after the last plain body paragraph
  (tail), or after a strong end-of-article marker ("Source link", a comment
  form, a closing byline), past which nothing is article text;
* how many other articles of the corpus carry the same short line.

The evidence is added into one score per block (see `_score`); a block goes
when the score reaches `_REMOVE_AT`. Sentence-shaped prose is expensive to
lose, so it pays a penalty that only unmistakable wording can outweigh.

Metadata lines (bylines, an agency mark such as "CNN" over a lone dash, date
lines) are not body but are not thrown away either: they go to
`ScrapedText.header`, where metadata extraction reads them.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["ScrapedText", "clean_scraped_text", "filter_extracted_paragraphs", "line_key"]


@dataclass(slots=True)
class ScrapedText:
    """A scraped article taken apart.

    `header` holds the metadata lines that are not body (bylines, an outlet
    mark such as "CNN" over "—", date lines) in document order; `paragraphs`
    the body lines as given (stripped, inline ad markers cut); `removed` every
    dropped line with a short reason ("ad-marker", "related-link",
    "comment-form", "author-bio", "share", "navigation", "photo-credit",
    "source-link", "newsletter", "repeated-title", "breadcrumb", "counter",
    "corpus-repeated", "copyright", "tags", "separator", "tail").
    """

    title: str | None
    header: list[str]
    paragraphs: list[str]
    removed: list[tuple[str, str]]


# --------------------------------------------------------------------------- constants

# A block is dropped when its score reaches this. Cue strengths are scaled so
# that a template (1.2: wording that settles what the line is, or a line made
# almost only of one kind of furniture's vocabulary) clears it even on a
# sentence-shaped line (penalty 0.6), a plainer cue (1.0) clears it only on a
# non-sentence, and a weak cue (0.35: some furniture vocabulary, an ambiguous
# lead word) needs one more piece of evidence (tail position, repetition).
_REMOVE_AT = 0.5
_TEMPLATE = 1.2
_VOCAB = 1.0
_WEAK = 0.35
_PROSE_PENALTY = 0.6
# Long paragraphs carry much text; a cue at their start is more likely glued
# context than furniture, so they need more evidence still.
_LONG_PROSE_PENALTY = 0.8
_LONG_PROSE_WORDS = 40
# A third-person or first-person bio sentence: also plausible inside a story,
# so it needs the tail bonus to go once the prose penalty is paid.
_BIO_CUE = 0.8
_TAIL_BONUS = 0.4  # furniture clusters after the story (bios, share rows, prompts)
_HEAD_BONUS = 0.2  # and before it (menus, share rows, photo credits)
_SHORT_BONUS = 0.1  # a fragment of a few words without a sentence end is chrome-like
_REPEAT_BONUS = 0.6  # enough on its own for a short non-sentence line
_CONTRIBUTOR_PENALTY = 1.0  # "X contributed to this report." is body, wherever it sits

# Repetition: a short line found in this many distinct articles (the current
# one included) is site furniture rather than a coincidence. Two articles
# sharing a line is what copies of one story do, so it takes three, and in a
# big corpus at least this share of it.
_REPEAT_MIN_ARTICLES = 3
_REPEAT_MIN_SHARE = 0.02
_REPEAT_MAX_WORDS = 12

# An end marker counts only when the prose after it is small next to the prose
# before it: a stray "Source link" early in a page must not cut the body.
_TERMINAL_STRICT = 1.0  # after/before ratio for unmistakable markers
_TERMINAL_BYLINE = 0.34
_TERMINAL_HEADING = 0.25  # "Related", "Most read": sometimes used mid-page
_TERMINAL_BIO = 0.5

_EDGE = re.compile(r"^[\s\ufeff\u200b-\u200d\u2060]+|[\s\ufeff\u200b-\u200d\u2060]+$")
# The same characters for str.strip, which is many times faster than the
# regex on every line of a corpus (\s is what str.isspace accepts).
_EDGE_CHARS = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "\ufeff\u200b\u200c\u200d\u2060"
_OUTER_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_AD_INLINE = re.compile(
    r"\s*\[\s*(?:ad|ads|advert|advertisement|sponsored)(?:[\s_-]*\d+)?\s*\]\s*", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
# Characters that may follow the last word of a sentence: closing quotes,
# brackets, and (in garbled scrapes) a stray opening quote.
_TRAILING = " \t\u00a0\"'”“’‘»«)]*"
_ABBREV_END = re.compile(r"(?:\b[A-Za-z]\.){2,}$")
_DASH_LINE = re.compile(r"^[—–-]{1,3}$")

def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


_VERBS = _wordset(
    """is are was were be been being am has have had do does did will would can could shall should may
    might must said says say told tells tell added adds according asked asks called calls declined declines
    agreed agrees want wants wanted need needs made make makes took take takes gave give gives went go goes
    came come comes got get gets saw see sees knew know knows think thinks thought believe believes left
    leave leaves remain remains remained continue continues become becomes became show shows showed seem
    seems seemed expect expects plan plans hope hopes try tries warned warns urged urges announced
    announces confirmed confirms denied denies"""
)

# --------------------------------------------------------------------------- line key


def line_key(line: str) -> str:
    """The normalised key under which a line is counted across a corpus.

    Case, spacing and numbers vary between two copies of the same furniture
    ("12 Comments" / "3 comments", a date in a footer), so they are folded.
    """
    text = unicodedata.normalize("NFKC", line).casefold()
    text = _DIGITS.sub("0", text)
    return " ".join(text.split())


# --------------------------------------------------------------------------- blocks and cues


@dataclass(frozen=True, slots=True)
class _Cue:
    reason: str
    strength: float
    # The wording alone says what the line is (e.g. "Read more: ..."), so it may
    # go even when sentence-shaped; filter_extracted_paragraphs only trusts these.
    template: bool = False
    # > 0: an end-of-article marker; the largest prose-after/prose-before ratio
    # at which it is believed.
    terminal: float = 0.0


@dataclass(slots=True)
class _Block:
    raw: str  # the line as read, stripped
    text: str  # without inline ad markers
    markers: list[str]
    key: str
    bare: str  # key without leading/trailing punctuation, for whole-line templates
    n_words: int
    sentence_end: bool
    lower_ratio: float
    has_verb: bool
    prose: bool
    cue: _Cue | None
    byline: bool
    dateline: bool
    contributor: bool


_LETTER = re.compile(r"[^\W\d_]")


def _first_letter(word: str) -> str:
    if word[:1].isalpha():  # the usual case, without a regex call
        return word[0]
    match = _LETTER.search(word)
    return match.group(0) if match else ""


def _ends_sentence(text: str) -> bool:
    return text.rstrip(_TRAILING).endswith((".", "?", "!", "…"))


def _make_block(raw: str) -> _Block:
    markers = [m.group(0).strip() for m in _AD_INLINE.finditer(raw)]
    text = _EDGE.sub("", _AD_INLINE.sub(" ", raw)) if markers else raw
    key = line_key(text)
    bare = _OUTER_PUNCT.sub("", key)
    words = text.split()
    initials = [_first_letter(w) for w in words]
    alpha = [w for w, first in zip(words, initials, strict=True) if first]
    lower = [w for w, first in zip(words, initials, strict=True) if first and first.islower()]
    lower_ratio = len(lower) / len(alpha) if alpha else 0.0
    # Verb-likeness: a handful of frequent verbs plus the regular past tense;
    # headlines and labels often lack both, prose almost never does.
    plain = [w.strip("\"'“”‘’.,;:!?()[]").lower() for w in lower]
    has_verb = any(w in _VERBS or (len(w) > 4 and w.endswith("ed")) or w.endswith("n't") for w in plain)
    sentence_end = _ends_sentence(text)
    n_words = len(words)
    prose = n_words >= 3 and has_verb and lower_ratio >= 0.4 and (sentence_end or n_words >= 20)
    block = _Block(
        raw=raw,
        text=text,
        markers=markers,
        key=key,
        bare=bare,
        n_words=n_words,
        sentence_end=sentence_end,
        lower_ratio=lower_ratio,
        has_verb=has_verb,
        prose=prose,
        cue=None,
        byline=False,
        dateline=False,
        contributor=bool(_CONTRIBUTOR.search(text)),
    )
    if not text:
        block.cue = _Cue("ad-marker", _TEMPLATE, template=True)
        return block
    block.byline = _is_byline(block)
    block.dateline = not block.byline and _is_date_line(block)
    block.cue = _detect_cue(block)
    return block


# ---- header lines: bylines, date lines, agency marks

_BYLINE = re.compile(r"^(?:(?:written|words|story|text|reported)\s+)?by\s+(?P<rest>\S.*)$", re.IGNORECASE)
# Lower-case words a byline may hold besides names: connectors, job titles and
# date words. Anything else lower-case ("By Monday, officials had left.") is prose.
_BYLINE_LOWER = _wordset(
    """and of the for at in de da del della di du la le van von der den al el bin bint ibn y e on via
    with staff writer writers reporter reporters correspondent correspondents editor editors contributor
    contributors senior chief special news desk team updated published posted am pm a.m. p.m. et gmt
    utc"""
)


def _is_byline(block: _Block) -> bool:
    match = _BYLINE.match(block.text)
    if not match or block.n_words > 25:
        return False
    rest = match.group("rest")
    if not _first_letter(rest).isupper():
        return False
    for word in rest.split():
        letter = _first_letter(word)
        if letter and letter.islower() and word.strip(",.;:|()").lower() not in _BYLINE_LOWER:
            return False
    return True


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|urday|sday)?"
_DATE_PREFIX = re.compile(
    r"^(?:posted|published|updated|last updated|first published|modified|last modified|date)\b"
    r"(?:\s+(?:on|at))?\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_DATE_TOKEN = re.compile(
    rf"^(?:{_MONTH}\.?|{_WEEKDAY}\.?|\d{{1,4}}(?:st|nd|rd|th)?|\d{{1,4}}[-/.:]\d{{1,2}}(?:[-/.:]\d{{1,4}})?"
    r"|\d{1,2}:\d{2}(?:am|pm)?|am|pm|a\.m\.?|p\.m\.?|at|on|of|the|ago|hours?|minutes?|days?|mins?|hrs?"
    r"|[a-z]{2,4}t|gmt|utc|z|[|•·,—–-])$",
    re.IGNORECASE,
)


_DATE_ANCHOR = re.compile(
    rf"\b(?:{_MONTH}|{_WEEKDAY})\b|\d{{1,4}}[-/.]\d{{1,2}}[-/.]\d{{1,4}}|\d{{1,2}}:\d{{2}}|\bago\b",
    re.IGNORECASE,
)


def _is_date_line(block: _Block) -> bool:
    if block.n_words > 12 or block.sentence_end and block.n_words > 6:
        return False
    match = _DATE_PREFIX.match(block.text)
    rest = match.group("rest") if match else block.text
    tokens = [t.strip(",") for t in rest.split() if t.strip(",")]
    # A lone number is a counter, not a date: ask for a month or weekday name,
    # a written date or time, or "ago".
    if not tokens or not _DATE_ANCHOR.search(rest):
        return False
    # With a "Posted"/"Updated" prefix the rest just has to be mostly date words;
    # without one the whole line must be (a bare "March 22, 2024").
    dateish = sum(1 for t in tokens if _DATE_TOKEN.match(t))
    return dateish == len(tokens) or (match is not None and dateish >= 0.6 * len(tokens))


def _is_agency_mark(blocks: list[_Block], i: int) -> int:
    """How many lines from i form an outlet mark ("CNN" then "—", or "CNN —"), else 0.

    Wire and broadcast copy opens with the outlet's name and a dash before the
    first sentence; scrapes often leave the two on lines of their own.
    """
    b = blocks[i]
    words = b.text.split()
    if not b.text or b.n_words > 5 or b.sentence_end or b.prose:
        return 0
    if _DASH_LINE.match(words[-1]) and len(words) > 1:
        name = words[:-1]
        return 1 if all(_first_letter(w).isupper() or not _first_letter(w) for w in name) else 0
    if i + 1 < len(blocks) and _DASH_LINE.match(blocks[i + 1].text) and b.n_words <= 4:
        return 2 if all(_first_letter(w).isupper() or not _first_letter(w) for w in words) else 0
    return 0


# ---- furniture cues

_AD_LINE = re.compile(
    r"^(?:advertisements?|advert|ads?|sponsored(?: content| links?| stories)?|paid (?:content|post)"
    r"|promoted(?: content| stories)?|story continues (?:below|after) (?:this )?(?:advertisement|ad)"
    r"|scroll (?:down )?to continue(?: with content)?|continue reading (?:below|the main story))$"
)
_COUNTER = re.compile(
    r"^(?:\d[\d.,]*\s*[km]?|\d[\d.,]*\s*[km]?\s+(?:comments?|shares?|views?|likes?|reactions?|replies|"
    r"responses)|\d+\s*min(?:ute)?s?\s+(?:read|listen))$"
)
_NAV_LINE = re.compile(
    r"^(?:skip to (?:the )?(?:main )?(?:content|navigation|search|footer)|jump to (?:content|navigation)"
    r"|(?:main |open |close |toggle )?(?:menu|navigation)|search(?: for)?|home(?:page)?|back to top"
    r"|(?:go|scroll|return) to top|(?:all )?sections|log ?in|sign ?in|log ?out|sign ?out|register"
    r"|my account|loading|(?:next|previous|prev) (?:article|post|story|page)|next|previous|prev"
    r"|print this page|like this|like loading)$"
)
_BREADCRUMB_SPLIT = re.compile(r"\s*(?:›|»|>|→|\||/|::)\s*")
_BARE_NUMBER = re.compile(r"^[\d.,]+\s*[km]?$")
_SHARE_CORE = _wordset(
    """share shares shared sharing tweet facebook twitter x whatsapp pinterest linkedin reddit telegram
    email e-mail mail print copy messenger flipboard threads bluesky sms tumblr"""
)
_SHARE_VOCAB = _SHARE_CORE | _wordset(
    "this article story post page on via the to with friends friend a your it link url copied options"
)
_COMMENT_TEMPLATE = re.compile(
    r"^(?:leave a (?:reply|comment)|leave your (?:reply|comment)|post (?:a |your )?comment"
    r"|add (?:a |your )?comment|cancel reply|join the (?:conversation|discussion)|comments?"
    r"|(?:no|show|view|load|hide|read) (?:more |all )?comments|comments are closed"
    r"|be the first to comment|discussion|responses)$"
)
_COMMENT_PHRASE = re.compile(
    r"your email address will not be published|required fields are marked|save my name,? email,? and website"
    r"|you must be (?:logged|signed) in to (?:post|leave) a comment|notify me of (?:new|follow-up) "
    r"|this site uses akismet|^please enter your (?:comment|name|email)|your comment is awaiting moderation"
)
_COMMENT_CORE = _wordset(
    """reply replies comment comments commenting email website required browser notify submit name
    logged login moderation akismet"""
)
_COMMENT_VOCAB = _COMMENT_CORE | _wordset(
    """leave a an cancel your you will not be published fields field are is marked save my in this for
    the next time i post please enter here to must of me new posts by and address follow-up awaiting
    optional mandatory data how processed learn reduce spam uses site characters remaining first"""
)
_NEWSLETTER_CORE = re.compile(
    r"\b(?:newsletters?|subscribe[ds]?|subscribing|subscriptions?|inbox|sign(?:ing)? up|signup)\b"
)
_NEWSLETTER_VOCAB = _wordset(
    """to our get the latest news delivered deliver your for free daily weekly and stories best email emails
    straight every morning evening here now today receive updates join readers top headlines by signing up
    sign you agree privacy policy terms of use enter address thank thanks subscribing subscribe subscribed
    subscription newsletter newsletters inbox want more like this don't miss a an story briefing briefings
    digest in with on click register stay informed updated it's is will be sent each week day all
    must-read read from around world exclusive analysis coverage breaking alerts alert directly right
    once twice no cost unsubscribe anytime any time can or we'll we us keep know what that need
    favourite favorite topics journalism support independent become member subscriber subscribers access
    unlimited digital only just per month trial start reader signup"""
)
# Link cues: the wording a teaser line for another story starts with. The
# unambiguous ones mark a link however they continue; the ambiguous ones
# ("Related", "Watch") also start ordinary sentences, so they count only with a
# separator after them (":", "|", a dash, a non-breaking space) or alone.
_LINK_STRONG = (
    r"see also|read more|read next|read also|also read|also see|click here|you (?:may|might) also like"
    r"|don'?t miss|further reading|more stories|what to read next|must read|suggested reading"
)
_LINK_AMBIGUOUS = (
    r"related(?: articles?| stories| posts?| coverage| content| reading| news| links?)?|recommended"
    r"(?: for you| reading| stories| articles)?|more from [^:|]{1,40}|more on (?:this|that)(?: story)?"
    r"|watch|listen|trending(?: now| stories)?|most (?:read|popular|viewed|shared)|top stories|more news"
    r"|latest (?:news|stories|posts|articles)|editor'?s picks?|in (?:other|related) news"
)
_LINK_LEAD = re.compile(
    rf"^(?:(?P<strong>{_LINK_STRONG})|(?P<ambiguous>{_LINK_AMBIGUOUS}))\b(?P<sep>\s*[:|»›>–—-]+\s*|\u00a0+\s*|\s*$)?",
    re.IGNORECASE,
)
_PHOTO_LEAD = re.compile(
    r"^(?:photo(?:graph)?s?|images?|pictures?|pic|credits?|photo credits?|image credits?|image source"
    r"|illustration|video|file photo|featured image|cover image|caption|main image|top image)"
    r"\s*(?:by\b|:|\||—|–|-|/)",
    re.IGNORECASE,
)
_PHOTO_PAREN = re.compile(
    r"\([^()]{0,80}\b(?:photo|photograph|image|getty images|shutterstock|unsplash|file photo|pexels|pixabay"
    r"|alamy|istock)\b[^()]{0,80}\)\s*$",
    re.IGNORECASE,
)
_PHOTO_TRAIL = re.compile(
    r"(?<=[.!?”\"'])\s+(?:photo(?:graph)?|image|picture|credit)s?\s*(?::|by\b)\s*[^.!?]{1,80}$", re.IGNORECASE
)
_PHOTO_AGENCY = re.compile(
    r"[/|]\s*(?:getty images|unsplash|shutterstock|pexels|pixabay|alamy|istock(?:photo)?|reuters|ap|afp"
    r"|epa(?:-efe)?|anadolu(?: agency)?|xinhua|wikimedia commons|ap photo|file)\s*\)?$",
    re.IGNORECASE,
)
_SOURCE_LINE = re.compile(
    r"^(?:source link|source url|original (?:article )?link|original (?:article|source|story|post)"
    r"|sources?|read (?:the )?(?:original|full) (?:article|story|report)(?: here)?"
    r"|view (?:the )?original(?: article)?|link to (?:the )?original(?: article)?"
    r"|originally published(?: (?:at|on|in|by) .{1,80})?)$"
)
_SOURCE_LABEL = re.compile(r"^(?:source|sources|via|h/t|hat tip)\s*:\s*\S", re.IGNORECASE)
_REPUBLISHED = re.compile(
    r"^(?:(?:this|the) (?:article|story|post|piece|report|column|interview|essay|content)\s+"
    r"(?:was |is |has been |had been )?(?:originally |first )?(?:published|appeared|posted|republished"
    r"|syndicated)\b|republished (?:from|with permission)"
    r"|originally (?:published|appeared) (?:on|in|at|by)\b"
    # WordPress feeds end every item with "The post <title> appeared first on <site>."
    r"|the post .{1,300}? appeared first on\b)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\s*(?:©|\(c\)|\d{4}))|\ball rights reserved\b", re.IGNORECASE)
_TAGS = re.compile(r"^(?:tags?|topics?|filed under|categories|category|keywords|related topics)\s*:", re.I)
_BIO_HEAD = re.compile(r"^(?:about the (?:author|writer|reporter)|about (?:him|her|me|us))$")
_BIO_ROLE = (
    r"(?:writer|reporter|correspondent|journalist|editor|columnist|contributor|author|producer|blogger"
    r"|freelancer|analyst|photographer|photojournalist)"
)
_BIO_THIRD = re.compile(
    r"^(?:(?:[A-Z][\w'’.-]*|de|van|von|al|bin)\s+){1,4}(?:is|was|has been|serves as|works as)\s+"
    rf"(?:an?|the)\s+(?:[\w'’,-]+\s+){{0,8}}?{_BIO_ROLE}s?\b"
)
_BIO_FIRST = re.compile(
    rf"^(?:i'?m|i am|she is|he is|they are)\s+(?:an?|the)\s+(?:[\w'’,-]+\s+){{0,8}}?{_BIO_ROLE}\b", re.I
)
_BIO_FOLLOW = re.compile(r"^(?:follow|contact|email|reach) (?:him|her|them|me|the (?:author|writer))\b", re.I)
_CONTRIBUTOR = re.compile(
    r"contributed (?:reporting )?to this (?:report|story|article)|^(?:additional )?reporting by\b"
    r"|\b(?:writing|editing) by\b",
    re.IGNORECASE,
)


def _vocab_share(words: list[str], vocab: frozenset[str]) -> float:
    return sum(1 for w in words if w in vocab) / len(words) if words else 0.0


def _words_of(key: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w'’-]*", key)


def _detect_cue(b: _Block) -> _Cue | None:
    """The strongest sign that a line is page furniture, or None."""
    cues: list[_Cue] = []
    words = _words_of(b.key)
    bare = b.bare
    if not any(ch.isalnum() for ch in b.text):
        cues.append(_Cue("separator", _TEMPLATE))
    if _AD_LINE.match(bare):
        cues.append(_Cue("ad-marker", _TEMPLATE, template=True))
    if _COUNTER.match(bare):
        # A bare number could be a stray table cell in extracted text; the
        # labelled forms ("12 comments", "9 min read") cannot.
        cues.append(_Cue("counter", _TEMPLATE, template=not _BARE_NUMBER.match(bare)))
    if _NAV_LINE.match(bare):
        cues.append(_Cue("navigation", _TEMPLATE, template=True))
    # Breadcrumbs: short named steps between separators ("Home › World ›
    # Africa"). A table row ("| Total | 612.0 |") opens or closes with the
    # separator and has figures for steps; a "Name | Date" byline is no path.
    parts = _BREADCRUMB_SPLIT.split(b.key)
    if (
        len(parts) >= 2
        and all(parts)
        and all(_first_letter(p) for p in parts)
        and not b.sentence_end
        and (parts[0] in ("home", "news") or (len(parts) >= 3 and "|" not in b.key))
        and all(len(p.split()) <= 5 for p in parts[:-1])
    ):
        cues.append(_Cue("breadcrumb", _TEMPLATE, template=True))

    # Share rows: "Share this:", "Facebook Twitter WhatsApp", "Copy link".
    if b.n_words <= 12 and any(w in _SHARE_CORE for w in words):
        share = _vocab_share(words, _SHARE_VOCAB)
        if share >= 0.85 or (words[0] in ("share", "tweet") and b.n_words <= 6 and not b.prose):
            cues.append(_Cue("share", _TEMPLATE, template=True))
        elif share >= 0.6:
            cues.append(_Cue("share", _WEAK))

    # Comment forms: their headings are end markers; their instructions are
    # made (almost) only of form vocabulary.
    if _COMMENT_TEMPLATE.match(bare) or (b.n_words <= 40 and _COMMENT_PHRASE.search(b.key)):
        cues.append(_Cue("comment-form", _TEMPLATE, template=True, terminal=_TERMINAL_STRICT))
    elif b.n_words <= 25 and any(w in _COMMENT_CORE for w in words):
        share = _vocab_share(words, _COMMENT_VOCAB)
        if share >= 0.85:
            cues.append(_Cue("comment-form", _TEMPLATE, template=True))
        elif share >= 0.6:
            cues.append(_Cue("comment-form", _WEAK))

    # Newsletter prompts: a subscription word, and the rest promotional
    # vocabulary. Names of the newsletter ("The Daily Brief") are capitalised,
    # so only lower-case words (and the first) are weighed.
    if b.n_words <= 40 and _NEWSLETTER_CORE.search(b.key):
        tokens = b.text.split()
        weighed = [t for i, t in enumerate(tokens) if i == 0 or _first_letter(t).islower()]
        share = _vocab_share(_words_of(line_key(" ".join(weighed))), _NEWSLETTER_VOCAB)
        if share >= 0.85:
            cues.append(_Cue("newsletter", _TEMPLATE, template=True))
        elif share >= 0.6:
            cues.append(_Cue("newsletter", _WEAK))

    link = _LINK_LEAD.match(b.text)
    if link:
        # A separator after the cue ("Read more:", "See also\u00a0") or a
        # teaser that is not a sentence settles it; "Don't miss the deadline,
        # officials warned." is prose that happens to start with cue words.
        alone = not b.text[link.end() :].strip()
        terminal = _TERMINAL_HEADING if alone else 0.0
        if link.group("sep") is not None or (link.group("strong") and not b.prose):
            cues.append(_Cue("related-link", _TEMPLATE, template=True, terminal=terminal))
        elif not b.prose:
            cues.append(_Cue("related-link", _WEAK))

    # A credit opens the line ("Photo by ..."), closes a caption ("... (AP
    # Photo/Jane Roe)", ". Photograph: ..."), or is a short "Name / Agency".
    credit = (
        (_PHOTO_LEAD.match(b.text) and b.n_words <= 25)
        or (b.n_words <= 60 and (_PHOTO_PAREN.search(b.text) or _PHOTO_TRAIL.search(b.text)))
        or (_PHOTO_AGENCY.search(b.text) and b.n_words <= 10 and not b.prose)
    )
    if credit:
        cues.append(_Cue("photo-credit", _TEMPLATE, template=True))

    source_line = bare if not bare.startswith("originally") else b.key.rstrip(" .")
    if _SOURCE_LINE.match(source_line) or (_REPUBLISHED.match(b.text) and b.n_words <= 40):
        cues.append(_Cue("source-link", _TEMPLATE, template=True, terminal=_TERMINAL_STRICT))
    elif _SOURCE_LABEL.match(b.text) and b.n_words <= 12 and not b.prose:
        cues.append(_Cue("source-link", _TEMPLATE, template=True))

    if b.n_words <= 30 and _COPYRIGHT.search(b.text):
        cues.append(_Cue("copyright", _TEMPLATE, template=True, terminal=_TERMINAL_STRICT))
    elif b.key.startswith("copyright") and not b.prose:
        cues.append(_Cue("copyright", _WEAK))
    if _TAGS.match(b.text) and not b.prose:
        cues.append(_Cue("tags", _TEMPLATE))

    if _BIO_HEAD.match(bare):
        cues.append(_Cue("author-bio", _TEMPLATE, terminal=_TERMINAL_BIO))
    elif _BIO_THIRD.match(b.text) or _BIO_FIRST.match(b.text):
        # A sentence like this also occurs in a story ("Smith is a former
        # reporter who ..."), so it is removed only in the tail (see _score).
        cues.append(_Cue("author-bio", _BIO_CUE))
    elif _BIO_FOLLOW.match(b.text) and b.n_words <= 20:
        cues.append(_Cue("author-bio", _VOCAB))

    if not cues:
        return None
    return max(cues, key=lambda c: c.strength)  # max keeps the first of equals


# --------------------------------------------------------------------------- scoring


def _is_repeated(b: _Block, line_counts: Mapping[str, int] | None, corpus_size: int) -> bool:
    # Copies of one story share their sentences, so only short lines that are
    # not sentence-shaped may be judged by repetition.
    if not line_counts or b.prose or b.sentence_end or b.n_words > _REPEAT_MAX_WORDS:
        return False
    count = line_counts.get(line_key(b.raw), 0)
    needed = max(_REPEAT_MIN_ARTICLES, math.ceil(_REPEAT_MIN_SHARE * corpus_size)) if corpus_size else (
        _REPEAT_MIN_ARTICLES
    )
    return count >= needed


def _score(b: _Block, *, head: bool, tail: bool, repeated: bool) -> tuple[float, str]:
    """The boilerplate score of a block and the reason it would be dropped for."""
    cue = b.cue
    score = cue.strength if cue else 0.0
    reason = cue.reason if cue else "corpus-repeated"
    if b.prose:
        # Losing a real sentence costs more than keeping a stray line.
        score -= _LONG_PROSE_PENALTY if b.n_words >= _LONG_PROSE_WORDS else _PROSE_PENALTY
    elif b.n_words <= 5 and not b.sentence_end:
        score += _SHORT_BONUS
    if cue and not b.prose and head:
        score += _HEAD_BONUS
    if cue and tail:
        score += _TAIL_BONUS
    if repeated:
        score += _REPEAT_BONUS
    if b.contributor:
        score -= _CONTRIBUTOR_PENALTY
    return score, reason


def _headline_shaped(b: _Block, *, min_words: int = 2) -> bool:
    if not min_words <= b.n_words <= 30 or b.cue is not None or b.byline or b.dateline:
        return False
    core = b.text.rstrip(_TRAILING)
    if core.endswith(".") and not _ABBREV_END.search(core):
        return False
    first = _first_letter(b.text)
    # A headline starts with a capital (or a figure); "newsbuzz24 | ..." is a site banner.
    return bool(first) and (first.isupper() or b.text[0].isdigit())


# --------------------------------------------------------------------------- the cleaner


def clean_scraped_text(
    text: str, *, line_counts: Mapping[str, int] | None = None, corpus_size: int = 0
) -> ScrapedText:
    """Split scraped plain text into title, header lines, body paragraphs and
    dropped furniture (each with its reason).

    `line_counts` maps `line_key(line)` to the number of distinct articles of
    the corpus (or site) that contain the line, `corpus_size` how many articles
    were counted; a short non-sentence line that many articles share is
    furniture. Nothing in the text is rewritten: paragraphs are the input's
    lines, stripped, with inline ad markers ("[ad_1]") cut out.
    """
    blocks = [_make_block(raw) for line in text.splitlines() if (raw := line.strip(_EDGE_CHARS))]
    n = len(blocks)
    # Plain prose: sentences with no furniture cue worth the name (a bio cue
    # counts, so that a closing bio paragraph does not extend the body).
    plain_prose = [b.prose and (b.cue is None or b.cue.strength < _BIO_CUE) for b in blocks]

    # Head: everything before the first paragraph of plain prose.
    first_body = next((i for i in range(n) if plain_prose[i] and not blocks[i].byline), n)

    header_idx: set[int] = set()
    i = 0
    while i < first_body:
        span = _is_agency_mark(blocks, i)
        if span:
            header_idx.update(range(i, i + span))
            i += span
        else:
            i += 1

    title_idx, breadcrumb_idx = _find_title(blocks, first_body, header_idx)
    end = _find_end(blocks, first_body)
    # Tail: after the last plain prose paragraph, where bios and prompts sit.
    last_body = max((i for i in range(min(end, n)) if plain_prose[i]), default=-1)
    title_key = blocks[title_idx].key if title_idx is not None else None

    header: list[str] = []
    paragraphs: list[str] = []
    removed: list[tuple[str, str]] = []
    tail_reason = "tail"
    for i, b in enumerate(blocks):
        if b.text:  # a line that was nothing but markers is recorded whole below
            removed.extend((marker, "ad-marker") for marker in b.markers)
        if i == title_idx:
            continue
        if i in breadcrumb_idx:
            removed.append((b.raw, "breadcrumb"))
            continue
        if i >= end:
            # Past the end marker nothing is article text; a closing byline
            # starts an author bio, a comment heading starts the form.
            if b.byline:
                reason = "author-bio"
            elif b.cue and b.cue.strength >= _REMOVE_AT and b.cue.reason != "separator":
                reason = b.cue.reason
            else:
                reason = tail_reason
            if reason in _TAIL_FAMILIES:
                tail_reason = reason
            removed.append((b.raw, reason))
            continue
        if i in header_idx or b.byline or b.dateline:
            header.append(b.text)
            continue
        if title_key is not None and b.key == title_key:
            removed.append((b.raw, "repeated-title"))
            continue
        if title_idx is not None and i < title_idx and not b.prose and b.n_words <= 8:
            # Above the headline sit the site's banner and menus.
            removed.append((b.raw, b.cue.reason if b.cue else "navigation"))
            continue
        repeated = _is_repeated(b, line_counts, corpus_size)
        score, reason = _score(b, head=i < first_body, tail=i > last_body, repeated=repeated)
        if score >= _REMOVE_AT:
            removed.append((b.raw, reason))
        else:
            paragraphs.append(b.text)
    title = blocks[title_idx].text if title_idx is not None else None
    return ScrapedText(title=title, header=header, paragraphs=paragraphs, removed=removed)


# Reasons that name a region of the tail: lines after them with no cue of their
# own belong to the same thing (the rest of a bio, of a comment form, of a list
# of related links).
_TAIL_FAMILIES = frozenset({"author-bio", "comment-form", "related-link"})


def _find_title(blocks: list[_Block], first_body: int, header_idx: set[int]) -> tuple[int | None, set[int]]:
    """The headline: the first headline-shaped line of the head.

    A breadcrumb ("Home Politics <headline>") looks like a headline too; it is
    recognised by the headline itself following it as a line of its own.
    """
    head = [i for i in range(min(first_body, len(blocks))) if i not in header_idx]
    candidates = [i for i in head if _headline_shaped(blocks[i])]
    if not candidates:
        # A one-word headline ("Fangquoten") is taken only when it is the only
        # plain line above the body: beside others a lone word is a section label.
        plain = [i for i in head if blocks[i].cue is None and not (blocks[i].byline or blocks[i].dateline)]
        if len(plain) == 1 and _headline_shaped(blocks[plain[0]], min_words=1):
            candidates = plain
    # A line with a "|" is usually "Site | Tagline" or "Headline | Site": take
    # a candidate without one when there is such.
    preferred = [i for i in candidates if "|" not in blocks[i].text] or candidates
    if not preferred:
        return None, set()
    first = preferred[0]
    key = blocks[first].key
    for j in candidates:
        shorter = blocks[j].key
        extra_words = len(key.split()) - len(shorter.split())
        if first < j <= first + 6 and key.endswith(" " + shorter) and extra_words <= 6:
            return j, {first}
    return first, set()


def _find_end(blocks: list[_Block], first_body: int) -> int:
    """Index of the end-of-article marker, or len(blocks) when there is none.

    A marker is believed only after the body has begun and when the prose
    after it is small next to the prose before it (by a ratio that depends on
    how unmistakable the marker is).
    """
    prose_words = [b.n_words if b.prose else 0 for b in blocks]
    total = sum(prose_words)
    before = 0
    for i, b in enumerate(blocks):
        if i > first_body and before:
            ratio = 0.0
            if b.byline:
                ratio = _TERMINAL_BYLINE
            elif b.cue and b.cue.terminal:
                ratio = b.cue.terminal
            after = total - before - prose_words[i]
            if ratio and after <= ratio * before:
                return i
        before += prose_words[i]
    return len(blocks)


# --------------------------------------------------------------------------- HTML-extracted paragraphs

# What trafilatura lets through: captions and credits, links to other stories,
# newsletter and share prompts, ad labels, republication notes, copyright, and
# reading-time and comment counters, and on a page with no article at all the
# menu itself ("Home").
_EXTRACTED_CLUTTER = frozenset(
    {
        "photo-credit",
        "related-link",
        "newsletter",
        "share",
        "ad-marker",
        "source-link",
        "copyright",
        "navigation",
        "breadcrumb",
        "counter",
    }
)


def filter_extracted_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The conservative pass for paragraphs trafilatura extracted from HTML.

    trafilatura already removed the page chrome, so position and repetition
    are not used here; a paragraph goes only when its own wording says it is
    clutter (a whole-line template such as "Read more: ...", "Advertisement",
    "Photo: ...", a newsletter prompt). A sentence-shaped paragraph goes only
    when such wording opens (or, for a credit, closes) it, and never one of
    more than 40 words, so body text is not lost to a cue word.
    Returns (kept paragraphs, [(dropped paragraph, reason)]).
    """
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for paragraph in paragraphs:
        text = paragraph.strip(_EDGE_CHARS)
        if not text:
            continue
        if len(text.split()) > _LONG_PROSE_WORDS:
            # Never dropped whatever its wording, so not worth classifying.
            kept.append(paragraph)
            continue
        b = _make_block(text)
        cue = b.cue
        if (
            cue is not None
            and not b.byline
            and cue.reason in _EXTRACTED_CLUTTER
            and cue.template
            and cue.strength >= _VOCAB
            and b.n_words <= _LONG_PROSE_WORDS
            and not b.contributor
        ):
            removed.append((text, cue.reason))
        else:
            kept.append(paragraph)
    return kept, removed
