"""Time expressions (TIMEX3) in English news text: find them, type them and
normalise their values against the article's publication date.

The rules follow the families HeidelTime uses for news (explicit dates, years
and decades, deictic days/weeks/months/years, weekdays and month names
resolved by tense, quarters and fiscal periods, "N units ago", durations,
sets and the PRESENT_REF / PAST_REF / FUTURE_REF references), and the span
and value conventions of TimeBank: determiners and "last/this/next/early/
late" belong to the span, prepositions do not; "last week" is an ISO week;
"the third quarter" is "1989-Q3"; "recently" is PAST_REF.

Everything is compiled regular expressions over the text, so the cost is
linear in its length. A spaCy `Doc` of the same text is optional: when given,
its dependency parse decides whether a bare weekday or month points forward
("will meet on Thursday") or back ("met on Thursday"), and its entities veto
month or weekday names that are part of a name ("April Glaspie", "the Sunday
Times"). Without a publication date, only expressions that carry their own
anchor ("March 16, 2024", "2014", "three years") get a value.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from newsweave.model import Timex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["find_timexes", "parse_dct"]

# --------------------------------------------------------------------------
# Lexicon: general English calendar vocabulary.

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
PARTS_OF_DAY = {"morning": "TMO", "afternoon": "TAF", "evening": "TEV", "night": "TNI", "nights": "TNI",
                "overnight": "TNI", "tonight": "TNI"}
UNITS = {  # unit word -> (TimeML letter, is a time-of-day unit)
    "second": ("S", True), "minute": ("M", True), "hour": ("H", True), "day": ("D", False),
    "week": ("W", False), "fortnight": ("W", False), "month": ("M", False), "quarter": ("Q", False),
    "year": ("Y", False), "decade": ("E", False), "century": ("C", False), "centurie": ("C", False),
    "millennium": ("L", False), "millennia": ("L", False),
}
SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    "twentieth": 20, "thirtieth": 30,
}
DECADE_WORDS = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}

# --------------------------------------------------------------------------
# Regular-expression building blocks (all patterns are case-insensitive).


def _alt(words: list[str] | dict[str, object]) -> str:
    # longest first, so that "ninety" is never read as "nine" + "ty"
    return "(?:" + "|".join(sorted(words, key=len, reverse=True)) + ")"


_MON_FULL = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_MON_ABBR = r"(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\."
_MON = rf"(?:{_MON_FULL}|{_MON_ABBR}|(?:jan|feb|apr|aug|sept?|oct|nov|dec)(?=\s+\d))"
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_W = _alt(SMALL_NUMBERS)
_ORD_WORD = rf"(?:(?:twenty|thirty)[\s-]{_alt(list(ORDINALS)[:9])}|{_alt(ORDINALS)})"
_WORDNUM = (rf"(?:(?:(?:a|an|one|{_W})\s+)?(?:hundred|thousand)"
            rf"(?:[\s-]+(?:and\s+)?{_W}(?:[\s-]{_W})?)?|{_W}(?:[\s-]{_W})?)")
_NUM = (r"(?:\d+(?:,\d{3})*(?:\.\d+)?(?:\s+\d/\d)?"
        rf"|{_WORDNUM}(?:\s+and\s+a\s+half)?"
        r"|a\s+couple(?:\s+of)?|couple\s+of|a\s+few|few|several|some|many"
        r"|a\s+dozen|dozens\s+of|hundreds\s+of|half\s+an?|an?)")
_YEAR4 = r"(?:1[0-9]|20)\d\d"
_SPELLED_YEAR = (rf"(?:(?:nineteen|eighteen|twenty)[\s-]+(?:{_W}(?:[\s-]{_W})?|hundred)"
                 r"|two\s+thousand(?:\s+and)?"
                 r"(?:[\s-]+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)")
_UNIT = (r"(?:seconds?|minutes?|hours?|days?|weeks?|fortnights?|months?|quarters?|years?"
         r"|decades?|century|centuries|millennium|millennia)")
_PLAIN_UNIT_PLURAL = r"(?:years|months|weeks|days|decades|centuries|hours|minutes|quarters)"
# Approximations that may stand before "the past three months", and those
# that are prepositions or adverbs unless a count follows at once ("over the
# past year" is not "over a year").
_APPROX_STRONG = (r"(?:about|around|approximately|roughly|nearly|almost|more\s+than|less\s+than"
                  r"|fewer\s+than|at\s+least|at\s+most|up\s+to|no\s+more\s+than|no\s+less\s+than"
                  r"|not\s+more\s+than|close\s+to|upwards\s+of|the\s+better\s+part\s+of)")
_APPROX_WEAK = (r"(?:some|just\s+over|just\s+under|well\s+over|well\s+under|over|under|only|barely"
                r"|just)")
_APPROX = rf"(?:{_APPROX_STRONG}|{_APPROX_WEAK})"
_EDGE = r"(?:early|mid|late|earlier|later|the\s+(?:beginning|start|middle|end|rest|remainder)\s+of)"
_EDGE_SHORT = r"(?:early|mid|late|the\s+(?:beginning|start|middle|end)\s+of)"
_POD = r"(?:morning|afternoon|evening|night)"
_TZ = r"(?:[ECMP][SD]?T|GMT|UTC|BST|CET|CEST)"
_CLOCK = (r"(?:(?P<h>\d{1,2})(?:[:.](?P<mi>\d{2}))?\s*(?P<ap>[ap]\.?\s?m\b\.?|o'clock)"
          rf"|(?P<h24>[01]?\d|2[0-3]):(?P<mi24>[0-5]\d)(?=\s*\(?(?:{_TZ}|local|hours?\b))"
          r"|(?P<noon>noon|midnight|midday)"
          rf"|(?P<hw>\d{{1,2}}|{_W})\s+(?:o'clock|in\s+the\s+(?P<tpod>{_POD})))")
_REL = (r"(?:last|this|next|this\s+past|this\s+coming|coming|the\s+past|the\s+last|the\s+previous"
        r"|the\s+prior|the\s+coming|the\s+current|the\s+following|the\s+next|the\s+same|the\s+full"
        r"|the\s+latest|that|the)")
_QUARTER_PRE = (rf"(?:{_YEAR4}|last\s+year's|this\s+year's|next\s+year's|year-ago|year-earlier"
                r"|year\s+ago|latest|current|fiscal|calendar|same|comparable|corresponding|recent"
                r"|flat|disappointing|strong|weak|seasonally\s+(?:slow|strong|weak))")
_QUARTER_REF_PRE = (r"(?:latest|current|most\s+recent|same|previous|prior|year-ago|year-earlier"
                    r"|comparable|corresponding|year\s+ago|fiscal|recent|just-ended|just\s+ended)")

_FLAGS = re.IGNORECASE


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("".join(parts), _FLAGS)


def _t(words: str) -> frozenset[str]:
    return frozenset(words.split())


_T_MONTH = frozenset(MONTHS)
_T_WEEKDAY = frozenset(WEEKDAYS)
_T_UNIT = _t("second seconds minute minutes hour hours day days week weeks fortnight fortnights "
             "month months quarter quarters year years decade decades century centuries "
             "millennium millennia")
_T_POD = _t("morning afternoon evening night")


@dataclass(frozen=True, slots=True)
class _Rule:
    """A pattern and the handler `_Resolver.r_<kind>` that values its matches.

    `triggers` are lower-case words (or "<year>", "<clock>", "<slash>" for
    numbers of those shapes) at least one of which every match contains: the
    pattern only runs from `before` characters ahead of such a word to
    `after` characters past it, which keeps the whole scan cheap and linear.
    """

    kind: str
    pattern: re.Pattern[str]
    triggers: frozenset[str]
    before: int = 48
    after: int = 32
    # When set, a trigger word only opens a window if the text just before it
    # matches (durations need a count before their unit).
    gate: re.Pattern[str] | None = None


_COUNT_BEFORE = _rx(
    r"(?:\d|\b(?:an?|", "|".join(SMALL_NUMBERS), r"|hundred|thousand|dozen|few|several|couple|of",
    r"|many|some|half|more|additional|other|further|straight|consecutive|full|long|trading",
    r"|business|working|calendar))[\s-]*$")
_UNIT_BEFORE = _rx(_UNIT, r"(?:\s+or\s+so)?\s+(?:from\s+)?$")
_DECADE_BEFORE = _rx(r"(?:\d'?|\bthe\s+(?:(?:early|mid|late)[\s-]+)?)$")

RULES: list[_Rule] = [
    # ---- explicit calendar dates
    _Rule("iso_date", _rx(
        r"(?<![\w/-])(?P<y>(?:1[89]|20)\d\d)-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])",
        r"(?:[T ](?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d))?(?![\w/-])"),
        _t("<year>"), before=2, after=20),
    _Rule("slash_date", _rx(
        r"(?<![\w/.,])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:1[89]|20)\d\d|\d\d)(?![\w/])"),
        _t("<slash>"), before=2, after=12),
    _Rule("month_day", _rx(
        rf"\b(?:(?P<wd>{_WD})\s*,?\s+(?:the\s+)?)?(?P<mon>{_MON})\s+(?:the\s+)?",
        rf"(?P<day>\d{{1,2}}(?![\d:.,]\d)|{_ORD_WORD})(?:st|nd|rd|th)?\b",
        rf"(?:\s*,?\s*(?P<year>{_YEAR4})(?![\d%])|\s+(?P<yrel>last|this|next)\s+year)?"),
        _T_MONTH, before=24, after=24),
    _Rule("day_month", _rx(
        rf"\b(?:(?P<wd>{_WD})\s*,?\s+)?(?:the\s+)?(?<![\d,.$])(?P<day>\d{{1,2}}|{_ORD_WORD})",
        rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON})",
        rf"(?:\s*,?\s*(?P<year>{_YEAR4})(?![\d%]))?"),
        _T_MONTH, before=40, after=12),
    _Rule("month_year", _rx(
        rf"\b(?:(?P<edge>{_EDGE})[\s-]+)?(?P<mon>{_MON_FULL}|{_MON_ABBR})\s*,?\s+(?:of\s+)?",
        rf"(?:(?P<year>{_YEAR4}|{_SPELLED_YEAR})(?![\d%])|(?P<yrel>last|this|next)\s+year)"),
        _T_MONTH, before=32, after=40),
    _Rule("month", _rx(
        rf"\b(?:(?P<edge>{_EDGE})[\s-]+)?",
        r"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+previous|the\s+following",
        rf"|the\s+coming)\s+)?(?P<mon>{_MON_FULL})\b"),
        _T_MONTH, before=48, after=2),
    _Rule("season", _rx(
        rf"\b(?:(?P<edge>{_EDGE_SHORT})[\s-]+)?",
        r"(?:(?P<rel>last|this|next|this\s+past|this\s+coming|the\s+past|the\s+previous",
        r"|the\s+following|the\s+coming|the)\s+)?(?:(?P<edge2>early|late|mid)[\s-]+)?",
        r"(?P<season>spring|summer|fall|autumn|winter)\b",
        rf"(?:\s+(?:of\s+)?(?P<year>{_YEAR4}|{_SPELLED_YEAR})(?![\d%]))?"),
        _t("spring summer fall autumn winter"), after=40),
    _Rule("holiday", re.compile(
        r"\b(?:(?P<rel>[Ll]ast|[Tt]his|[Nn]ext)\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?"
        r"|New\s+Year's(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+(?:Sunday|Monday))?"
        r"|Good\s+Friday|Independence\s+Day|Labou?r\s+Day|Memorial\s+Day|Veterans\s+Day|Halloween"
        r"|Valentine's\s+Day|Boxing\s+Day|Martin\s+Luther\s+King(?:\s+Jr\.?)?\s+Day"
        r"|Presidents'?\s+Day|Columbus\s+Day|Mother's\s+Day|Father's\s+Day|Election\s+Day)\b"
        rf"(?:\s*,?\s*(?P<year>{_YEAR4})\b)?"),
        _t("christmas year thanksgiving easter friday independence labor labour memorial "
           "veterans halloween valentine boxing king presidents columbus mother father election"),
        before=32),
    # ---- years, decades, centuries
    _Rule("year", _rx(
        rf"(?<![\w$£€#.,/'])(?<!\d-)(?:(?P<edge>{_EDGE_SHORT})[\s-]+",
        rf"|(?P<fiscal>fiscal(?:\s+year)?)\s+)?(?P<year>{_YEAR4})(?![\w%/-]|[.,]\d)"),
        _t("<year>"), before=24, after=2),
    _Rule("fiscal_short", _rx(r"\b(?:fiscal(?:\s+year)?\s+'|FY\s?'?)(?P<yy>\d\d(?:\d\d)?)\b"),
          _t("fiscal fy"), before=2, after=24),
    _Rule("spelled_year", _rx(rf"\b(?:the\s+year\s+)?(?P<sy>{_SPELLED_YEAR})\b"),
          _t("nineteen eighteen twenty thousand"), before=16, after=40),
    _Rule("year_period", _rx(
        rf"\bthe\s+(?P<year>{_YEAR4})\s+(?P<what>period|quarter|fiscal\s+year|year|season)\b"),
        _t("<year>"), before=6, after=20),
    _Rule("decade", _rx(
        r"(?<![\w'])(?:the\s+)?(?:(?P<edge>early|mid|late)[\s-]+)?",
        r"(?:(?P<full>(?:1\d|20)\d)0'?s|'(?P<short>\d)0s",
        r"|(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b"),
        _t("s twenties thirties forties fifties sixties seventies eighties nineties"),
        before=24, after=2, gate=_DECADE_BEFORE),
    _Rule("century", _rx(
        r"\b(?:the\s+)?(?:(?P<edge>early|mid|late)[\s-]+)?",
        rf"(?:(?P<n>\d{{1,2}})(?:st|nd|rd|th)|(?P<w>{_ORD_WORD}))[\s-]+century\b",
        r"|\b(?P<rel>this|last|next|the\s+last|the\s+next|the\s+past|the\s+previous|the\s+current)",
        r"\s+century\b"),
        _t("century")),
    # ---- days and times of day
    _Rule("rel_day", _rx(
        r"\b(?:(?P<edge>early|late|earlier|later|mid)[\s-]+)?",
        rf"(?:(?P<w>today|yesterday|tomorrow|tonight)(?:\s+(?P<pod>{_POD}))?",
        rf"|(?P<rel>last|this)\s+(?P<pod2>{_POD})",
        r"|the\s+day\s+(?P<ba>before\s+yesterday|after\s+tomorrow))\b"),
        _t("today yesterday tomorrow tonight") | _T_POD, before=24, after=24),
    _Rule("pod_day", _rx(
        r"\b(?:(?P<edge>early|late|mid)[\s-]+)?(?P<pod>morning|afternoon|evening)",
        r"\s+(?P<w>yesterday|today|tomorrow)\b",
        r"|\b(?P<edge2>early|late|mid)[\s-]+(?P<pod2>morning|afternoon|evening)\b"),
        _T_POD, before=16, after=16),
    _Rule("weekday", _rx(
        r"\b(?:(?P<edge>early|late|earlier|later)\s+)?",
        r"(?:(?P<rel>last|this|next|this\s+coming|this\s+past|coming|the\s+previous|the\s+following",
        rf"|the\s+next|the\s+preceding)\s+)?(?P<wd>{_WD})\b",
        r"(?:\s+(?P<pod>morning|afternoon|evening|night|nights|overnight)\b)?"),
        _T_WEEKDAY, before=32, after=16),
    _Rule("clock", _rx(
        r"(?<![\w.:])(?:(?P<mod>around|about|approximately|shortly\s+(?:before|after)",
        r"|just\s+(?:before|after))\s+)?",
        rf"(?:{_CLOCK})(?:\s*\(?(?P<tz>{_TZ})\)?)?",
        rf"(?:\s*,?\s+(?:on\s+)?(?P<anchor>{_WD}|today|yesterday|tomorrow|tonight",
        rf"|(?:{_MON})\s+\d{{1,2}}(?:\s*,\s*{_YEAR4})?)\b)?"),
        _t("noon midnight midday clock m am pm local hours hour gmt utc bst cet cest est edt cst cdt "
           "mst mdt pst pdt et ct pt mt") | _T_POD, before=40, after=40),
    _Rule("clock24", _rx(
        r"(?<![\w.:$])(?P<h>[01]?\d|2[0-3]):(?P<mi>[0-5]\d)",
        r"(?![\d:.]|\s*(?:[ap]\.?\s?m\b|%|percent))",
        rf"(?:\s*\(?(?P<tz>{_TZ})\)?)?"),
        _t("<clock>"), before=2, after=12),
    _Rule("anaphor_day", _rx(
        r"\b(?P<w>that\s+(?:same\s+)?day|the\s+same\s+day",
        r"|the\s+(?:previous|next|following|preceding)\s+day|(?:earlier|later)\s+in\s+the\s+day",
        r"|that\s+(?:night|morning|afternoon|evening))\b"),
        _t("day") | _T_POD, before=24, after=4),
    # ---- deictic weeks, months, years; quarters and halves
    _Rule("rel_unit", _rx(
        rf"\b(?:(?P<edge>{_EDGE}|sometime|so\s+far|until)[\s-]+)?(?P<rel>{_REL})\s+",
        r"(?P<fiscal>fiscal\s+)?(?P<unit>week|weekend|month|year|decade)\b",
        r"(?P<ended>\s+(?:ended|ending|ends|to\s+date)\b)?"),
        _t("week weekend month year decade"), before=48, after=20),
    _Rule("year_end", _rx(r"\b(?:the\s+)?(?:fiscal\s+)?(?:year[\s-]?end|year's\s+end)\b"),
          _t("end yearend"), before=24, after=4),
    _Rule("quarter", _rx(
        rf"\b(?:(?P<the>the|a|its|this|last|next)\s+)?(?P<pre>(?:{_QUARTER_PRE}[\s-]+){{0,3}})",
        r"(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+(?:fiscal[\s-]+)?",
        r"(?P<qh>quarter|half)\b",
        rf"(?:\s+(?:of|in)\s+(?:(?P<y2>{_YEAR4})|(?P<rel2>this|last|next)\s+year",
        rf"|fiscal\s+(?P<fy>{_YEAR4})))?"),
        _t("quarter half"), before=64, after=24),
    _Rule("quarter_abbr", re.compile(
        r"\b(?:(?P<q>[1-4])Q|Q(?P<q2>[1-4])|(?P<h>[12])H|H(?P<h2>[12]))"
        r"(?:\s*(?:FY\s?)?'?(?P<y>(?:19|20)?\d\d))?\b"),
        _t("q h"), before=2, after=12),
    _Rule("quarter_ref", _rx(
        r"\b(?:(?P<the>the|this|that|last|next|last\s+year's|this\s+year's)\s+)",
        rf"(?P<pre>(?:{_QUARTER_REF_PRE}[\s-]+){{0,3}})(?P<u>quarter|period)\b(?!-to-)",
        r"(?P<ago>\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year",
        r"|of\s+(?:the\s+)?(?:previous|prior)\s+year))?"),
        _t("quarter period"), before=64, after=32),
    _Rule("year_adj", _rx(r"\b(?P<w>year-ago|year-earlier|year\s+earlier|year-before)\b"),
          _t("ago earlier before"), before=8, after=2),
    # ---- "three years ago", durations
    _Rule("ago", _rx(
        rf"\b(?:(?P<mod>{_APPROX})\s+)?(?P<num>{_NUM})[\s-]+(?P<unit>{_UNIT})(?:\s+or\s+so)?",
        r"\s+(?P<dir>ago|earlier|from\s+now|hence|back)\b"),
        _t("ago earlier hence back now"), before=72, after=8, gate=_UNIT_BEFORE),
    _Rule("bare_ago", _rx(
        r"\b(?:(?P<mod>many|some|several|a\s+few|few|a\s+couple\s+of)\s+)?",
        r"(?P<unit>years|months|weeks|days|decades)\s+(?P<dir>ago|earlier|from\s+now|hence)\b"),
        _t("ago earlier hence now"), before=32, after=8, gate=_UNIT_BEFORE),
    _Rule("duration", _rx(
        rf"\b(?:(?P<mod>{_APPROX_STRONG})\s+)?(?:(?P<the>the|another)\s+)?",
        r"(?:(?P<rel>past|last|next|first|final|coming|previous|following|latest|remaining|ensuing",
        r"|initial|same|full|entire|whole|additional|further|recent|current)\s+)?",
        rf"(?:(?P<mod2>{_APPROX_WEAK})\s+)?(?P<num>{_NUM})(?:\s*(?:to|or|-|–)\s*(?P<num2>{_NUM}))?",
        r"[\s-]+(?:(?:more|additional|other|further|straight|consecutive|full|long|trading",
        rf"|business|working|calendar)[\s-]+)?(?P<unit>{_UNIT})\b",
        r"(?P<half>\s+and\s+a\s+half)?(?P<old>-old|\s+old\b|-long)?"),
        _T_UNIT, before=56, after=16, gate=_COUNT_BEFORE),
    _Rule("bare_units", _rx(
        r"\b(?:(?P<the>the)\s+)?(?:(?P<rel>past|last|next|coming|recent|previous|ensuing",
        r"|following|early|first|final|remaining|intervening|later)\s+)?",
        rf"(?P<unit>{_PLAIN_UNIT_PLURAL})(?P<ahead>\s+ahead)?(?P<long>-long|-old)?\b"),
        _T_UNIT, before=24, after=12),
    # ---- PRESENT_REF, PAST_REF, FUTURE_REF
    _Rule("refword", _rx(
        r"\b(?P<w>right\s+now|just\s+now|now|currently|nowadays|these\s+days|at\s+present",
        r"|the\s+present|(?:more\s+|most\s+|only\s+|very\s+)?recently|lately|recent|current",
        r"|the\s+past|past\s+years|the\s+(?:near\s+|distant\s+|foreseeable\s+|immediate\s+)?future",
        r"|the\s+(?:near|short|long)\s+term|soon|someday|as\s+soon\s+as\s+possible)\b"),
        _t("now currently nowadays days present recently lately recent current past years future "
           "term soon someday possible"), before=24, after=24),
    # ---- sets: "every July", "daily", "twice a year"
    _Rule("set_each", _rx(
        rf"\b(?P<q>each|every|per)\s+(?:(?P<other>other)\s+)?(?:(?P<n>{_NUM})\s+)?",
        r"(?P<u>days?|weeks?|months?|years?|quarters?|hours?|mornings?|afternoons?|evenings?",
        rf"|nights?|weekends?|spring|summer|fall|autumn|winter|{_WD}|{_MON_FULL})\b"),
        _t("each every per"), before=2, after=40),
    _Rule("set_adverb", _rx(
        r"\b(?P<adv>daily|weekly|monthly|annually|yearly|hourly|nightly|biweekly|semiannually)\b"),
        _t("daily weekly monthly annually yearly hourly nightly biweekly semiannually"),
        before=2, after=2),
    _Rule("set_weekdays", _rx(rf"\b(?P<wdp>{_WD})s\b(?!\s+{_POD}s?)"),
          frozenset(w + "s" for w in WEEKDAYS), before=2, after=24),
    _Rule("set_rate", _rx(
        r"\b(?P<times>(?:once|twice|thrice|(?:\w+)\s+times)\s+)?(?P<a>a|an)",
        r"\s+(?P<ua>day|week|month|year|hour|quarter)\b"),
        _t("day week month year hour quarter"), before=24, after=2),
]

# Rule priorities break ties between candidates of equal length (lower wins).
PRIORITY = {rule.kind: i for i, rule in enumerate(RULES)}
_TRIGGER_INDEX: dict[str, list[int]] = {}
for _i, _rule in enumerate(RULES):
    for _word in _rule.triggers:
        _TRIGGER_INDEX.setdefault(_word, []).append(_i)
_TOKEN = re.compile(r"[A-Za-z]+|\d+(?::\d\d)?")
PRIORITY["set_rate"] = -1  # "a year" after a figure is a rate, not a duration

# --------------------------------------------------------------------------
# Tense cues. A bare "Friday" or "December" in news points back unless the
# clause is about the future; these decide which way.

# An infinitive governed by one of these looks ahead ("plans to meet on Friday").
FUTURE_GOVERNORS = {"plan", "schedule", "expect", "set", "due", "intend", "hope", "aim", "seek",
                    "prepare", "promise", "vow", "threaten", "agree", "decide", "propose", "want",
                    "wish", "go", "need", "slate", "likely", "able", "ready", "supposed", "poise",
                    "call", "urge", "ask"}
# Verbs whose objects and adjuncts lie ahead ("is scheduled for Nov. 5").
FUTURE_VERBS = {"plan", "schedule", "expect", "intend", "prepare", "postpone", "delay", "await",
                "anticipate"}
# Present-tense verbs that report rather than schedule ("says Monday" is past).
REPORTING = {"say", "tell", "report", "announce", "add", "note", "state", "claim", "insist", "confirm",
             "deny", "warn", "write", "quote", "be", "have", "do", "disclose", "reveal", "acknowledge",
             "admit"}
_FUTURE_TEXT = _rx(
    r"\b(?:will|shall|won't|'ll|would|going\s+to",
    r"|(?:is|are|be|been)\s+(?:scheduled|expected|due|set|slated|planned|supposed|likely|poised)\s+to",
    r"|(?:plans?|planned|intends?|hopes?|aims?|promised?|vowed|agreed|decided|wants?)\s+to",
    r"|(?:is|are)\s+to)\b")
_PAST_TEXT = _rx(
    r"\b(?:said|says|told|was|were|had|did|came|went|met|began|took|made|gave|left|sent|held|found",
    r"|became|fell|rose|won|lost|saw|got|spent|paid|sold|bought|brought|caught|kept|led|ran|struck",
    r"|hit|knew|thought|wrote|spoke|broke|chose|drove|flew|grew|shot|stood|[a-z]{2,}ed)\b")
_SENT_END = re.compile(r"[.!?]['\"”’]?\s+(?=[A-Z\"“‘'(])|\n")

# Words before a bare month name that make it a date rather than a verb or a name.
_MONTH_CUES = _rx(
    r"(?:\b(?:in|on|by|since|until|till|through|throughout|from|to|of|during|before|after|last",
    r"|this|next|early|mid|and|or|between|around|for|past|following|that|each|every|end|beginning",
    r"|start|middle|'s)[\s-]+|[,(]\s*)$")
_NAME_AFTER = re.compile(r"\s+(?:[A-Z][a-z]+\.?\s+)?[A-Z][a-z]")
_NOT_NAME_AFTER = re.compile(
    rf"\s+(?:{_MON_FULL}|{_WD}|The|A|An|In|On|At|But|And|Or|For|If|As|He|She|It|They|We|I)\b")
_PUBLICATION_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Tribune|Star|Mail|Independent|Observer"
    r"|Magazine|Journal|Night\s+Football|Morning\s+Post|Service|School|Bloody)\b")
# Counted things after a four-digit number: "2000 troops" is no year.
_COUNT_NOUN_AFTER = _rx(
    r"\s+(?:people|persons|troops|soldiers|men|women|children|workers|employees|jobs|members|shares",
    r"|units|cars|vehicles|homes|houses|acres|miles|kilometers|kilometres|km|meters|metres|feet|tons",
    r"|tonnes|barrels|pounds|dollars|dlrs|yen|marks|francs|euros|points|votes|cases|deaths|students",
    r"|residents|refugees|prisoners|police|officers|delegates|flights|seats|rooms|beds|copies|pages",
    r"|words|hours|minutes|days|weeks|months|years|km/h|mph|to\s+\d|-\d)\b")
# Nouns whose age is a duration ("an 8-month-old truce"), unlike a person's.
_STATE_NOUN_AFTER = _rx(
    r"\s+(?:truce|war|conflict|dispute|ban|strike|embargo|ceasefire|cease-fire|occupation|policy",
    r"|law|rule|regime|government|boycott|blockade|siege|standoff|stand-off|crisis|campaign|fight",
    r"|battle|feud|rivalry|slump|recession|boom)\b")
# "a year" is a rate ("$30 a month") unless a preposition or a modifier makes it a span.
_SET_BLOCKERS_BEFORE = _rx(
    r"\b(?:in|for|within|over|about|than|nearly|almost|of|after|to|by|during|under|around|once|only",
    r"|just|least|most|past|last|next|first|that|is|was|be|been|and|or|a|an|the|some|half|each",
    r"|every|per)\s*$")
_SET_BLOCKERS_AFTER = _rx(
    r"\s*(?:ago|earlier|later|before|after|from|or|and\s+a\s+half|of|old|-|–|long|in\s+advance)\b")
_QUANTITY_BEFORE = _rx(
    r"(?:\d|\b(?:", _W[3:-1], r"|hundred|thousand|million|billion|dozens|hundreds|thousands|millions",
    r"|times|once|twice)\b)")


# --------------------------------------------------------------------------
# Public API


def parse_dct(dct: str | None) -> date | None:
    """The anchor date from an ISO date or datetime string (None if absent or unreadable)."""
    if not dct:
        return None
    text = dct.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def find_timexes(text: str, dct: str | None, doc: Doc | None = None) -> list[Timex]:
    """TIMEX3 expressions in `text`, in text order, valued against `dct`.

    `dct` is the document creation time (ISO date or datetime) or None; `doc`
    is the spaCy Doc of exactly this text when the caller already has one.
    """
    if not text:
        return []
    if doc is not None and doc.text != text:
        doc = None  # offsets would not line up; the rules do without the parse
    anchor = parse_dct(dct)
    cands = list(_candidates(text))
    tense_cache: dict[tuple[int, int], str | None] = {}
    # A handler may turn a candidate down ("a year" that is not a rate); the
    # selection is then redone without it, so that a shorter or equal
    # candidate of another rule gets its chance.
    while True:
        resolver = _Resolver(text, anchor, doc, tense_cache)
        out: list[Timex] = []
        rejected: list[_Cand] = []
        for cand in _select(cands):
            result = resolver.resolve(cand)
            if result is None:
                rejected.append(cand)
                continue
            ttype, value = result
            out.append(Timex(start=cand.start, end=cand.end, text=text[cand.start:cand.end], type=ttype,
                             value=value))
        if not rejected:
            return out
        dropped = {id(c) for c in rejected}
        cands = [c for c in cands if id(c) not in dropped]


# --------------------------------------------------------------------------
# Candidates and overlap resolution


@dataclass(slots=True)
class _Cand:
    start: int
    end: int
    kind: str
    m: re.Match[str]


def _candidates(text: str) -> Iterator[_Cand]:
    # Windows around trigger words, merged per rule, so that each stretch of
    # text is scanned at most once by each rule. Numbers trigger by shape.
    windows: dict[int, list[list[int]]] = {}
    n = len(text)
    for w in _TOKEN.finditer(text):
        tok = w.group()
        if tok[0].isdigit():
            if ":" in tok:
                key = "<clock>"
            elif len(tok) == 4 and (tok[0] == "1" or tok[:2] == "20"):
                key = "<year>"
            elif w.end() < n and text[w.end()] == "/":
                key = "<slash>"
            else:
                continue
        else:
            key = tok.lower()
        rules = _TRIGGER_INDEX.get(key)
        if not rules:
            continue
        for i in rules:
            rule = RULES[i]
            if rule.gate is not None and not rule.gate.search(text, max(0, w.start() - 24), w.start()):
                continue
            lo, hi = max(0, w.start() - rule.before), min(n, w.end() + rule.after)
            spans = windows.setdefault(i, [])
            if spans and lo <= spans[-1][1]:
                spans[-1][1] = hi
            else:
                spans.append([lo, hi])
    for i, spans in windows.items():
        rule = RULES[i]
        for lo, hi in spans:
            for m in rule.pattern.finditer(text, lo, hi):
                if m.end() > m.start():
                    yield _Cand(m.start(), m.end(), rule.kind, m)


def _select(cands: list[_Cand]) -> list[_Cand]:
    """Longest candidate first; among equals, the rule listed first. Kept
    candidates never overlap, and come back in text order."""
    ordered = sorted(cands, key=lambda c: (c.start - c.end, PRIORITY[c.kind], c.start))
    starts: list[int] = []  # kept spans, sorted; they never overlap, so ends sort alike
    ends: list[int] = []
    kept: list[_Cand] = []
    for c in ordered:
        i = bisect.bisect_left(starts, c.start)
        if (i > 0 and ends[i - 1] > c.start) or (i < len(starts) and starts[i] < c.end):
            continue
        starts.insert(i, c.start)
        ends.insert(i, c.end)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


# --------------------------------------------------------------------------
# Value arithmetic


def _add_months(year: int, month: int, k: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + k
    return index // 12, index % 12 + 1


def _week(d: date) -> str:
    iso = d.isocalendar()
    return f"{iso[0]}-W{iso[1]:02d}"


def _quarter(d: date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def _add_quarters(year: int, q: int, k: int) -> tuple[int, int]:
    index = year * 4 + (q - 1) + k
    return index // 4, index % 4 + 1


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th (1-based; -1 = last) given weekday of a month."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = date(year + (month == 12), month % 12 + 1, 1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _easter(year: int) -> date:
    # Anonymous Gregorian computus.
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month = (h + el - 7 * m + 114) // 31
    day = (h + el - 7 * m + 114) % 31 + 1
    return date(year, month, day)


HOLIDAYS: dict[str, Callable[[int], date]] = {
    "christmas": lambda y: date(y, 12, 25),
    "christmas day": lambda y: date(y, 12, 25),
    "christmas eve": lambda y: date(y, 12, 24),
    "new year's": lambda y: date(y, 1, 1),
    "new year's day": lambda y: date(y, 1, 1),
    "new year's eve": lambda y: date(y, 12, 31),
    "thanksgiving": lambda y: _nth_weekday(y, 11, 3, 4),
    "thanksgiving day": lambda y: _nth_weekday(y, 11, 3, 4),
    "easter": _easter,
    "easter sunday": _easter,
    "easter monday": lambda y: _easter(y) + timedelta(days=1),
    "good friday": lambda y: _easter(y) - timedelta(days=2),
    "independence day": lambda y: date(y, 7, 4),
    "labor day": lambda y: _nth_weekday(y, 9, 0, 1),
    "labour day": lambda y: date(y, 5, 1),
    "memorial day": lambda y: _nth_weekday(y, 5, 0, -1),
    "veterans day": lambda y: date(y, 11, 11),
    "halloween": lambda y: date(y, 10, 31),
    "valentine's day": lambda y: date(y, 2, 14),
    "boxing day": lambda y: date(y, 12, 26),
    "martin luther king day": lambda y: _nth_weekday(y, 1, 0, 3),
    "martin luther king jr. day": lambda y: _nth_weekday(y, 1, 0, 3),
    "martin luther king jr day": lambda y: _nth_weekday(y, 1, 0, 3),
    "presidents day": lambda y: _nth_weekday(y, 2, 0, 3),
    "presidents' day": lambda y: _nth_weekday(y, 2, 0, 3),
    "columbus day": lambda y: _nth_weekday(y, 10, 0, 2),
    "mother's day": lambda y: _nth_weekday(y, 5, 6, 2),
    "father's day": lambda y: _nth_weekday(y, 6, 6, 3),
    "election day": lambda y: _nth_weekday(y, 11, 0, 1) + timedelta(days=1),
}


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


def parse_number(s: str) -> float | None:
    """A count as written ("2 1/2", "twenty-four", "a couple of"); None for vague ones ("several")."""
    s = _norm(s).replace("-", " ")
    if not s:
        return None
    if s[0].isdigit():
        parts = s.split()
        try:
            value = float(parts[0].replace(",", ""))
        except ValueError:
            return None
        if len(parts) > 1 and "/" in parts[1]:
            num, den = parts[1].split("/")
            value += int(num) / int(den) if int(den) else 0
        return value
    if s in ("a", "an", "one"):
        return 1.0
    if s.startswith("half"):
        return 0.5
    if s in ("a couple", "a couple of", "couple of"):
        return 2.0
    if s == "a dozen":
        return 12.0
    half = 0.0
    if s.endswith(" and a half"):
        half, s = 0.5, s[: -len(" and a half")]
    total = current = 0
    seen = False
    for word in s.split():
        if word in SMALL_NUMBERS:
            current += SMALL_NUMBERS[word]
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
            seen = True
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
            seen = True
        elif word in ("a", "an") and not seen:
            current = 1
        elif word == "and":
            continue
        else:
            return None
    if not seen:
        return None
    return float(total + current) + half


def _spelled_year(s: str) -> int | None:
    words = _norm(s).replace("-", " ").split()
    if words[:2] == ["the", "year"]:
        words = words[2:]
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (int(parse_number(" ".join(rest)) or 0) if rest else 0)
    if not words or words[0] not in ("nineteen", "eighteen", "twenty"):
        return None
    century = SMALL_NUMBERS[words[0]]
    rest = words[1:]
    if rest == ["hundred"]:
        return century * 100
    n = parse_number(" ".join(rest))
    if n is None or not 10 <= n < 100:
        return None
    return century * 100 + int(n)


def _duration_value(n: float | None, unit: str) -> str:
    """TimeML duration: P3Y, PT5H, PXY; a fraction moves to the next smaller unit (P2Y6M, PT1M30S)."""
    key = unit.lower()
    key = "century" if key.startswith("centur") else key.rstrip("s")
    letter, is_time = UNITS.get(key, ("X", False))
    if n is None:
        return f"PTX{letter}" if is_time else f"PX{letter}"
    if key == "fortnight":
        n *= 2
    if letter in ("Q", "E", "C", "L"):  # written in months or years, as TimeBank does
        factor, letter = {"Q": (3, "M"), "E": (10, "Y"), "C": (100, "Y"), "L": (1000, "Y")}[letter]
        n *= factor
    if letter == "W" and n != int(n):
        n, letter = n * 7, "D"
    whole, frac = int(n), n - int(n)
    head = f"{whole}{letter}" if whole else ""
    if not frac:
        return f"PT{whole}{letter}" if is_time else f"P{whole}{letter}"
    if is_time and letter in ("H", "M"):
        return f"PT{head}{round(frac * 60)}{'M' if letter == 'H' else 'S'}"
    if letter in ("Y", "M"):
        return f"P{head}{round(frac * (12 if letter == 'Y' else 30))}{'M' if letter == 'Y' else 'D'}"
    if letter == "D":
        return f"P{head}T{round(frac * 24)}H"
    return f"PT{n:g}{letter}" if is_time else f"P{n:g}{letter}"


# --------------------------------------------------------------------------
# Resolution


PAST, FUTURE, PRESENT, PLUPERFECT = "past", "future", "present", "pluperfect"


class _Resolver:
    """Turns candidates into (type, value), in text order, keeping
    the reference time that anaphoric expressions ("a year earlier", "the
    following year", "the quarter") lean on."""

    def __init__(self, text: str, dct: date | None, doc: Doc | None,
                 tense_cache: dict[tuple[int, int], str | None] | None = None) -> None:
        self.text = text
        self.dct = dct
        self.doc = doc
        self._tense_cache = tense_cache if tense_cache is not None else {}
        # Set by a handler whose value points back from the reference time
        # ("a year earlier"): such values must not become the reference.
        self._anaphoric = False
        # The last value mentioned, with its granularity, and the last quarter
        # with where it ended (quarters steer "a year ago" in earnings reports).
        self.ref_value: str | None = None
        self.ref_quarter: tuple[int, int] | None = None
        self.ref_quarter_end = -1
        self.ref_day: date | None = None
        self._ents: dict[int, str] | None = None

    # ------------------------------------------------------------ plumbing

    def resolve(self, c: _Cand) -> tuple[str, str | None] | None:
        handler: Callable[[_Cand], tuple[str, str | None] | None] = getattr(self, "r_" + c.kind)
        self._anaphoric = False
        out = handler(c)
        if out is not None and not self._anaphoric:
            self._remember(out[1], c.end)
        return out

    def _remember(self, value: str | None, end: int) -> None:
        if not value or not value[:4].isdigit():
            return
        m = re.match(r"^(\d{4})-Q([1-4])$", value)
        if m:
            self.ref_quarter = (int(m.group(1)), int(m.group(2)))
            self.ref_quarter_end = end
        m = re.match(r"^(\d{4})-(\d\d)-(\d\d)", value)
        if m:
            self.ref_day = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        self.ref_value = value

    def _ref_year(self) -> int | None:
        if self.ref_value and self.ref_value[:4].isdigit():
            return int(self.ref_value[:4])
        return self.dct.year if self.dct else None

    def _before(self, pos: int, width: int = 40) -> str:
        return self.text[max(0, pos - width):pos]

    def _after(self, pos: int, width: int = 40) -> str:
        return self.text[pos:pos + width]

    def _entity_label(self, start: int, end: int) -> str | None:
        """spaCy's entity label over [start, end), if any."""
        if self.doc is None:
            return None
        if self._ents is None:
            self._ents = {}
            for ent in self.doc.ents:
                for i in range(ent.start_char, ent.end_char):
                    self._ents[i] = ent.label_
        return self._ents.get(start) or self._ents.get(end - 1)

    # ------------------------------------------------------------ tense

    def tense(self, start: int, end: int) -> str | None:
        key = (start, end)
        if key not in self._tense_cache:
            self._tense_cache[key] = self._tense(start, end)
        return self._tense_cache[key]

    def _tense(self, start: int, end: int) -> str | None:
        found = self._clause_tense(start, end)
        cue = _norm(self._before(start, 16))
        if re.search(r"\bsince$", cue):
            return PAST
        if found != PLUPERFECT and re.search(r"\b(?:until|till|by|through|as\s+soon\s+as|as\s+early\s+as|"
                                             r"effective|starting|beginning)$", cue):
            # a deadline or a start ahead, unless told from further back
            # ("had filed their reports by Wednesday")
            return FUTURE
        return PAST if found == PLUPERFECT else found

    def _clause_tense(self, start: int, end: int) -> str | None:
        if self.doc is not None:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is not None and len(span):
                root = span.root
                if root.dep_ in ("compound", "nmod", "amod", "poss") and root.head.pos_ in ("NOUN", "PROPN"):
                    # "a June agreement", "the Oct. 23 slaying": the clause's
                    # tense says nothing about when the noun's event was.
                    return None
                found = self._tense_from_parse(root)
                if found is not None:
                    return found
        return self._tense_from_text(start, end)

    def _tense_from_parse(self, tok: Token) -> str | None:
        """The tense of the verb the expression hangs on."""
        verb = tok
        for _ in range(8):
            if verb.pos_ in ("VERB", "AUX"):
                return self._verb_tense(verb, 0)
            if verb.head is verb:
                return None
            verb = verb.head
        return None

    def _verb_tense(self, verb: Token, depth: int) -> str | None:
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {a.lower_ for a in auxes}
        if words & {"will", "'ll", "shall", "wo", "ll", "gon", "would", "'d"}:
            return FUTURE
        if "had" in words:
            return PLUPERFECT
        if words & {"has", "have", "'ve", "'s"} and verb.tag_ == "VBN":
            return PAST
        if verb.lemma_ in FUTURE_VERBS and verb.tag_ != "VBD" and (verb.tag_ != "VBN" or any(
                a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP", "VB") for a in auxes)):
            # "is scheduled for Nov. 5", "plans a rally on Saturday"; but not
            # "the service planned for Saturday was cancelled"
            return FUTURE
        if "to" in words and depth < 2:
            # An infinitive takes its direction from what governs it:
            # "plans to meet on Friday" looks ahead, "had been due to" back.
            head = verb.head
            if head is not verb:
                governors = [head, head.head] if head.pos_ == "ADJ" else [head]
                head_aux = {a.lower_ for g in governors for a in g.children if a.dep_ in ("aux", "auxpass")}
                if "had" in head_aux:
                    return PLUPERFECT
                if head.lemma_ in FUTURE_GOVERNORS:
                    return FUTURE
                if head.pos_ in ("VERB", "AUX"):
                    return self._verb_tense(head, depth + 1)
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes):
            return PAST
        if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
            return FUTURE
        present = verb.tag_ in ("VBZ", "VBP") or (verb.tag_ == "VB" and not auxes)
        if present and verb.lemma_ not in REPORTING:
            # "The talks resume Monday": a present tense that is not reporting
            # speech schedules something ahead.
            return PRESENT
        return None

    def _tense_from_text(self, start: int, end: int) -> str | None:
        s0 = 0
        for m in _SENT_END.finditer(self.text, max(0, start - 300), start):
            s0 = m.end()
        m_end = _SENT_END.search(self.text, end, end + 300)
        e0 = m_end.start() if m_end else min(len(self.text), end + 300)
        best: tuple[int, str] | None = None
        future_spans = []
        for m in _FUTURE_TEXT.finditer(self.text, s0, e0):
            future_spans.append(m.span())
            dist = start - m.end() if m.end() <= start else m.start() - end
            if best is None or abs(dist) < best[0]:
                best = (abs(dist), FUTURE)
        for m in _PAST_TEXT.finditer(self.text, s0, e0):
            if start <= m.start() < end or any(s <= m.start() < e + 16 for s, e in future_spans):
                continue  # inside the timex, or the participle of "will be held"
            dist = start - m.end() if m.end() <= start else m.start() - end
            if best is None or abs(dist) < best[0]:
                best = (abs(dist), PAST)
        return best[1] if best else None

    # ------------------------------------------------------------ shared resolution

    def _weekday(self, wd: int, rel: str, start: int, end: int) -> date | None:
        rel = _norm(rel)
        if rel in ("the previous", "the preceding", "the following", "the next"):
            anchor = self.ref_day or self.dct
            if anchor is None:
                return None
            if rel in ("the previous", "the preceding"):
                return anchor - timedelta(days=(anchor.weekday() - wd - 1) % 7 + 1)
            return anchor + timedelta(days=(wd - anchor.weekday() - 1) % 7 + 1)
        if self.dct is None:
            return None
        d = self.dct
        back = d - timedelta(days=(d.weekday() - wd) % 7)
        ahead = d + timedelta(days=(wd - d.weekday()) % 7)
        if rel == "last":
            return back if back < d else back - timedelta(days=7)
        if rel == "next":
            return ahead if ahead > d else ahead + timedelta(days=7)
        if rel in ("this", "this coming", "coming"):
            return ahead
        if rel == "this past":
            return back if back < d else back - timedelta(days=7)
        return ahead if self.tense(start, end) in (FUTURE, PRESENT) else back

    def _month(self, month: int, rel: str, start: int, end: int) -> str | None:
        if self.dct is None:
            return None
        rel = _norm(rel)
        y, m = self.dct.year, self.dct.month
        if rel in ("last", "the previous", "this past"):
            # "last February" written in March is the February of last year:
            # the month just gone would be "last month".
            year = y if month < m - 1 else y - 1
        elif rel in ("next", "the following", "the coming"):
            year = y if month > m else y + 1
        elif rel in ("this", "this coming"):
            year = y
        else:
            # The nearest such month, unless the tense points clearly the other way.
            year = y
            offset = month - m
            if offset > 6:
                year, offset = y - 1, offset - 12
            elif offset < -5:
                year, offset = y + 1, offset + 12
            tense = self.tense(start, end)
            # A month two or more ahead told in the past tense is last year's;
            # next month's may still be ahead ("reported a cutback in April",
            # where the parse often hangs the month on the verb).
            if tense == PAST and offset > 1:
                year -= 1
            elif tense in (FUTURE, PRESENT) and offset < -2:
                year += 1
        return f"{year}-{month:02d}"

    def _month_day(self, month: int, day: int, start: int, end: int) -> date | None:
        if self.dct is None:
            return None
        y = self.dct.year
        options = [d for d in (_safe_date(y + k, month, day) for k in (-1, 0, 1)) if d is not None]
        if not options:
            return None
        best = min(options, key=lambda d: abs((d - self.dct).days))
        # The nearest date, unless the tense points clearly the other way
        # ("the year ended March 31" written in November).
        tense = self.tense(start, end)
        gap = (best - self.dct).days
        if tense == PAST and gap > 75:
            past = [d for d in options if d <= self.dct]
            return past[-1] if past else best
        if tense in (FUTURE, PRESENT) and gap < -75:
            future = [d for d in options if d >= self.dct]
            return future[0] if future else best
        return best

    def _year_of(self, s: str) -> int | None:
        s = s.strip()
        if s.isdigit() and len(s) == 4:
            return int(s)
        return _spelled_year(s)

    def _rel_year(self, rel: str) -> int | None:
        if self.dct is None:
            return None
        return self.dct.year + {"last": -1, "this": 0, "next": 1}[_norm(rel)]

    # ------------------------------------------------------------ rules

    def r_iso_date(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        d = _safe_date(int(m["y"]), int(m["mo"]), int(m["d"]))
        if d is None:
            return None
        if m["hh"]:
            return "TIME", f"{d.isoformat()}T{m['hh']}:{m['mm']}"
        return "DATE", d.isoformat()

    def r_slash_date(self, c: _Cand) -> tuple[str, str | None] | None:
        a, b, ys = int(c.m["a"]), int(c.m["b"]), c.m["y"]
        year = int(ys) if len(ys) == 4 else (1900 + int(ys) if int(ys) > 30 else 2000 + int(ys))
        month, day = (a, b) if a <= 12 else (b, a)  # US order unless the first cannot be a month
        d = _safe_date(year, month, day)
        return ("DATE", d.isoformat()) if d else None

    def _capitalised(self, word: str) -> bool:
        # Month and day names are capitalised in English; lower case is the
        # verb or the modal ("may", "march").
        return word[:1].isupper()

    def r_month_day(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if not self._capitalised(m["mon"]):
            return None
        month = MONTHS[m["mon"].lower().rstrip(".")]
        dayword = _norm(m["day"])
        day = int(dayword) if dayword.isdigit() else ORDINALS.get(dayword.replace(" ", "-"), 0)
        if not day:
            parts = dayword.replace("-", " ").split()
            day = SMALL_NUMBERS.get(parts[0], 0) + ORDINALS.get(parts[-1], 0) if len(parts) == 2 else 0
        if _safe_date(2000, month, day) is None:  # no such day in any year ("Feb. 30")
            return None
        if m["year"]:
            d = _safe_date(int(m["year"]), month, day)
            return ("DATE", d.isoformat()) if d else None
        yrel = m.groupdict().get("yrel")  # "March 5 last year"; day_month has no such group
        if yrel:
            y = self._rel_year(yrel)
            d = _safe_date(y, month, day) if y else None
            return "DATE", d.isoformat() if d else None
        d = self._month_day(month, day, c.start, c.end)
        return "DATE", d.isoformat() if d else None

    def r_day_month(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if m["day"].isdigit() and not (m["year"] or m["wd"]) and m["mon"].lower() in ("may", "march"):
            return None  # "5 May" / "3 March" without a year: too often a verb after a count
        return self.r_month_day(c)

    def r_month_year(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if not self._capitalised(m["mon"]):
            return None
        month = MONTHS[m["mon"].lower().rstrip(".")]
        year = self._year_of(m["year"]) if m["year"] else self._rel_year(m["yrel"])
        if year is None:
            return "DATE", None
        return "DATE", f"{year}-{month:02d}"

    def r_month(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        word = m["mon"]
        if not self._capitalised(word):
            return None
        label = self._entity_label(m.start("mon"), m.end("mon"))
        if label in ("PERSON", "ORG", "WORK_OF_ART", "FAC", "PRODUCT"):
            return None
        after = self._after(m.end("mon"), 30)
        if not (m["rel"] or m["edge"]):
            # A bare month name needs a calendar cue before it, or to be
            # followed by something that is not the rest of a name.
            before = self._before(m.start("mon"), 16)
            cue = bool(_MONTH_CUES.search(before))
            if word.lower() in ("may", "march") and not cue:
                return None
            if _NAME_AFTER.match(after) and not _NOT_NAME_AFTER.match(after):
                return None
        value = self._month(MONTHS[word.lower()], m["rel"] or "", c.start, c.end)
        return "DATE", value

    def r_season(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        season = SEASONS[m["season"].lower()]
        rel = _norm(m["rel"] or "")
        if not (rel or m["year"] or m["edge"] or m["edge2"]):
            before = _norm(self._before(c.start, 10))
            # a bare season needs a preposition; "fall" is mostly the verb
            if m["season"].lower() == "fall" or not re.search(r"\b(?:in|during|over|by|until|since)$",
                                                              before):
                return None
        if m["year"]:
            year = self._year_of(m["year"])
            return "DATE", f"{year}-{season}" if year else None
        if self.dct is None:
            return "DATE", None
        order = ["WI", "SP", "SU", "FA"]
        now = order[(self.dct.month % 12) // 3]
        y = self.dct.year
        idx, cur = order.index(season), order.index(now)
        if rel in ("last", "the past", "the previous", "this past"):
            year = y if idx < cur else y - 1
        elif rel in ("next", "the following", "the coming"):
            year = y if idx > cur else y + 1
        elif rel in ("this", "this coming"):
            year = y
        else:
            tense = self.tense(c.start, c.end)
            if tense == FUTURE:
                year = y if idx >= cur else y + 1
            elif tense == PAST:
                year = y if idx <= cur else y - 1
            else:
                year = self._ref_year() or y
        return "DATE", f"{year}-{season}"

    def r_year(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        year = int(m["year"])
        if year < 1900 and not (m["edge"] or m["fiscal"]):
            before = _norm(self._before(m.start("year"), 14))
            if not re.search(r"\b(?:in|since|from|until|by|of|to|between|before|after|during|year|circa"
                             r"|and|the)$", before):
                return None
        if not (m["edge"] or m["fiscal"]):
            if _COUNT_NOUN_AFTER.match(self._after(m.end("year"), 24)):
                return None
            label = self._entity_label(m.start("year"), m.end("year"))
            if label in ("MONEY", "QUANTITY", "PERCENT") or (label == "CARDINAL" and year % 100 == 0):
                return None
            if re.search(r"(?:\bNo\.|\bno\.|\bNumber|#|\bRoute|\bFlight|\bRoom)\s*$",
                         self._before(c.start, 10)):
                return None
        return "DATE", str(year)

    def r_fiscal_short(self, c: _Cand) -> tuple[str, str | None] | None:
        yy = c.m["yy"]
        return "DATE", str(int(yy) if len(yy) == 4 else self._two_digit_year(int(yy)))

    def r_spelled_year(self, c: _Cand) -> tuple[str, str | None] | None:
        year = _spelled_year(c.m["sy"])
        if year is None:
            return None
        # "nineteen twenty" could be counting; only the "nineteen/twenty + tens"
        # shapes reach here, which in running text are years.
        return "DATE", str(year)

    def r_year_period(self, c: _Cand) -> tuple[str, str | None] | None:
        # "the 1988 period" in a quarterly report is that year's quarter under discussion
        what = _norm(c.m["what"])
        if what in ("period", "quarter") and self.ref_quarter and 0 <= c.start - self.ref_quarter_end <= 700:
            self._anaphoric = True
            return "DATE", f"{c.m['year']}-Q{self.ref_quarter[1]}"
        return "DATE", c.m["year"]

    def r_decade(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if m["full"]:
            return "DATE", m["full"]
        digit = int(m["short"]) if m["short"] else DECADE_WORDS[m["word"].lower()]
        if m["word"] and not c.m.group(0).lower().startswith("the"):
            return None  # "in his forties" is an age
        if self.dct is None:
            return "DATE", None
        century = self.dct.year // 100
        if century * 100 + digit * 10 > self.dct.year:
            century -= 1
        return "DATE", f"{century}{digit}"

    def r_century(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if m["rel"]:
            if self.dct is None:
                return "DATE", None
            rel = _norm(m["rel"])
            shift = 0 if rel in ("this", "the current") else (1 if "next" in rel else -1)
            return "DATE", f"{self.dct.year // 100 + shift:02d}"
        n = int(m["n"]) if m["n"] else ORDINALS.get(_norm(m["w"]), 0)
        if not 1 <= n <= 30:
            return None
        return "DATE", f"{n - 1:02d}"

    def r_rel_day(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if m["ba"]:
            if self.dct is None:
                return "DATE", None
            k = -2 if m["ba"].lower().startswith("before") else 2
            return "DATE", (self.dct + timedelta(days=k)).isoformat()
        if m["w"]:
            word = m["w"].lower()
            pod = PARTS_OF_DAY.get((m["pod"] or word).lower())
            shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
        else:
            rel = m["rel"].lower()
            pod = PARTS_OF_DAY[m["pod2"].lower()]
            shift = -1 if rel == "last" else 0
        if self.dct is None:
            return ("TIME" if pod else "DATE"), None
        d = (self.dct + timedelta(days=shift)).isoformat()
        return ("TIME", f"{d}{pod}") if pod else ("DATE", d)

    def r_pod_day(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if m["w"]:
            pod = PARTS_OF_DAY[m["pod"].lower()]
            shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[m["w"].lower()]
            anchor = self.dct + timedelta(days=shift) if self.dct else None
        else:
            pod = PARTS_OF_DAY[m["pod2"].lower()]
            anchor = self.ref_day or self.dct
        return "TIME", f"{anchor.isoformat()}{pod}" if anchor else None

    def r_weekday(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if not self._capitalised(m["wd"]):
            return None
        wd = WEEKDAYS[m["wd"].lower()]
        pod_word = (m["pod"] or "").lower()
        if pod_word == "nights":
            pod = PARTS_OF_DAY.get(pod_word, "")
            return "SET", f"XXXX-WXX-{wd + 1}{pod}"
        if _PUBLICATION_AFTER.match(self._after(m.end("wd"), 24)):
            return None
        label = self._entity_label(m.start("wd"), m.end("wd"))
        if label in ("ORG", "WORK_OF_ART", "PERSON", "EVENT", "FAC"):
            return None
        if not m["rel"] and re.search(r"\b(?:a|any|every|each)\s+$", self._before(c.start, 8), _FLAGS):
            return "DATE", f"XXXX-WXX-{wd + 1}"  # "fell on a Monday": no particular one
        d = self._weekday(wd, m["rel"] or "", c.start, c.end)
        if pod_word:
            return "TIME", f"{d.isoformat()}{PARTS_OF_DAY[pod_word]}" if d else None
        return "DATE", d.isoformat() if d else None

    def r_clock(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if m["noon"]:
            if re.search(r"\bhigh\s+$", self._before(c.start, 8), _FLAGS):
                return None
            hour, minute = {"noon": (12, 0), "midday": (12, 0), "midnight": (24, 0)}[m["noon"].lower()]
        elif m["h24"]:
            hour, minute = int(m["h24"]), int(m["mi24"])
        elif m["hw"]:
            hw = m["hw"].lower()
            hour = int(hw) if hw.isdigit() else SMALL_NUMBERS.get(hw, -1)
            minute = 0
            tpod = (m["tpod"] or "").lower()
            if tpod in ("afternoon", "evening", "night") and 1 <= hour < 12:
                hour += 12
        else:
            hour, minute = int(m["h"]), int(m["mi"] or 0)
            ap = m["ap"].lower().replace(".", "").replace(" ", "")
            if ap.startswith("p") and hour < 12:
                hour += 12
            elif ap.startswith("a") and hour == 12:
                hour = 0
        if not (0 <= hour <= 24 and 0 <= minute < 60):
            return None
        day = self._anchor_day(m["anchor"], c) if m["anchor"] else (self.ref_day or self.dct)
        if day is None:
            return "TIME", None
        return "TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}"

    def r_clock24(self, c: _Cand) -> tuple[str, str | None] | None:
        # "10:30" alone could be a ratio or a score: a time only after a
        # preposition of time or before a time zone
        cue = re.search(r"\b(?:at|by|until|till|before|after|around|about|from|to|since)\s+$",
                        self._before(c.start, 10), _FLAGS)
        if not (cue or c.m["tz"]):
            return None
        hour, minute = int(c.m["h"]), int(c.m["mi"])
        day = self.ref_day or self.dct
        return "TIME", f"{day.isoformat()}T{hour:02d}:{minute:02d}" if day else None

    def _anchor_day(self, anchor: str, c: _Cand) -> date | None:
        a = _norm(anchor)
        if a in WEEKDAYS:
            return self._weekday(WEEKDAYS[a], "", c.start, c.end)
        if a in ("today", "tonight", "yesterday", "tomorrow"):
            if self.dct is None:
                return None
            return self.dct + timedelta(days={"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[a])
        mm = re.match(r"(\w+)\.?\s+(\d{1,2})(?:\s*,\s*(\d{4}))?", a)
        if not mm or mm.group(1) not in MONTHS:
            return None
        month, day = MONTHS[mm.group(1)], int(mm.group(2))
        if mm.group(3):
            return _safe_date(int(mm.group(3)), month, day)
        return self._month_day(month, day, c.start, c.end)

    def r_rel_unit(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        rel = _norm(m["rel"])
        unit = m["unit"].lower()
        edge = _norm(m["edge"] or "")
        if unit == "year" and rel == "the" and (m["ended"] or m["fiscal"] and m["ended"]):
            return "DURATION", "P1Y"
        if rel == "the" and unit == "decade":
            return None
        if m["ended"] and unit in ("week", "month"):
            return "DURATION", f"P1{unit[0].upper()}"
        d = self.dct
        if rel in ("that", "the same"):
            return self._anaphoric_unit(unit)
        if rel in ("the previous", "the prior", "the following"):
            return self._anaphoric_unit(unit, -1 if rel != "the following" else 1)
        if d is None:
            return "DATE", None
        if rel in ("last", "the past", "the last", "this past"):
            shift = -1
        elif rel in ("next", "the next", "the coming", "coming", "this coming"):
            shift = 1
        else:
            shift = 0
        if unit == "year":
            if rel == "the latest" and m["fiscal"]:
                shift = -1
            if edge == "until" and shift == 0:
                return None
            return "DATE", str(d.year + shift)
        if unit == "month":
            y, mo = _add_months(d.year, d.month, shift)
            return "DATE", f"{y}-{mo:02d}"
        if unit == "week":
            return "DATE", _week(d + timedelta(days=7 * shift))
        if unit == "decade":
            return "DATE", str(d.year // 10 + shift)
        # weekend
        if shift == 0 and rel in ("the", "this"):
            # "over the weekend" in a story written on a weekday is the one just past
            tense = self.tense(c.start, c.end)
            if (rel == "the" and d.weekday() < 5 and tense in (PAST, None)) or (
                    rel == "this" and d.weekday() < 2 and tense == PAST):
                shift = -1
        elif shift == -1 and d.weekday() >= 5 and rel == "this past":
            shift = 0
        return "DATE", _week(d + timedelta(days=7 * shift)) + "-WE"

    def _anaphoric_unit(self, unit: str, shift: int = 0) -> tuple[str, str | None] | None:
        ref = self.ref_day or self.dct
        year = self._ref_year()
        if unit == "year":
            return "DATE", str(year + shift) if year is not None else None
        if unit == "month":
            m = re.match(r"^(\d{4})-(\d\d)(?:$|-)", self.ref_value or "")
            if m:
                y, mo = _add_months(int(m.group(1)), int(m.group(2)), shift)
                return "DATE", f"{y}-{mo:02d}"
        if ref is None:
            return "DATE", None
        if unit == "month":
            y, mo = _add_months(ref.year, ref.month, shift)
            return "DATE", f"{y}-{mo:02d}"
        if unit == "week":
            return "DATE", _week(ref + timedelta(days=7 * shift))
        if unit == "weekend":
            return "DATE", _week(ref + timedelta(days=7 * shift)) + "-WE"
        return None

    def r_year_end(self, c: _Cand) -> tuple[str, str | None] | None:
        return "DATE", str(self.dct.year) if self.dct else None

    def _default_quarter_year(self, q: int, c: _Cand) -> int | None:
        if self.dct is None:
            return None
        y, now = _quarter(self.dct)
        # The latest quarter of that number that has begun by the publication
        # date (results are reported after the quarter ends), unless the
        # clause looks ahead to one that has not begun.
        if q <= now:
            return y
        return y if self.tense(c.start, c.end) == FUTURE else y - 1

    def _ref_q(self) -> tuple[int, int] | None:
        if self.ref_quarter:
            return self.ref_quarter
        if self.dct is None:
            return None
        return _add_quarters(*_quarter(self.dct), -1)

    def r_quarter(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        ordw = m["ord"].lower()
        qh = m["qh"].lower()
        pre = _norm(m["pre"] or "")
        the = _norm(m["the"] or "")
        n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
             "final": 4, "last": 4}[ordw]
        if qh == "half":
            n = 1 if n == 1 else 2
        letter = "Q" if qh == "quarter" else "H"
        year: int | None = None
        yearmatch = re.search(r"\b(\d{4})\b", pre)
        if m["y2"] or m["fy"]:
            year = int(m["y2"] or m["fy"])
        elif m["rel2"]:
            year = self._rel_year(m["rel2"])
        elif yearmatch:
            year = int(yearmatch.group(1))
        elif "last year's" in pre:
            year = self._rel_year("last")
        elif "this year's" in pre:
            year = self._rel_year("this")
        elif "next year's" in pre:
            year = self._rel_year("next")
        elif "year-ago" in pre or "year-earlier" in pre or "year ago" in pre:
            self._anaphoric = True
            ref = self._ref_q()
            year = ref[0] - 1 if ref else None
        elif ordw == "last" and letter == "Q" and the in ("the", "last"):
            # "last quarter" is the one before the current, not the fourth
            if self.dct is None:
                return "DATE", None
            y, q = _add_quarters(*_quarter(self.dct), -1)
            return "DATE", f"{y}-Q{q}"
        elif letter == "H" and self.dct is not None:
            y = self.dct.year
            half_now = 1 if self.dct.month <= 6 else 2
            year = y if n <= half_now or self.tense(c.start, c.end) == FUTURE else y - 1
        else:
            year = self._default_quarter_year(n, c)
        return "DATE", f"{year}-{letter}{n}" if year is not None else None

    def r_quarter_ref(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        pre = _norm(m["pre"] or "")
        the = _norm(m["the"])
        unit = m["u"].lower()
        year_ago = bool(m["ago"]) or any(w in pre for w in ("year-ago", "year-earlier", "year ago")) \
            or the == "last year's"
        if unit == "period" and not (pre or m["ago"] or the not in ("the", "that")):
            return None  # "the period" alone is too vague to mark
        if self.dct is None:
            return "DATE", None
        if year_ago:
            self._anaphoric = True
        if any(w in pre for w in ("latest", "most recent", "just-ended", "just ended")):
            # the last quarter completed by the publication date
            y, q = _add_quarters(*_quarter(self.dct), -1)
        elif the == "this" and self.ref_quarter and 0 <= c.start - self.ref_quarter_end <= 700:
            # "this quarter's loss" in a quarterly report is the quarter reported on
            y, q = self.ref_quarter
        elif the == "this" or "current" in pre:
            y, q = _quarter(self.dct)
        elif the in ("last", "next") or "previous" in pre or "prior" in pre:
            y, q = _add_quarters(*_quarter(self.dct), -1 if the != "next" else 1)
        else:
            ref = self._ref_q()
            if ref is None:
                return "DATE", None
            y, q = ref
        if year_ago:
            y -= 1
        return "DATE", f"{y}-Q{q}"

    def _year_back(self, c: _Cand, anchor_dct: bool) -> str | None:
        """A year before the period under discussion: a quarter in quarterly
        results, else the year."""
        if self.ref_quarter and 0 <= c.start - self.ref_quarter_end <= 700:
            y, q = self.ref_quarter
            return f"{y - 1}-Q{q}"
        if anchor_dct:
            return str(self.dct.year - 1) if self.dct else None
        year = self._ref_year()
        return str(year - 1) if year is not None else None

    def r_year_adj(self, c: _Cand) -> tuple[str, str | None] | None:
        self._anaphoric = True
        return "DATE", self._year_back(c, anchor_dct=False)

    def r_ago(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        direction = _norm(m["dir"])
        unit = m["unit"].lower()
        unit = "century" if unit.startswith("centur") else unit.rstrip("s")
        n = parse_number(m["num"])
        if unit in ("second", "minute", "hour"):
            return "DATE", "PAST_REF" if direction in ("ago", "earlier", "back") else "FUTURE_REF"
        sign = -1 if direction in ("ago", "earlier", "back") else 1
        if n is None:
            return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF"
        if direction == "earlier":
            # "a year earlier" is anaphoric: relative to the period just discussed
            self._anaphoric = True
            if unit == "year" and n == 1:
                return "DATE", self._year_back(c, anchor_dct=False)
            anchor = self.ref_day or self.dct
        else:
            if unit == "year" and n == 1 and direction == "ago":
                self._anaphoric = True
                return "DATE", self._year_back(c, anchor_dct=True)
            anchor = self.dct
        if anchor is None:
            return "DATE", None
        k = int(round(n))
        if unit in ("year", "decade", "century"):
            k *= {"year": 1, "decade": 10, "century": 100}[unit]
            return "DATE", str(anchor.year + sign * k)
        if unit == "month":
            y, mo = _add_months(anchor.year, anchor.month, sign * k)
            return "DATE", f"{y}-{mo:02d}"
        if unit == "quarter":
            y, q = _add_quarters(*_quarter(anchor), sign * k)
            return "DATE", f"{y}-Q{q}"
        if unit in ("week", "fortnight"):
            days = 7 * k * (2 if unit == "fortnight" else 1)
            return "DATE", _week(anchor + timedelta(days=sign * days))
        if unit == "day":
            return "DATE", (anchor + timedelta(days=sign * k)).isoformat()
        return None

    def r_bare_ago(self, c: _Cand) -> tuple[str, str | None] | None:
        direction = _norm(c.m["dir"])
        return "DATE", "PAST_REF" if direction in ("ago", "earlier") else "FUTURE_REF"

    def r_duration(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        # "52 years old" / "a 6-month-old son" are ages, which TimeBank leaves
        # out; "an 8-month-old truce" is a duration.
        if m["old"] and m["old"].lower().strip() in ("-old", "old") and not _STATE_NOUN_AFTER.match(
                self._after(c.end, 30)):
            return None
        num_text = _norm(m["num"])
        unit = m["unit"].lower()
        if num_text in ("a", "an") and unit in ("second", "quarter") and not m["the"]:
            return None  # "a second" is mostly the ordinal; "a quarter" a fraction
        if unit.startswith("quarter") and re.match(r"\s+of\b", self._after(c.end, 6)):
            return None  # "three-quarters of the budget"
        if num_text.isdigit() and len(num_text) == 4 and not unit.endswith("s"):
            return None  # "the 1988 quarter" is a year, not 1988 quarters
        if num_text == "one" and unit == "day" and re.search(r"\b(?:will|would|could|may|might|can|shall|'ll|"
                                                             r"hopes?|hoped|must|should)\s+$",
                                                             self._before(c.start, 12), _FLAGS):
            return "DATE", "FUTURE_REF"  # "will one day be"
        if num_text in ("some", "many") and not unit.endswith("s"):
            return None
        n = parse_number(m["num"])
        if m["num2"] is not None and n is not None:
            n2 = parse_number(m["num2"])
            if n2 is not None and n2 > n and n2 - n > 2:
                n = None  # "12 to 18 months": a range, written as unknown
        if n is not None and m["half"]:
            n += 0.5
        if n is not None and n > 10000:
            return None
        return "DURATION", _duration_value(n, unit)

    def r_bare_units(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        unit = m["unit"].lower()
        rel = (m["rel"] or "").lower()
        if m["long"] and m["long"].lower() == "-old":
            return "DURATION", _duration_value(None, unit)
        after = self._after(c.end, 12)
        if re.match(r"\s+(?:old|of\s+age|ago|earlier|later)\b", after, _FLAGS):
            return None
        if rel == "coming":
            return "DATE", "FUTURE_REF"
        if rel == "recent" and unit in ("years", "days"):
            return "DATE", "PAST_REF"
        if not (m["the"] or rel or m["long"]) and unit in ("days", "hours", "minutes", "quarters"):
            before = _norm(self._before(c.start, 12))
            if not re.search(r"\b(?:for|within|in|over|after|took|take|takes|lasted|last|lasting)$", before):
                return None
        if m["the"] and not rel and unit in ("days", "hours", "minutes", "weeks", "months", "quarters"):
            return None  # "the days of cheap money" names an era, not a span
        return "DURATION", _duration_value(None, unit)

    def r_refword(self, c: _Cand) -> tuple[str, str | None] | None:
        w = _norm(c.m["w"])
        after = self._after(c.end, 20)
        if w in ("now", "right now", "just now", "currently", "nowadays", "these days", "at present",
                 "the present"):
            if w == "the present" and re.match(r"\s+(?:day|time)\b", after):
                return None
            return "DATE", "PRESENT_REF"
        if w == "current":
            # the adjective only, and not the economist's "current account"
            if not re.match(r"\s+[a-z]", after) or re.match(r"\s+(?:accounts?|affairs|events)\b", after):
                return None
            if self.doc is not None:
                span = self.doc.char_span(c.start, c.end)
                if span is not None and span[0].pos_ != "ADJ":
                    return None
            return "DATE", "PRESENT_REF"
        if w.endswith("recently") or w in ("lately", "the past", "past years"):
            if w == "the past" and re.match(r"\s*(?:tense|participle|is\s+prologue)\b", after):
                return None
            return "DATE", "PAST_REF"
        if w == "recent":
            if not re.match(r"\s+\w", after):
                return None
            return "DATE", "PAST_REF"
        if w == "soon":
            before = _norm(self._before(c.start, 8))
            # "as soon as", "soon after": conjunctions, not a reference to the future
            if before.endswith(("as", "how", "too")) or re.match(r"\s+(?:after|afterwards?|thereafter|as)\b",
                                                                 after):
                return None
            return "DATE", "FUTURE_REF"
        if w.startswith("the ") and w.endswith("future") and re.match(r"\s+of\b", after):
            return None
        return "DATE", "FUTURE_REF"

    def r_set_adverb(self, c: _Cand) -> tuple[str, str | None] | None:
        return "SET", {"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
                       "hourly": "PT1H", "nightly": "XXXX-XX-XXTNI", "biweekly": "P2W",
                       "semiannually": "P6M"}[c.m["adv"].lower()]

    def r_set_weekdays(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        if not self._capitalised(m["wdp"]):
            return None
        # "on Mondays", "most Fridays"; a bare plural is too often a name's part
        if not re.search(r"\b(?:on|most|some|many|all|other)\s+$", self._before(c.start, 8), _FLAGS):
            return None
        return "SET", f"XXXX-WXX-{WEEKDAYS[m['wdp'].lower()] + 1}"

    def r_set_each(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        u = m["u"].lower()
        n = 2.0 if m["other"] else (parse_number(m["n"]) if m["n"] else 1.0)
        if u in WEEKDAYS:
            return "SET", f"XXXX-WXX-{WEEKDAYS[u] + 1}"
        if u in MONTHS:
            return "SET", f"XXXX-{MONTHS[u]:02d}"
        if u in SEASONS:
            return "SET", f"XXXX-{SEASONS[u]}"
        base = u.rstrip("s")
        if base in ("morning", "afternoon", "evening", "night"):
            return "SET", f"XXXX-XX-XX{PARTS_OF_DAY[base]}"
        if base == "weekend":
            return "SET", "XXXX-WXX-WE"
        if base == "quarter":
            return "SET", f"P{int(n or 1)}Q"
        return "SET", _duration_value(n, base)

    def r_set_rate(self, c: _Cand) -> tuple[str, str | None] | None:
        # "a year" is a rate ("$30 a month", "twice a year") only right after a figure
        m = c.m
        if not m["times"]:
            before = self._before(m.start("a"), 50)
            if _SET_BLOCKERS_BEFORE.search(before) or _SET_BLOCKERS_AFTER.match(self._after(c.end, 14)):
                return None
            clause = re.split(r"[.;:!?]|\b(?:and|but|or)\b", before)[-1]
            if not _QUANTITY_BEFORE.search(clause):
                return None
        return "SET", _duration_value(1.0, m["ua"].lower())

    def r_quarter_abbr(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        letter, n = ("Q", m["q"] or m["q2"]) if (m["q"] or m["q2"]) else ("H", m["h"] or m["h2"])
        if m["y"]:
            yy = m["y"]
            year = int(yy) if len(yy) == 4 else self._two_digit_year(int(yy))
        else:
            year = (self._default_quarter_year(int(n), c) if letter == "Q"
                    else (self.dct.year if self.dct else None))
        return "DATE", f"{year}-{letter}{n}" if year is not None else None

    def _two_digit_year(self, yy: int) -> int:
        if self.dct is not None:
            century = self.dct.year // 100 * 100
            return century + yy if century + yy <= self.dct.year + 20 else century - 100 + yy
        return 1900 + yy if yy > 30 else 2000 + yy

    def r_holiday(self, c: _Cand) -> tuple[str, str | None] | None:
        m = c.m
        key = _norm(m["h"])
        fn = HOLIDAYS.get(key)
        if fn is None:
            return None
        if m["year"]:
            return "DATE", fn(int(m["year"])).isoformat()
        if self.dct is None:
            return "DATE", None
        rel = _norm(m["rel"] or "")
        y = self.dct.year
        this_year = fn(y)
        if rel == "last":
            d = this_year if this_year < self.dct else fn(y - 1)
        elif rel == "next":
            d = this_year if this_year > self.dct else fn(y + 1)
        elif rel == "this":
            d = this_year
        else:
            tense = self.tense(c.start, c.end)
            if tense == FUTURE:
                d = this_year if this_year >= self.dct else fn(y + 1)
            else:
                d = this_year if this_year <= self.dct else fn(y - 1)
        return "DATE", d.isoformat()

    def r_anaphor_day(self, c: _Cand) -> tuple[str, str | None] | None:
        w = _norm(c.m["w"])
        anchor = self.ref_day or self.dct
        if anchor is None:
            return ("TIME" if w.startswith("that") and not w.endswith("day") else "DATE"), None
        if w.startswith("that") and not w.endswith("day"):
            return "TIME", f"{anchor.isoformat()}{PARTS_OF_DAY[w.split()[-1]]}"
        shift = -1 if ("previous" in w or "preceding" in w) else int("next" in w or "following" in w)
        return "DATE", (anchor + timedelta(days=shift)).isoformat()
