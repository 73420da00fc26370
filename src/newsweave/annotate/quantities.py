"""Figures with what they count: "about 1,000 U.S. troops" → 1000 troops, qualifier "about".

Later stages line figures up across articles to see which agree and which
conflict, so each figure carries a number, a normalised unit that can be
compared across articles, and the counted thing as written.

Finding works in two passes. A text pass (regular expressions, no spaCy)
finds number expressions: digits, number words, currency, scale words,
percent and measure units, ranges and qualifiers, and throws out what only
looks like a figure (dates, years, clock times, phone numbers, list markers,
ordinals, numbers inside names). When a spaCy Doc is given, its dependency
parse says which noun the number counts and its entities veto names and
years; without one a word scan guesses the noun, at lower quality.

Conventions (the gold file in tests/fixtures/figures follows them):

* A figure is a cardinal that counts or measures something: people, things,
  money, percentages, measures, ages. Not figures: ordinals, years, dates,
  clock times, durations ("two days", "a 90-day review": those belong to the
  time expressions), phone numbers, list markers, identifiers ("Route 9",
  "Resolution 2417", "G7", "F-35", "Articles 76 and 77", "12 Baker Street"),
  codes with a leading zero ("0800"), scores, votes and win-loss records
  ("3-1", "opened 9-14"), ratios ("one in five"), fractions ("half", "a
  third"), multipliers ("three times", "a two-time winner").
* A bare "one" is not a figure (it is mostly a pronoun or an article: "one
  official said", "one of the envoys", "a one-off"); "1", "one million", "one
  percent", "at least one dose" and "one or two" are.
* A four-digit number from 1000 to 2100 is a year unless it plainly counts a
  noun ("2000 candidates") or carries a currency or unit.
* The span (`text`) is qualifier + number + its unit of measure ("about
  1,000", "$110 million", "12 percent", "six-year-old"); the counted noun is
  not in it but in `about`.
* `unit` is the counted noun in its plural form, lower-cased ("troops",
  "soldiers", "people", "personnel", "members" for "service members"; an
  acronym keeps its case: "RBIs"), an ISO currency code ("USD", "EGP" for
  "Egyptian pounds"; the plural name, "shillings", when the text does not say
  which), "percent", "percentage points", a
  measure ("km", "km2", "m", "kg", "tonnes", "hectares", "°C", "MW", ...), or
  "years" (also "months", ...) for ages. None when the text names no unit
  ("the toll rose to 37").
* Ages are figures: "six-year-old", "aged 8", "Jane Doe, 36,", "She was 88.",
  "died at 79", "a girl of 16" (but "a father of three" counts children).
* Ranges ("between 600 and 700", "600 to 700", "600-700", "two or three")
  are one figure: `value` is the lower bound, `qualifier` "between"; the
  upper bound is in the text and `quantity_bounds` reads it back.
* Vague multiples ("hundreds of", "dozens of", "thousands of", "tens of
  thousands of", "millions of") take the value of their scale (100, 12, 1000,
  10000, 1e6) and the qualifier names the phrase, always ending in "of";
  "several hundred" / "a few thousand" take the scale with qualifier
  "several" / "a few".
* Qualifiers are normalised to: "about" (around, roughly, approximately,
  some, an estimated, or so), "nearly" (almost, close to, just under),
  "more than" (over, above, in excess of, upwards of, -plus), "at least" (no
  fewer than, or more), "up to" (as many as, no more than, at most),
  "fewer than" (less than, under, below), "exactly", "between", and the vague
  ones above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from newsweave.model import Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["find_quantities", "quantity_bounds"]

# --------------------------------------------------------------------------
# Lexicons

_SMALL = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_BIG = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_SCALE_WORDS = {"hundred": 100, "dozen": 12, **_BIG}
_VAGUE_VALUE = {"dozens": 12, "hundreds": 100, "thousands": 10**3, "millions": 10**6, "billions": 10**9}
_SCALE_ABBR = {"k": 10**3, "m": 10**6, "mn": 10**6, "mln": 10**6, "b": 10**9, "bn": 10**9, "tn": 10**12,
               "trn": 10**12}

_CURRENCY_SYMBOL = {"$": "USD", "us$": "USD", "u.s.$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD",
                    "ca$": "CAD", "hk$": "HKD", "nz$": "NZD", "s$": "SGD", "€": "EUR", "£": "GBP", "¥": "JPY",
                    "₹": "INR", "₦": "NGN"}
# A currency name: the code it has alone (None when that is ambiguous: "francs", "shillings") and the
# codes its nationality adjective selects ("Egyptian pounds" are not sterling).
_CURRENCIES: dict[str, tuple[str | None, dict[str, str]]] = {
    "dollar": ("USD", {"us": "USD", "u.s.": "USD", "american": "USD", "canadian": "CAD", "australian": "AUD",
                       "hong kong": "HKD", "new zealand": "NZD", "singapore": "SGD", "taiwan": "TWD",
                       "taiwanese": "TWD", "zimbabwean": "ZWL", "liberian": "LRD", "namibian": "NAD",
                       "jamaican": "JMD"}),
    "pound": ("GBP", {"british": "GBP", "uk": "GBP", "u.k.": "GBP", "egyptian": "EGP", "lebanese": "LBP",
                      "syrian": "SYP", "sudanese": "SDG", "south sudanese": "SSP"}),
    "sterling": ("GBP", {}), "euro": ("EUR", {}), "yen": ("JPY", {"japanese": "JPY"}),
    "yuan": ("CNY", {"chinese": "CNY"}), "renminbi": ("CNY", {}),
    "franc": (None, {"swiss": "CHF", "cfa": "XOF", "congolese": "CDF", "rwandan": "RWF", "burundian": "BIF",
                     "guinean": "GNF"}),
    "shilling": (None, {"kenyan": "KES", "ugandan": "UGX", "tanzanian": "TZS", "somali": "SOS"}),
    "rupee": ("INR", {"indian": "INR", "pakistani": "PKR", "sri lankan": "LKR", "nepalese": "NPR"}),
    "dinar": (None, {"iraqi": "IQD", "kuwaiti": "KWD", "jordanian": "JOD", "libyan": "LYD", "tunisian": "TND",
                     "algerian": "DZD", "serbian": "RSD", "bahraini": "BHD"}),
    "riyal": ("SAR", {"saudi": "SAR", "qatari": "QAR", "omani": "OMR", "yemeni": "YER"}),
    "rial": (None, {"iranian": "IRR", "omani": "OMR", "yemeni": "YER"}),
    "peso": (None, {"mexican": "MXN", "argentine": "ARS", "argentinian": "ARS", "philippine": "PHP",
                    "colombian": "COP", "chilean": "CLP"}),
    "naira": ("NGN", {}), "cedi": ("GHS", {}), "rand": ("ZAR", {}), "rouble": ("RUB", {}),
    "ruble": ("RUB", {}), "shekel": ("ILS", {}), "lira": ("TRY", {}), "hryvnia": ("UAH", {}),
    "zloty": ("PLN", {}), "forint": ("HUF", {}), "ringgit": ("MYR", {}), "baht": ("THB", {}),
    "rupiah": ("IDR", {}), "birr": ("ETB", {}),
}
# Every written form of a currency name → its base entry in _CURRENCIES.
_CURRENCY_WORD: dict[str, str] = {base: base for base in _CURRENCIES}
_CURRENCY_WORD.update({base + "s": base for base in _CURRENCIES if not base.endswith(("a", "i", "g", "n"))})
_CURRENCY_WORD.update({"pesos": "peso", "cedis": "cedi", "liras": "lira", "lire": "lira", "zlotys": "zloty",
                       "hryvnias": "hryvnia", "euros": "euro", "shillings": "shilling"})


def _currency_code(word: str, nation: str = "") -> str:
    """The ISO code of a currency name, or the name itself (plural) when it does not say which one."""
    base = _CURRENCY_WORD[word.lower()]
    default, by_nation = _CURRENCIES[base]
    nation = " ".join(nation.lower().split())
    if nation and by_nation and nation not in by_nation:
        # An unknown nationality ("Falkland pounds") must not fall back to the common currency.
        return _PLURAL_CURRENCY.get(base, base + "s")
    return by_nation.get(nation) or default or _PLURAL_CURRENCY.get(base, base + "s")


_PLURAL_CURRENCY = {"peso": "pesos", "lira": "lira", "naira": "naira", "rand": "rand", "baht": "baht",
                    "yen": "yen", "yuan": "yuan", "renminbi": "renminbi", "sterling": "sterling",
                    "rupiah": "rupiah", "birr": "birr", "ringgit": "ringgit", "hryvnia": "hryvnias"}


# Measure units, longest spelling first so "miles" wins over "m".
_MEASURES: list[tuple[str, str]] = [
    (r"square[ \t]+kilomet(?:re|er)s?", "km2"), (r"sq\.?[ \t]*km", "km2"), (r"km2|km²", "km2"),
    (r"square[ \t]+miles?|sq\.?[ \t]*miles?", "sq miles"), (r"square[ \t]+met(?:re|er)s?|m2|m²", "m2"),
    (r"cubic[ \t]+met(?:re|er)s?|m3|m³", "m3"),
    (r"kilomet(?:re|er)s[ \t]+(?:per|an)[ \t]+hour|km/h|kph", "km/h"),
    (r"miles[ \t]+(?:per|an)[ \t]+hour|mph", "mph"),
    (r"nautical[ \t]+miles?", "nautical miles"), (r"kilomet(?:re|er)s?|kms?", "km"), (r"miles?", "miles"),
    (r"centimet(?:re|er)s?|cm", "cm"), (r"millimet(?:re|er)s?|mm", "mm"), (r"met(?:re|er)s?|m", "m"),
    (r"feet|foot|ft", "feet"), (r"inch(?:es)?", "inches"),
    (r"metric[ \t]+tons?|tonnes?|tons?", "tonnes"), (r"kilo(?:gram(?:me)?s?|s)?|kgs?", "kg"),
    (r"grams?|grammes?", "g"), (r"lbs?", "lb"),
    (r"litres?|liters?", "litres"), (r"gallons?", "gallons"), (r"hectares?", "hectares"), (r"acres?",
    "acres"),
    (r"degrees[ \t]+(?:Celsius|centigrade|C)\b|°[ \t]?C", "°C"),
    (r"degrees[ \t]+(?:Fahrenheit|F)\b|°[ \t]?F", "°F"),
    (r"degrees", "degrees"),
    (r"megawatts?|MW", "MW"), (r"gigawatts?|GW", "GW"), (r"kilowatts?|kW", "kW"),
    (r"kilowatt[ -]hours?|kWh", "kWh"), (r"megawatt[ -]hours?|MWh", "MWh"), (r"gigawatt[ -]hours?|GWh",
    "GWh"),
]
_MEASURE_WORD = {"kilometre": "km", "kilometer": "km", "kilometres": "km", "kilometers": "km", "km": "km",
                 "mile": "miles", "miles": "miles", "metre": "m", "meter": "m", "metres": "m", "meters": "m",
                 "foot": "feet", "feet": "feet", "inch": "inches", "tonne": "tonnes", "ton": "tonnes",
                 "tonnes": "tonnes", "tons": "tonnes", "kilogram": "kg", "kilograms": "kg", "kilo": "kg",
                 "kg": "kg", "litre": "litres", "liter": "litres", "litres": "litres", "gallon": "gallons",
                 "hectare": "hectares", "hectares": "hectares", "acre": "acres", "acres": "acres",
                 "megawatt": "MW", "megawatts": "MW", "centimetre": "cm", "millimetre": "mm", "gram": "g"}

_TIME_UNITS = {"second", "seconds", "minute", "minutes", "hour", "hours", "day", "days", "night", "nights",
               "week", "weeks", "weekend", "weekends", "fortnight", "fortnights", "month", "months", "year",
               "years", "decade", "decades", "century", "centuries", "quarter", "quarters", "semester",
               "term",
               "season", "seasons"}
_DECADE_WORDS = {"twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties"}
_FRACTIONS = {"half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths", "sixth",
"sixths",
              "tenth", "tenths", "fold"}

# Words that may stand capitalised before a number without making it part of
# a name ("The 300", "About 40", "Some 200", "Saturday 100 people").
_FUNCTION = {
    "the", "a", "an", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "from", "by", "with",
    "about", "around", "roughly", "approximately", "some", "nearly", "almost", "over", "under", "above",
    "below", "more", "less", "fewer", "than", "least", "most", "up", "between", "only", "just", "another",
    "all", "these", "those", "this", "that", "its", "their", "his", "her", "our", "my", "your", "we", "they",
    "he", "she", "it", "i", "you", "who", "which", "after", "before", "since", "until", "during", "while",
    "when", "if", "as", "so", "then", "there", "here", "exactly", "estimated", "further", "other",
    "each", "every", "both", "many", "several", "few", "no", "not", "yet", "still", "also", "even",
    "among", "against", "across", "into", "through", "per", "via", "like", "once", "first",
    "last", "next", "total", "aged", "age", "put", "had", "has", "have", "killed", "said", "says", "say",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday",
    "tonight", "overall", "altogether", "however", "meanwhile", "now",
}
# A number right after one of these is an identifier, not an amount ("junction 12", "page 4").
_LABEL_NOUNS = {
    "no", "no.", "nos", "nos.", "number", "#", "article", "articles", "section", "sections", "chapter",
    "page", "pages", "paragraph", "item", "rule", "clause", "annex", "junction", "exit", "gate", "platform",
    "route", "room", "flight", "terminal", "level", "grade", "phase", "stage", "category", "model", "version",
    "season", "episode", "week", "day", "round", "game", "leg", "unit", "block", "building", "lot", "zone",
    "district", "ward", "row", "seat", "floor", "line", "track", "channel", "pier", "berth", "bus", "highway",
    "road", "street", "avenue", "box", "form", "resolution", "amendment", "act", "table", "figure", "step",
    "tier", "class", "band", "division", "battalion", "brigade", "regiment", "corps", "squad", "team",
    "issue",
    "volume", "vol", "vol.", "p.", "pp.", "ch.", "art.", "sec.", "fig.", "code", "size", "type",
    "hole", "lane", "sector", "camp", "base", "post", "checkpoint", "kilometre", "km", "mile",
}
# Nouns that take an appositive age ("a third man, 45,") even when not a name.
_PERSON_NOUNS = {
    "man", "woman", "boy", "girl", "son", "daughter", "mother", "father", "wife", "husband", "brother",
    "sister", "child", "teenager", "suspect", "victim", "driver", "resident", "farmer", "student", "teacher",
    "officer", "soldier", "worker", "grandmother", "grandfather", "grandson", "granddaughter", "nurse",
    "doctor", "pilot", "mayor", "player", "striker", "owner", "partner", "journalist", "priest", "widow",
}
_INVARIANT = {"personnel", "police", "staff", "people", "cattle", "livestock", "aircraft", "sheep", "fish",
              "deer", "series", "species", "equipment", "crew", "infantry", "artillery", "clergy", "militia",
              "youth", "offspring", "headquarters", "swine", "poultry", "spacecraft", "watercraft"}
_IRREGULAR = {"person": "people", "persons": "people", "man": "men", "woman": "women", "child": "children",
              "foot": "feet", "tooth": "teeth", "mouse": "mice", "goose": "geese", "life": "lives",
              "wife": "wives", "knife": "knives", "leaf": "leaves", "half": "halves", "thief": "thieves",
              "wolf": "wolves", "shelf": "shelves", "calf": "calves", "loaf": "loaves",
              "criterion": "criteria",
              "phenomenon": "phenomena", "businessman": "businessmen", "policeman": "policemen",
              "fisherman": "fishermen", "gunman": "gunmen", "chairman": "chairmen",
              "serviceman": "servicemen",
              "servicewoman": "servicewomen", "congressman": "congressmen", "spokesman": "spokesmen"}
_PLURAL_MARKS = {"men", "women", "children", "people", "police", "personnel", "staff", "feet", "cattle"}

# Words that end the noun phrase after a number in the doc-free scan.
_STOP = {
    "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "to", "for", "from", "by", "with", "as",
    "into", "than", "that", "which", "who", "whom", "whose", "were", "was", "are", "is", "be", "been",
    "being",
    "have", "has", "had", "will", "would", "could", "can", "may", "might", "must", "should", "shall", "did",
    "do", "does", "said", "says", "say", "each", "more", "less", "fewer", "this", "these", "those", "its",
    "their", "his", "her", "our", "it", "they", "them", "he", "she", "we", "you", "i", "not", "no", "so",
    "per", "a.m.", "p.m.", "ago", "earlier", "later", "before", "after", "since", "until", "during", "while",
    "when", "where", "if", "because", "between", "across", "through", "over", "under", "above", "below",
    "among", "against", "about", "around", "off", "up", "down", "out", "away", "back", "still", "also",
    "now", "then", "there", "here", "only", "just", "even", "indoors", "outdoors", "abroad", "overseas",
    "alone", "apiece", "together", "altogether", "inside", "outside", "every", "either", "neither",
    "both", "all", "any", "some", "such", "own", "same", "other", "another", "next", "last", "first",
    "long", "wide", "high", "tall", "deep", "old", "ahead", "behind", "including", "according",
}
_LEVEL_VERBS = {"rise", "fall", "drop", "climb", "increase", "decrease", "grow", "shrink", "decline", "jump",
                "surge", "soar", "plunge", "slump", "slip", "reach", "hit", "total", "cost", "stand",
                "amount",
                "be", "top", "exceed", "number", "put", "estimate", "place", "peg", "set", "hold", "keep",
                "cut", "raise", "lower", "reduce", "double", "triple", "swell", "edge", "tumble", "dip",
                "measure", "average", "come", "sink", "ease", "fetch", "value"}
_OBJECT_FIRST = {"put", "estimate", "place", "peg", "set", "hold", "keep", "cut", "raise", "lower", "reduce",
                 "value"}

_NAME_LABELS = {"ORG", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "PERSON", "GPE", "LOC", "NORP",
                "LANGUAGE"}

_QUALIFIERS: dict[str, str] = {
    "about": "about", "around": "about", "roughly": "about", "approximately": "about", "approx.": "about",
    "some": "about", "an estimated": "about", "estimated": "about", "circa": "about",
    "an approximate": "about",
    "nearly": "nearly", "almost": "nearly", "close to": "nearly", "just under": "nearly",
    "just shy of": "nearly", "not quite": "nearly", "nearly all": "nearly",
    "more than": "more than", "over": "more than", "above": "more than", "in excess of": "more than",
    "upwards of": "more than", "just over": "more than", "well over": "more than", "well above": "more than",
    "greater than": "more than", "just above": "more than", "slightly more than": "more than",
    "at least": "at least", "no fewer than": "at least", "no less than": "at least",
    "a minimum of": "at least", "not less than": "at least",
    "up to": "up to", "as many as": "up to", "as much as": "up to", "at most": "up to",
    "no more than": "up to", "a maximum of": "up to", "not more than": "up to",
    "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than", "below": "fewer than",
    "just below": "fewer than",
    "exactly": "exactly", "precisely": "exactly", "a total of": None, "between": "between",
}
_VAGUE_QUALIFIERS = {"several": "several", "a few": "a few", "few": "a few", "many": "many",
                     "a couple of": "a few"}
_POST_QUALIFIERS = {"more": "at least", "so": "about", "fewer": "up to", "less": "up to", "+": "more than",
                    "plus": "more than", "odd": "about"}


def _alt(words: object) -> str:
    items = sorted(words, key=len, reverse=True)  # type: ignore[arg-type]
    return "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in items)


_NUMBER_WORDS = _alt(list(_SMALL) + list(_TENS) + ["hundred", "dozen"] + list(_BIG))
_VAGUE_WORDS = _alt(list(_VAGUE_VALUE) + ["tens"])
_MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?")

# Where a figure may begin: a currency sign, a digit not glued to a word, a number word.
_ANCHOR = re.compile(
    r"(?:\b(?:US|U\.S\.|AU|A|CA|C|HK|NZ|S))?\$|[€£¥₹₦]"
    r"|\b(?:USD|EUR|GBP|JPY|CNY|CHF|AUD|CAD|INR|NGN|ZAR|RUB)(?=[ \t]?\d)"
    r"|(?<![\w.,])\d"
    rf"|\b(?:half[ \t]+an?|an?)[ \t]+(?:hundred|thousand|million|billion|trillion|dozen)\b"
    rf"|\b(?:{_NUMBER_WORDS}|{_VAGUE_WORDS})\b",
    re.I,
)
_CUR_PREFIX = re.compile(
    r"(?:(US|U\.S\.|AU|A|CA|C|HK|NZ|S)?\$|([€£¥₹₦])"
    r"|(USD|EUR|GBP|JPY|CNY|CHF|AUD|CAD|INR|NGN|ZAR|RUB)(?=[ \t]?\d))"
    r"[ \t]?",
    re.I,
)
_DIGITS = re.compile(r"(\d{1,3}(?:,\d{3})+(?!\d)|\d+)(\.\d+)?(?![\d])")
_A_SCALE = re.compile(r"(half[ \t]+an?|an?)[ \t]+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b)",
                      re.I)
_VAGUE = re.compile(rf"(?:(tens|hundreds)[ \t]+of[ \t]+)?({_alt(_VAGUE_VALUE)})\b", re.I)
_WORD_AT = re.compile(r"[A-Za-z]+")
_WORD_SEP = re.compile(r"(?:[ \t]+|-)(?=[A-Za-z])")
_SCALE_AFTER = re.compile(r"(?:[ \t]+|-)(hundred|thousand|million|billion|trillion)\b", re.I)
_ABBR_ALWAYS = re.compile(r"[ \t]?(bn|mn|mln|tn|trn)\b", re.I)
_ABBR_MONEY = re.compile(r"[ \t]?(bn|mn|mln|tn|trn|m|b|k)\b(?!/)", re.I)
_EMERGENCY = {"911", "999", "112"}
_EMERGENCY_CONTEXT = re.compile(r"\b(?:call(?:s|ed|er|ers)?|dial(?:l?ed)?|operators?|dispatch(?:ers?)?)\b",
                                re.I)
_LIST_JOIN = re.compile(r"[ \t]*(?:,|and|or|&)[ \t]*|[ \t]*,[ \t]*(?:and|or)[ \t]+")
_PLURAL_NOUN_AFTER = re.compile(r"[ \t]+(?:[a-z]+[ \t]+)?[a-z]+[^s\W]?s\b")
_ADDRESS_AFTER = re.compile(
    r"[ \t]+block[ \t]+of\b|(?:[ \t]+[A-Z][\w'’-]*){1,3}[ \t]+"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Boulevard|Blvd|Square|Place|Drive|Way|Court|Terrace|Crescent"
    r"|Close|Strasse|Rue)\b")
_GLUED_M = re.compile(r"m[ \t]+([A-Za-z]+)", re.I)
_MEASURE_AFTER_M = re.compile(r"[ \t]+(?:long|wide|high|tall|deep|away|above|below|square|cubic)\b", re.I)
_PERCENT = re.compile(
    r"[ \t]?%|[ \t]?pc\b|[ \t]+(?:per[ \t]?cent|pct)\b|-per[ \t]?cent\b|[ \t]+(percentage[ \t]+points?)\b",
    re.I)
_CUR_WORD = re.compile(
    r"[ \t]+(?:(U\.?S\.?|U\.?K\.?|CFA|[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?)[ \t]+)?"
    r"(?i:(" + _alt(_CURRENCY_WORD) + r")(?:[ \t]+sterling)?|(USD|EUR|GBP|JPY|CNY|CHF))\b"
)
_AGE = re.compile(r"(?:-|[ \t]+)(year|month|week|day)s?(?:-|[ \t]+)old\b|[ \t]+(year)s?[ \t]+of[ \t]+age\b",
                  re.I)
_MEASURE = re.compile(
    r"(?:[ \t]?|-)(?:" + "|".join(f"(?P<u{i}>{pat})" for i, (pat, _) in enumerate(_MEASURES))
    + r")(?![\w/²³])",
    re.I,
)
_HYPHEN_WORD = re.compile(r"-([A-Za-z]+)\b")
_TIME_AFTER = re.compile(r"[ \t]+(?:" + _alt(_TIME_UNITS) + r")\b", re.I)
_MULTIPLIER = re.compile(r"[ \t]+(?:times|fold)\b", re.I)
_RATIO = re.compile(rf"[ \t]+(?:in|out[ \t]+of)[ \t]+(?:every[ \t]+)?(?=(?:\d|(?:{_NUMBER_WORDS})\b))", re.I)
_POST_QUAL = re.compile(r"[ \t]+or[ \t]+(more|so|fewer|less)\b|(\+)(?![\d\w])|-(plus|odd)\b", re.I)
_RANGE_SEP = re.compile(r"[ \t]*(?:(-|–|—)|[ \t](to|and|or)[ \t])[ \t]*", re.I)
_QUAL_BEFORE = re.compile(rf"(?<![\w-])({_alt(_QUALIFIERS)})[ \t]+$", re.I)
_VAGUE_QUAL_BEFORE = re.compile(rf"(?<![\w-])({_alt(_VAGUE_QUALIFIERS)})[ \t]+$", re.I)
_WORD_BEFORE = re.compile(r"([A-Za-z][\w'’.&-]*|#)[ \t]*$")
_AGE_BEFORE = re.compile(r"\b(?:(?:aged|age|ages)(?:[ \t]+of)?|d(?:ied|ies|ying)[ \t]+at)[ \t]+$", re.I)
# "a girl of 16" is an age; "a father of three" counts children, so kinship nouns are left out.
_AGE_OF_BEFORE = re.compile(r"\b(?:man|woman|boy|girl|child|teenager|youth|youngster|lad|suspect|victim)"
                            r"[ \t]+of[ \t]+$", re.I)
_AGE_COPULA_BEFORE = re.compile(r"\b(?:he|she)[ \t]+(?:was|is|turned|turns)[ \t]+$", re.I)
_FROM_BEFORE = re.compile(r"\bfrom[ \t]+$", re.I)
_SENT_START = re.compile(r"(?:^|[.!?:;][\"'”’)\]]*\s+|\n\s*|[\"“‘(\[]\s*|[—–]\s+)$")
_APPOS_BEFORE = re.compile(r"([A-Za-z][\w'’.-]*)[ \t]*[,(][ \t]*$")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][\w'’-]*)")
# "of the 400 seats", "of the bridge's 240 steel cables": a partitive names the noun after a second number.
_OF_DET = re.compile(r"[ \t]+(of[ \t]+)?((?:the|its|their|these|those|our|his|her)[ \t]+"
                     r"(?:[A-Za-z]+['’]s[ \t]+)?(?:\d[\d,.]*[ \t]+)?)?", re.I)
_AMOUNT_AHEAD = re.compile(
    r"(?:[A-Z]{0,2}\$|[€£¥])?\d[\d,.]*(?:[ \t]*(?:million|billion|thousand|trillion|bn|mn|m)\b)?[ \t]+", re.I)
_SCAN_WORD = re.compile(r"((?:[A-Z]\.){2,}|[A-Za-z][\w'’-]*[\w’]|[A-Za-z])[ \t]*")
_CONJ_NOUN = re.compile(r"[ \t]+(?:and|or)[ \t]+([a-z][a-z'-]+)\b(?![ \t]*\w)")
_NAME_RUN_BEFORE = re.compile(r"((?:[A-Z][\w'’.-]*[ \t]+){0,3}[A-Z][\w'’.-]*)[ \t]*[,(][ \t]*$")

# Spans that hold digits but no figure; a candidate overlapping one is dropped. Each expression starts
# on a digit, a capital or a literal so that the regex engine can skip ahead fast: a leading \b would
# make it try every alternative at every character.
_TZ = r"(?:BST|GMT|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT|ET|IST)"
_BLOCK_DIGIT = re.compile(
    r"\d(?<!\w\d)(?:"  # a digit run's first digit; the rest of each pattern follows
    r"\d{3}-\d{1,2}-\d{1,2}\b|\d{0,3}/\d{1,2}(?:/\d{2,4})?\b|\d?\.\d{1,2}\.\d{2,4}\b"  # 2024-03-22, 4.5.2025
    rf"|\d?(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?(?-i:{_MONTHS})(?![a-z])(?:,?[ \t]+\d{{4}}\b)?"  # 14 May 2024
    r"|\d?(?::\d{2}){1,2}(?:[ \t]*[ap]\.?m\.?)?|\d?(?:\.\d{2})?[ \t]*(?:[ap]\.m\.|[ap]m\b)"  # 10:30, 9.30am
    rf"|\d?[ \t]*o'clock\b|\d?[.:]\d{{2}}[ \t]*{_TZ}\b"  # 16.17 BST
    r"|\d{3}[ \t]*(?:GMT|UTC|hrs|hours[ \t]+(?:GMT|UTC|local))\b"  # 1400 GMT
    r"|(?<=0)\d{1,3}[ \t.-]\d{3,4}[ \t.-]\d{3,4}\b|\d{2}[.-]\d{3}[.-]\d{4}\b"  # phone numbers
    r"|(?<![\d,.]\d)\d{2}-\d{4}\b(?!-)"  # 555-0143
    r"|\d*(?:st|nd|rd|th)\b|(?:\d{2})?0'?s\b|\d*\.\d+\.\d+\b"  # 101st, 1990s, 3.2.1
    r")",
    re.I,
)
_BLOCK_MONTH = re.compile(  # March 22, 2024 / Oct. 5 / October 2017
    r"[ADFJMNOS](?<![A-Za-z][ADFJMNOS])(?:anuary|ebruary|arch|pril|ay|une|uly|ugust|eptember|ctober|ovember"
    r"|ecember|an|eb|ar|pr|un|ul|ug|ept?|ct|ov|ec)\.?"
    r"(?:[ \t]+\d{1,2}(?:st|nd|rd|th)?(?![\d%]|,\d{3}|[ \t]*(?:percent|per cent))(?:,?[ \t]+\d{4}\b)?"
    r"|,?[ \t]+\d{4}\b)"
)
_BLOCK_LITERAL = re.compile(
    r"\+\d[\d \t().-]{6,}\d|\(\d{2,5}\)[ \t]*\d{3,4}[ \t.-]?\d{3,4}|'\d0s\b"  # +44 20 7946 0958, (020) 7946
    r"|\n[ \t]*(?:\(?\d{1,2}[.)](?=\s)|\d+[ \t]*(?=\n|$))"  # list markers; a number alone on a line
)
_LINE_START = re.compile(r"[ \t]*(?:\(?\d{1,2}[.)](?=\s)|\d+[ \t]*(?=\n|$))")
_URL = re.compile(r"https?://\S+|www\.\S+")
_EMAIL_TAIL = re.compile(r"@[\w-]+(?:\.[\w-]+)+")
_EMAIL_HEAD = re.compile(r"[\w.+-]+$")


# --------------------------------------------------------------------------
# The text pass


@dataclass(slots=True)
class _Fig:
    start: int  # span start, qualifier included
    core_start: int  # first character of the currency sign or number
    end: int  # span end: unit suffix, range and trailing qualifier included
    value: Decimal
    kind: str  # "count" | "money" | "percent" | "measure" | "age" | "vague"
    unit: str | None = None
    qualifier: str | None = None
    upper: Decimal | None = None  # a range's upper bound
    noun_hint: str | None = None  # the noun of a hyphen compound ("200-bed")
    spelled: bool = False  # written in words
    scaled: bool = False  # carries a scale word ("million") or abbreviation
    year_like: bool = False
    dash_pair: bool = False  # "9-14": a range only if it counts something, else a record or a score
    about: str | None = None


@dataclass(slots=True)
class _Num:
    value: Decimal
    end: int
    spelled: bool
    scale: int  # the scale multiplier written after the number (1 when none)
    integer_text: str | None  # the digits as written, for year and age checks


def _words_value(text: str, pos: int) -> tuple[int, int, bool] | None:
    """Number words from pos: (value, end, starts with a scale word)."""
    total = current = 0
    last = ""
    end = pos
    seen = False
    first_scale = False
    while True:
        m = _WORD_AT.match(text, pos)
        if not m:
            break
        w = m.group().lower()
        if w in _SMALL:
            if last == "small" or (last == "tens" and _SMALL[w] >= 10):
                break
            current += _SMALL[w]
            last = "small"
        elif w in _TENS:
            if last in ("small", "tens"):
                break
            current += _TENS[w]
            last = "tens"
        elif w == "hundred" or w == "dozen":
            if last in ("hundred", "dozen"):
                break
            first_scale = first_scale or not seen
            current = (current or 1) * _SCALE_WORDS[w]
            last = w
        elif w in _BIG:
            first_scale = first_scale or not seen
            total += (current or 1) * _BIG[w]
            current = 0
            last = "big"
        elif w == "and" and last in ("hundred", "big"):
            # "three hundred and twenty": the "and" belongs to the number only before a units word.
            s2 = _WORD_SEP.match(text, m.end())
            nxt = _WORD_AT.match(text, s2.end()) if s2 else None
            if s2 and nxt and (nxt.group().lower() in _SMALL or nxt.group().lower() in _TENS):
                pos = s2.end()
                continue
            break
        else:
            break
        seen = True
        end = m.end()
        sep = _WORD_SEP.match(text, end)
        if not sep:
            break
        pos = sep.end()
    if not seen:
        return None
    return total + current, end, first_scale


def _number_at(text: str, pos: int, money: bool) -> _Num | None:
    m = _DIGITS.match(text, pos)
    if m:
        raw = m.group(1).replace(",", "")
        try:
            value = Decimal(raw + (m.group(2) or ""))
        except InvalidOperation:
            return None
        end = m.end()
        scale = 1
        s = _SCALE_AFTER.match(text, end) or (_ABBR_MONEY if money else _ABBR_ALWAYS).match(text, end)
        if not s and not money:
            # "1.2m people" is a million people; "180m long", "200m of fencing" are metres.
            glued = _GLUED_M.match(text, end)
            if glued and glued.group(1).lower() not in _STOP \
                    and not _MEASURE_AFTER_M.match(text, glued.end(1)):
                s = glued
        if s:
            word = s.group(1).lower() if s.re is not _GLUED_M else "m"
            scale = _SCALE_WORDS.get(word) or _SCALE_ABBR[word]
            end = s.end() if s.re is not _GLUED_M else s.start() + 1
        return _Num(value * scale, end, False, scale, None if m.group(2) or "," in m.group(1) else raw)
    a = _A_SCALE.match(text, pos)
    if a:
        w = _words_value(text, a.end())
        if not w:
            return None
        mult = Decimal("0.5") if a.group(1).lower().startswith("half") else Decimal(1)
        return _Num(mult * w[0], w[1], True, int(w[0]), None)
    w = _words_value(text, pos)
    if w:
        return _Num(Decimal(w[0]), w[1], True, w[0] if w[2] else 1, None)
    return None


def _qualifier_before(text: str, pos: int) -> tuple[str | None, int]:
    m = _QUAL_BEFORE.search(text, max(0, pos - 30), pos)
    if not m:
        return None, pos
    phrase = " ".join(m.group(1).lower().split())
    return _QUALIFIERS.get(phrase), m.start()


def _is_sentence_start(text: str, pos: int) -> bool:
    # search(text, lo, hi) rather than a slice: "^" must mean the start of the text, not of the window.
    return _SENT_START.search(text, max(0, pos - 6), pos) is not None


def _looks_like_name_number(text: str, start: int) -> bool:
    """'Route 9', 'Boeing 737', 'junction 12', 'No. 10': a number labelled by the word before it."""
    m = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if not m:
        return False
    word = m.group(1)
    low = word.lower()
    if low in _LABEL_NOUNS or low.rstrip(".") in {"no", "nos", "vol", "art", "sec", "fig", "ch"}:
        return True
    # A capitalised content word right before a number names it ("Flight 370"); a capitalised
    # function word ("About 40", "The 300") or a possessive ("Kenya's 40") does not.
    capitalised = word[0].isupper() or any(c.isupper() for c in word[1:])  # "iPhone 15"
    return capitalised and low not in _FUNCTION and not low.endswith(("'s", "’s", "s'"))


def _suffix(text: str, fig: _Fig, num: _Num) -> int | None:
    """Read the unit after the number into fig; the end of what was read, or None to drop the figure."""
    pos = fig.end
    m = _PERCENT.match(text, pos)
    if m:
        fig.kind, fig.unit = "percent", "percentage points" if m.group(1) else "percent"
        return m.end()
    if fig.kind != "money":
        m = _CUR_WORD.match(text, pos)
        if m:
            if m.group(3):
                fig.kind, fig.unit = "money", m.group(3).upper()
                return m.end()
            word = m.group(2).lower()
            if word.startswith("pound") and text.startswith(" of", m.end()) and not num.scale > 1:
                fig.kind, fig.unit = "measure", "lb"  # "500 pounds of explosives" is a weight
                return m.end()
            fig.kind, fig.unit = "money", _currency_code(word, m.group(1) or "")
            return m.end()
    m = _AGE.match(text, pos)
    if m:
        fig.kind, fig.unit = "age", (m.group(1) or m.group(2)).lower() + "s"
        return m.end()
    if fig.kind == "money":
        return pos
    m = _MEASURE.match(text, pos)
    if m and m.lastgroup:
        unit = _MEASURES[int(m.lastgroup[1:])][1]
        # "5m people" counts people (a scale "m" without a currency sign); "180 m long" is metres.
        after = _NEXT_WORD.match(text, m.end())
        if not (unit == "m" and m.group(m.lastgroup) in ("m", "M") and after
                and after.group(1).lower() not in _STOP):
            fig.kind, fig.unit = "measure", unit
            return m.end()
    m = _HYPHEN_WORD.match(text, pos)
    if m:
        word = m.group(1).lower()
        if word in _TIME_UNITS or word in _FRACTIONS or word in ("time", "times", "fold", "of"):
            return None  # "a 90-day review", "one-third", "a two-time winner", "1-of-16"
        if word in ("plus", "odd"):
            return pos
        if word == "strong":
            fig.noun_hint = "members"
        elif word in _MEASURE_WORD:
            fig.kind, fig.unit = "measure", _MEASURE_WORD[word]
        elif word in _SMALL or word in _TENS:
            return pos  # a spelled range "five-six" is read by the range step
        else:
            fig.noun_hint = _pluralize(word)
        return m.end()
    if _TIME_AFTER.match(text, pos) or _MULTIPLIER.match(text, pos):
        return None
    return pos


def _parse(text: str, p: int) -> _Fig | int | None:
    """The figure starting at p; an int is the end of a span to skip; None when nothing is here."""
    cur = _CUR_PREFIX.match(text, p)
    code = None
    q = p
    if cur:
        if "$" in cur.group(0):
            code = _CURRENCY_SYMBOL.get((cur.group(1) or "").lower() + "$", "USD")
        elif cur.group(2):
            code = _CURRENCY_SYMBOL[cur.group(2)]
        else:
            code = cur.group(3).upper()
        q = cur.end()
    vague = None if code else _VAGUE.match(text, q)
    if vague:
        if (vague.group(1) or "").lower() == "tens" and vague.group(2).lower() != "thousands":
            return None
        mult = {"tens": 10, "hundreds": 100}.get((vague.group(1) or "").lower(), 1)
        value = Decimal(mult * _VAGUE_VALUE[vague.group(2).lower()])
        phrase = " ".join(vague.group(0).lower().split()) + " of"
        fig = _Fig(p, p, vague.end(), value, "vague", qualifier=phrase, spelled=True, scaled=True)
        if _WORD_AT.match(text, p) and text[p].isupper() and not _is_sentence_start(text, p):
            return vague.end()  # "the Thousands of Islands"
        return fig
    if text[q:q + 4].lower() == "tens":
        return None
    num = _number_at(text, q, money=code is not None)
    if num is None:
        return None
    fig = _Fig(p, p, num.end, num.value, "money" if code else "count", unit=code, spelled=num.spelled,
               scaled=num.scale > 1)
    if p > 0 and text[p - 1] in "-−" and (p == 1 or text[p - 2] in " \t\n(") and not num.spelled:
        fig.value, fig.start, fig.core_start = -fig.value, p - 1, p - 1  # "-5 degrees"
    if num.integer_text and len(num.integer_text) == 4 and 1000 <= int(num.integer_text) <= 2100 and not code:
        fig.year_like = True

    # Vetoes the text alone can make: codes, names, numbers glued to letters, ratios.
    before = text[p - 1] if p > 0 else " "
    if num.integer_text and len(num.integer_text) > 1 and num.integer_text[0] == "0":
        return _skip_digits(text, num.end)  # "0800 555111", "007": codes, not amounts
    if not code:
        if num.integer_text in _EMERGENCY and \
                _EMERGENCY_CONTEXT.search(text, max(0, p - 12), min(len(text), num.end + 12)):
            return num.end  # "911 calls"
        if before == "-" and p > 1 and text[p - 2].isalnum():
            return num.end  # "F-35", "COVID-19", the second half of a score
        if num.spelled and text[p].isupper() and not _is_sentence_start(text, p):
            return num.end  # "Formula One", "Team Nine Arrows", "the Group of Seven"
        if _ADDRESS_AFTER.match(text, num.end):
            return _NameEnd(num.end)
        # Names hold bare integers ("Flight 370"); "and Kenya 300 billion shillings" is an amount.
        if _looks_like_name_number(text, p) and num.scale == 1 and num.integer_text is not None and \
                not _PERCENT.match(text, num.end) and not _CUR_WORD.match(text, num.end):
            return _NameEnd(num.end)
    ratio = _RATIO.match(text, num.end)
    if ratio:
        # "one in five", "7 in 10", "1 out of 3": a proportion, not a count. "251 in 2019" is not one.
        other = _number_at(text, ratio.end(), money=False)
        if other and other.value > num.value and not (
                other.integer_text and len(other.integer_text) == 4 and 1500 <= other.value <= 2100):
            return other.end

    end = _suffix(text, fig, num)
    if end is None:
        return _skip_after(text, num.end)
    fig.end = end
    if fig.kind == "count" and fig.end < len(text) and (text[fig.end].isalpha() or text[fig.end] == "_"):
        return fig.end  # "5G", "3D": letters glued to the digits
    qual, qstart = _qualifier_before(text, p)
    if num.spelled and num.scale > 1 and num.value == num.scale and text[p].lower() in "hdtmb":
        # "hundred" with no multiplier needs "several" / "a few" in front.
        vq = _VAGUE_QUAL_BEFORE.search(text, max(0, p - 15), p)
        if not vq:
            return None
        qual, qstart = _VAGUE_QUALIFIERS[" ".join(vq.group(1).lower().split())], vq.start()
    if fig.kind == "count" and not fig.scaled and fig.value == int(fig.value) and 0 < fig.value <= 120:
        # "aged 8", "at the age of 91", "died at 77", and "He was 95." closing a clause.
        copula = _AGE_COPULA_BEFORE.search(text, max(0, p - 16), p) and text[fig.end:fig.end + 1] in ".,;"
        # "a girl of 16": an age, where "a force of 1,500" is not.
        after = _NEXT_WORD.match(text, fig.end)
        person_of = _AGE_OF_BEFORE.search(text, max(0, p - 20), p) and (
            after is None or after.group(1).lower() in _STOP)
        if copula or person_of or _AGE_BEFORE.search(text, max(0, p - 16), p):
            fig.kind, fig.unit = "age", "years"
    if qual is not None or qstart < p:
        fig.qualifier, fig.start = qual, qstart

    rng = None
    if fig.kind != "age":
        rng = _range(text, fig, num)
        if rng is False:
            return _skip_after(text, fig.end)
    if num.spelled and num.value == 1 and num.scale == 1 and fig.kind == "count" and not rng and (
            qstart == p or fig.qualifier == "between"):
        # A bare "one" is a pronoun or an article ("one official said", "a one-off payment");
        # "at least one dose" and "one or two" count.
        return fig.end
    post = _POST_QUAL.match(text, fig.end)
    if post:
        word = (post.group(1) or post.group(2) or post.group(3)).lower()
        if fig.qualifier is None:
            fig.qualifier = _POST_QUALIFIERS[word]
        fig.end = post.end()
    return fig


class _NameEnd(int):
    """The end of a number that names something ("Route 9"); a number listed right after it does too."""


def _skip_digits(text: str, end: int) -> int:
    # The rest of a phone number or code: further digit groups joined by spaces or dashes.
    m = re.compile(r"(?:[ \t.-]?\d+)*").match(text, end)
    return m.end() if m else end


def _skip_after(text: str, end: int) -> int:
    # Durations and scores may continue ("two to three months"); skip what the next range would read.
    m = _RANGE_SEP.match(text, end)
    if m:
        n = _number_at(text, m.end(), money=False)
        if n:
            t = _TIME_AFTER.match(text, n.end)
            return t.end() if t else n.end
    return end


def _range(text: str, fig: _Fig, first: _Num) -> bool | None:
    """Extend fig over "600 to 700" / "between 600 and 700" / "600-700" / "two or three".

    True when a range was read, None when there is none, False when the pair is a score or a duration.
    """
    sep = _RANGE_SEP.match(text, fig.end)
    if not sep:
        return None
    dash, word = sep.group(1), (sep.group(2) or "").lower()
    if word == "and" and fig.qualifier != "between":
        return None
    if word == "to" and _FROM_BEFORE.search(text, max(0, fig.start - 6), fig.start):
        return None  # "from 600 to 700" is a change, two figures
    q = sep.end()
    cur = _CUR_PREFIX.match(text, q)
    if cur and fig.kind != "money" and fig.kind != "count":
        return None
    if cur:
        q = cur.end()
    second = _number_at(text, q, money=cur is not None or fig.kind == "money")
    if second is None or (dash and second.spelled != first.spelled):
        return None
    probe = _Fig(q, q, second.end, second.value, "money" if (cur or fig.kind == "money") else "count",
                 unit=fig.unit if fig.kind == "money" else None)
    end = _suffix(text, probe, second)
    if end is None:
        return False
    if dash and not first.scale > 1 and not second.scale > 1 and second.value <= first.value:
        return False  # "3-1", "2-0": a score or a vote
    low = first.value
    if first.scale == 1 and second.scale > 1 and first.value < 1000:
        low = first.value * second.scale  # "between 1.2 and 1.5 million"
    if second.value <= low:
        return None
    if fig.kind in ("count", "vague") and probe.kind != "count":
        fig.kind, fig.unit = probe.kind, probe.unit
    elif probe.kind != "count" and (probe.kind, probe.unit) != (fig.kind, fig.unit):
        return None
    fig.noun_hint = fig.noun_hint or probe.noun_hint
    fig.value, fig.upper, fig.end = low, second.value, end
    fig.dash_pair = bool(dash) and fig.kind == "count" and not fig.qualifier
    fig.qualifier = "between"
    return True


def _not_figure_spans(text: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _BLOCK_DIGIT.finditer(text)]
    spans += [m.span() for m in _BLOCK_MONTH.finditer(text)]
    spans += [m.span() for m in _BLOCK_LITERAL.finditer(text)]
    m = _LINE_START.match(text)
    if m:
        spans.append(m.span())
    if "://" in text or "www." in text:
        spans += [u.span() for u in _URL.finditer(text)]
    if "@" in text:
        for e in _EMAIL_TAIL.finditer(text):
            head = _EMAIL_HEAD.search(text, max(0, e.start() - 64), e.start())
            spans.append((head.start() if head else e.start(), e.end()))
    spans.sort()
    return spans


def _scan(text: str) -> list[_Fig]:
    blocked = _not_figure_spans(text)
    bi = 0
    figs: list[_Fig] = []
    pos = 0
    name_end = -1
    for m in _ANCHOR.finditer(text):
        s = m.start()
        if s < pos:
            continue
        while bi < len(blocked) and blocked[bi][1] <= s:
            bi += 1
        if bi < len(blocked) and blocked[bi][0] <= s < blocked[bi][1]:
            pos = blocked[bi][1]
            continue
        r = _parse(text, s)
        if r is None:
            continue
        if isinstance(r, int):
            pos = max(r, s + 1)
            if isinstance(r, _NameEnd):
                name_end = r
            continue
        if name_end >= 0 and _LIST_JOIN.fullmatch(text, name_end, s) and r.kind == "count" and \
                not r.qualifier and not r.spelled and not _PLURAL_NOUN_AFTER.match(text, r.end):
            pos = name_end = r.end  # "Articles 76 and 77 deal with", "Routes 9 and 12"
            continue
        # A figure reaching into a blocked span ("5 to 7 p.m.") is not one.
        if bi < len(blocked) and blocked[bi][0] < r.end:
            pos = max(blocked[bi][1], r.end)
            continue
        figs.append(r)
        pos = r.end
    return figs


# --------------------------------------------------------------------------
# What is counted


def _pluralize(word: str) -> str:
    w = word.lower()
    if w in _INVARIANT or w in _PLURAL_MARKS:
        return w
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if w.endswith("man") and len(w) > 4 and w not in ("german", "human", "roman"):
        return w[:-3] + "men"
    if w.endswith(("s", "x", "z", "ch", "sh")):
        return w + "es"
    if w.endswith("y") and len(w) > 1 and w[-2] not in "aeiou":
        return w[:-1] + "ies"
    return w + "s"


def _plural_looking(word: str) -> bool:
    w = word.lower()
    if w in _PLURAL_MARKS or w in _INVARIANT or w in _IRREGULAR.values():
        return True
    return (w.isalpha() and len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "ous"))
            and w not in _STOP)


def _unit_of_word(word: str, plural_tag: bool | None) -> str:
    if sum(c.isupper() for c in word) >= 2 and word.endswith("s"):
        return word  # "43 RBIs", "12 MPs": lower-casing an acronym would lose it
    w = word.lower()
    if w in _INVARIANT or w in _PLURAL_MARKS:
        return w
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if plural_tag or (plural_tag is None and _plural_looking(w)):
        return w
    return _pluralize(w)


def _apply_noun_word(fig: _Fig, word: str, unit: str) -> bool:
    """Set the unit from the counted noun; False when the noun shows this is no figure."""
    w = word.lower()
    if fig.kind in ("count", "vague"):
        if w in _TIME_UNITS:
            return False  # a duration: "two more days"
        if w in ("times", "fold") or w in _FRACTIONS or w in _DECADE_WORDS:
            return False  # "three times", "the nineteen fifties"
        if w in _CURRENCY_WORD:
            fig.kind, fig.unit = "money", _currency_code(w)  # "millions of dollars"
            return True
        if w in _MEASURE_WORD:
            fig.kind, fig.unit = "measure", _MEASURE_WORD[w]
            return True
        fig.unit = unit
    return True


def _scan_noun(text: str, fig: _Fig) -> bool:
    """Doc-free guess at the counted noun: the first plural-looking word of the words that follow."""
    m = _OF_DET.match(text, fig.end)
    pos = m.end() if m else fig.end
    if fig.kind in ("age", "measure"):
        # "a six-year-old $110 million air base": the age is of the base, past the price.
        other = _AMOUNT_AHEAD.match(text, pos)
        pos = other.end() if other else pos
    if m and m.group(1) and not m.group(2) and fig.kind not in ("vague", "percent", "measure", "money"):
        return True  # "1,000 of" without "the" is no partitive we can read
    words: list[re.Match[str]] = []
    while len(words) < 5:
        w = _SCAN_WORD.match(text, pos)
        if not w:
            break
        low = w.group(1).lower()
        if low in _STOP or low.endswith(("'s", "’s")):
            break
        words.append(w)
        pos = w.end()
    if not words:
        return True
    if fig.year_like and not _plural_looking(words[0].group(1)):
        return True  # "the 2025 budget": a year; "2000 troops" would name its noun at once
    plural = [w.group(1)[0].islower() and _plural_looking(w.group(1)) for w in words]
    k = plural.index(True) if True in plural else None
    if k is not None:
        # "police officers": a plural noun can be a modifier of the next plural noun.
        while k + 1 < len(words) and plural[k + 1]:
            k += 1
    elif fig.kind in ("money", "age", "measure") or fig.value == 1:
        lower = [i for i, w in enumerate(words) if w.group(1)[0].islower()]
        k = lower[min(len(lower), 2) - 1] if lower else None  # "radar station built": not past the compound
    if k is None:
        return True
    word = words[k].group(1)
    if not _apply_noun_word(fig, word, _unit_of_word(word, None)):
        return False
    end = words[k].start(1) + len(word)
    conj = _CONJ_NOUN.match(text, end)
    if conj and _plural_looking(conj.group(1)):
        end = conj.end()
    fig.about = text[words[0].start(1):end]
    return True


def _about_np(tok: Token) -> str:
    """The noun with its compounds and adjectives, as written."""
    doc = tok.doc
    if tok.ent_type_ == "PERSON":
        for ent in doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent.text
    left = tok.i
    while left > tok.left_edge.i and doc[left - 1].dep_ in ("compound", "amod", "nmod") and \
            not doc[left - 1].like_num:
        left -= 1
    return doc[left:tok.i + 1].text


def _governing_about(root: Token) -> str | None:
    """When no noun follows: 'the toll rose to 37' is about the toll, 'a force of 1,500' about the force."""
    head = root.head
    if root.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        if head.lower_ == "of" and head.head.pos_ in ("NOUN", "PROPN"):
            return _about_np(head.head)
        verb = head.head
    elif root.dep_ in ("dobj", "attr", "npadvmod", "nsubj", "nsubjpass", "advmod", "oprd"):
        verb = head
    else:
        return None
    if verb.pos_ not in ("VERB", "AUX") or verb.lemma_.lower() not in _LEVEL_VERBS:
        return None
    deps = ("dobj", "nsubj", "nsubjpass") if verb.lemma_.lower() in _OBJECT_FIRST else ("nsubj", "nsubjpass")
    for dep in deps:
        for child in verb.children:
            if child.dep_ == dep and child is not root and child.pos_ in ("NOUN", "PROPN"):
                return _about_np(child)
    return None


def _first_number_token(span: Span) -> Token:
    for t in span:
        if t.like_num or t.pos_ == "NUM":
            return t
    return span[0]


def _span_root(span: Span) -> Token:
    roots = [t for t in span if not (span.start <= t.head.i < span.end) or t.head is t]
    for t in roots:
        if t.like_num or t.pos_ == "NUM":
            return t
    return roots[-1] if roots else span[-1]


def _doc_noun(doc: Doc, fig: _Fig, span: Span, root: Token) -> Token | None:
    i1 = span.end
    cand: Token | None = None
    # The parse: the number modifies the noun it counts ("650 U.S. troops", "$110 million air base").
    r = root
    for _ in range(3):
        if r.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod", "npadvmod", "advmod") and \
                r.head.i >= i1 and r.head.i - i1 <= 6:
            if r.head.pos_ in ("NOUN", "PROPN"):
                cand = r.head
                break
            if r.head.pos_ in ("NUM", "ADJ", "NOUN"):
                r = r.head
                continue
        break
    # A partitive or vague "of": "hundreds of protesters", "300 of the soldiers", "2 tonnes of grain".
    if cand is None and i1 < len(doc) and doc[i1].lower_ in ("of", "in") and i1 + 1 < len(doc):
        prep = doc[i1]
        det = any(t.dep_ in ("det", "poss") for t in doc[i1 + 1:i1 + 3]) or doc[i1 + 1].tag_ == "PRP$"
        if prep.lower_ == "of" and (fig.kind in ("vague", "percent", "measure", "money") or det) or (
                prep.lower_ == "in" and fig.kind == "money"):
            for t in doc[i1 + 1:min(len(doc), i1 + 8)]:
                if t.dep_ == "pobj" and t.head.i == prep.i:
                    if t.pos_ in ("NOUN", "PROPN"):
                        cand = t
                    break
            if cand is None:
                return None
    # The parser sometimes hangs the number elsewhere; a noun phrase right after it is still the noun.
    if cand is None and i1 < len(doc):
        j = i1
        last_noun = None
        while j < len(doc) and j - i1 < 5 and (doc[j].pos_ in ("ADJ", "NOUN", "PROPN")
                                               or doc[j].tag_ == "HYPH"):
            if doc[j].pos_ == "NOUN" or (doc[j].pos_ == "PROPN" and doc[j].tag_ == "NNPS"):
                last_noun = doc[j]
            j += 1
        if last_noun is not None and doc[i1].pos_ in ("ADJ", "NOUN", "PROPN"):
            cand = last_noun
    if cand is None:
        return None
    if cand.pos_ == "PROPN" and cand.tag_ != "NNPS" and cand.ent_type_ in _NAME_LABELS and fig.kind != "age":
        return None  # "12 in Niger" has no counted noun; "the 32-year-old Klitschko" is an age of someone
    for _ in range(3):
        # "two plainclothes officers", "five women's basketball players": the modifier is not the head.
        nxt = cand.head
        possessive = any(c.dep_ == "case" for c in cand.children)
        if (cand.dep_ == "compound" or possessive) and nxt.i > cand.i and nxt.i - cand.i <= 4 and \
                nxt.pos_ in ("NOUN", "PROPN"):
            cand = nxt
        else:
            break
    if cand.lower_ in _STOP:
        return None  # "fewer than 20 indoors": an adverb the tagger took for a noun
    return cand


def _about_text(doc: Doc, text: str, start_i: int, noun: Token) -> str:
    """From the first word after the figure to the noun, dropping another figure and its articles."""
    left = start_i
    for j in range(start_i, noun.i):
        t = doc[j]
        if t.like_num or t.pos_ in ("NUM", "SYM", "DET", "PUNCT") or t.lower_ in ("of", "in", "$") or \
                t.lower_ in _SCALE_WORDS or t.tag_ == "$":
            left = j + 1
    end_tok = noun
    for c in noun.rights:
        if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and c.i - noun.i <= 3 and \
                not any(g.dep_ in ("det", "nummod", "poss") for g in c.children):
            end_tok = c
            break
    if left > noun.i:
        left = noun.i
    return text[doc[left].idx:end_tok.idx + len(end_tok.text)]  # not doc.text: spaCy rebuilds it per call


def _appositive_age_text(text: str, fig: _Fig) -> bool:
    """'Jane Doe, 36,' / 'a third man, 45,': an age set off by commas after a person."""
    if fig.kind != "count" or fig.qualifier or fig.spelled or fig.scaled or fig.value != int(fig.value):
        return False
    if not 1 <= fig.value <= 120 or fig.end >= len(text) or text[fig.end] not in ",);":
        return False
    m = _APPOS_BEFORE.search(text, max(0, fig.start - 60), fig.start)
    if not m:
        return False
    word = m.group(1)
    low = word.lower()
    # A name, a person noun, or an agent noun ("the champion, 30,", "a farmer, 52,").
    return (word[0].isupper() and low not in _FUNCTION) or low in _PERSON_NOUNS or (
        len(low) > 4 and low.endswith(("er", "or", "ist", "ian", "ant", "ent", "ion", "man", "woman")))


def _attach_doc(doc: Doc, text: str, fig: _Fig) -> bool:
    """Use the parse and the entities for fig; False when they show it is no figure."""
    span = doc.char_span(fig.core_start, fig.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return _attach_text(text, fig)
    first = _first_number_token(span)
    root = _span_root(span)
    if first.ent_type_ in _NAME_LABELS and first.ent_iob_ == "I" and fig.kind == "count":
        return False  # inside a name: "Boeing 737"
    if first.ent_type_ == "TIME" and fig.kind == "count" and not fig.qualifier:
        return False
    if fig.kind == "count" and not fig.noun_hint and (
            _appositive_age_text(text, fig)
            or (root.dep_ == "appos" and root.head.i < root.i and root.head.pos_ in ("PROPN", "NOUN")
                and fig.end < len(text) and text[fig.end] in ",);" and 1 <= fig.value <= 120
                and not fig.qualifier and fig.value == int(fig.value))):
        fig.kind, fig.unit = "age", "years"
        head = root.head if root.dep_ == "appos" else doc[max(0, span.start - 2)]
        if head.pos_ in ("PROPN", "NOUN"):
            fig.about = _about_np(head)
        return True
    noun = _doc_noun(doc, fig, span, root)
    if fig.year_like and fig.kind == "count" and (noun is None or first.ent_type_ == "DATE"):
        return False  # "in 2014", "around 2013": a year unless it plainly counts something
    if fig.noun_hint:
        # "a 200-bed field hospital": the hyphen word is the unit, the noun after is the thing.
        if fig.kind == "count":
            fig.unit = fig.noun_hint
        if noun is not None:
            fig.about = _about_text(doc, text, span.end, noun)
        return True
    if noun is not None:
        if fig.kind == "age" and fig.about is None:
            fig.about = _about_text(doc, text, span.end, noun)
            return True
        unit = _unit_of_word(noun.text if noun.tag_ in ("NNS", "NNPS") else noun.lemma_,
                             noun.tag_ in ("NNS", "NNPS"))
        if not _apply_noun_word(fig, noun.lemma_ if noun.lemma_.lower() in _TIME_UNITS else noun.text, unit):
            return False
        fig.about = _about_text(doc, text, span.end, noun)
        return True
    if fig.kind == "age":
        if fig.about is None and root.head.pos_ in ("NOUN", "PROPN") and root.head.i < root.i:
            fig.about = _about_np(root.head)  # "her grandson, aged 8"
        if fig.about is None:
            aged = doc[span.start - 1] if span.start > 0 else None
            if aged is not None and aged.lower_ in ("aged", "age", "of", "at") and \
                    aged.head.pos_ in ("NOUN", "PROPN"):
                fig.about = _about_np(aged.head)
        return True
    fig.about = _governing_about(root)
    return True


def _attach_text(text: str, fig: _Fig) -> bool:
    if fig.kind == "count" and not fig.noun_hint and _appositive_age_text(text, fig):
        fig.kind, fig.unit = "age", "years"
        m = _NAME_RUN_BEFORE.search(text, max(0, fig.start - 60), fig.start)
        if m:
            fig.about = m.group(1)
        else:
            a = _APPOS_BEFORE.search(text, max(0, fig.start - 60), fig.start)
            fig.about = a.group(1) if a else None
        return True
    if fig.noun_hint and fig.kind == "count":
        fig.unit = fig.noun_hint
    before_unit = fig.unit
    if not _scan_noun(text, fig):
        return False
    if fig.noun_hint and fig.kind == "count":
        fig.unit = fig.noun_hint
    if fig.kind in ("percent", "age") or (fig.kind == "measure" and before_unit):
        fig.unit = before_unit if before_unit else fig.unit
    return not (fig.year_like and fig.kind == "count" and fig.unit is None)


def _inherit_coordinated(text: str, figs: list[_Fig]) -> None:
    """'aged 38 and 41': a bare number right after 'and' / 'or' / ',' takes its neighbour's unit."""
    for a, b in zip(figs, figs[1:], strict=False):
        if b.kind == "count" and b.unit is None and a.kind in ("age", "percent", "money", "measure") and \
                re.fullmatch(r"[ \t]+(?:and|or)[ \t]+|,[ \t]*", text[a.end:b.start]):
            b.kind, b.unit = a.kind, a.unit
            if b.about is None:
                b.about = a.about


def _to_quantity(text: str, fig: _Fig) -> Quantity:
    return Quantity(start=fig.start, end=fig.end, text=text[fig.start:fig.end], value=float(fig.value),
                    unit=fig.unit, about=fig.about or None, qualifier=fig.qualifier)


def find_quantities(text: str, doc: Doc | None = None) -> list[Quantity]:
    """The figures in text, in order, each with its value, unit, counted thing and qualifier.

    doc, when given, must be spaCy's parse of exactly this text; it sharpens which noun a number
    counts and which numbers belong to names or dates.
    """
    if doc is not None and len(doc) and doc[-1].idx + len(doc[-1].text_with_ws) != len(text):
        doc = None  # a Doc of some other text: its offsets would be wrong
    out: list[_Fig] = []
    for fig in _scan(text):
        keep = _attach_doc(doc, text, fig) if doc is not None else _attach_text(text, fig)
        if fig.dash_pair and fig.kind == "count" and fig.unit is None:
            keep = False  # "opened 9-14", "is 122-147": a win-loss record, not a range of anything
        if keep:
            out.append(fig)
    _inherit_coordinated(text, out)
    return [_to_quantity(text, f) for f in out]


def quantity_bounds(q: Quantity) -> tuple[float | None, float | None]:
    """The interval a figure allows: (low, high), None for an open end.

    "between 600 and 700" → (600, 700); "more than 1,000" → (1000, None); "up to 50" → (None, 50);
    "about 650" → (650, 650): how loose "about" is, is the comparing stage's call.
    """
    v = q.value
    qual = q.qualifier or ""
    if qual == "between":
        for fig in _scan(q.text):
            if fig.upper is not None:
                return float(fig.value), float(fig.upper)
        return v, None
    if qual in ("more than", "at least"):
        return v, None
    if qual in ("up to", "fewer than", "nearly"):
        return None, v
    if qual.endswith(" of") or qual in ("several", "a few", "many"):
        return v, v * 10
    return v, v
