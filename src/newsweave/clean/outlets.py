"""Which names are news outlets, and what each is conventionally called.

Two kinds of evidence decide whether a name is an outlet: a built-in lexicon of
well-known outlets and agencies (with the short forms and abbreviations writers
use for them), and, for outlets the lexicon does not know, the shape of the
name ("Springfield Gazette" has a news word in it; "Ministry of Defense" does
not). Neither uses a model, so both are fast and predictable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# One outlet per line: "Canonical name | aliases; ... | short forms; ...".
# Aliases are unambiguous other names (abbreviations, names without "The").
# Short forms are the single words writers use after a first full mention
# ("the Post"); several outlets may share one, so a short form only names an
# outlet when the text or the lexicon leaves a single candidate.
_LEXICON = """
# Agencies
Associated Press | The Associated Press; AP |
Reuters | Thomson Reuters; Reuters News |
Agence France-Presse | Agence France Presse; France-Presse; France Presse; AFP |
United Press International | UPI |
Bloomberg News | Bloomberg |
Dow Jones Newswires | Dow Jones |
Deutsche Presse-Agentur | dpa; DPA |
Agencia EFE | EFE; Agencia EFE |
ANSA | Agenzia ANSA |
Anadolu Agency | Anadolu; Anadolu Ajansi |
Xinhua | Xinhua News Agency; Xinhuanet |
TASS | ITAR-TASS; Tass |
RIA Novosti | RIA |
Interfax | Interfax news agency |
Interfax-Ukraine | |
Ukrinform | |
Kyodo News | Kyodo |
Jiji Press | Jiji |
Yonhap | Yonhap News Agency |
Korean Central News Agency | KCNA |
Press Trust of India | PTI |
Asian News International | ANI |
Indo-Asian News Service | IANS |
Associated Press of Pakistan | APP |
Bernama | |
Antara | Antara News |
Vietnam News Agency | VNA |
Central News Agency | Focus Taiwan |
Australian Associated Press | AAP |
The Canadian Press | Canadian Press |
Press Association | PA Media |
Agence Nigerienne de Presse | |
Middle East News Agency | MENA |
Saudi Press Agency | SPA |
Emirates News Agency | WAM |
Qatar News Agency | QNA |
Kuwait News Agency | KUNA |
Islamic Republic News Agency | IRNA |
Tasnim News Agency | Tasnim |
Fars News Agency | Fars |
Mehr News Agency | Mehr News |
Iranian Students' News Agency | ISNA |
Syrian Arab News Agency | SANA |
Maghreb Arabe Presse | |
Tunis Afrique Presse | |
Ghana News Agency | |
Ethiopian News Agency | |
News Agency of Nigeria | |
Kenya News Agency | |
Prensa Latina | |
Agencia Brasil | Agência Brasil |
Notimex | |
ANP | Algemeen Nederlands Persbureau |
Belga | |
Ritzau | |
TT News Agency | |
NTB | |
Polish Press Agency | PAP |
Czech News Agency | CTK |
MTI | |
Athens News Agency | ANA-MPA |
BTA | Bulgarian News Agency |
Agerpres | |
Hina | |
Tanjug | |
Ukrainska Pravda | |
Trend News Agency | |
Kazinform | |

# United States
The Washington Post | Washington Post; WaPo; washingtonpost.com | Post
The New York Times | New York Times; NYT; NY Times; nytimes.com | Times
The Wall Street Journal | Wall Street Journal; WSJ | Journal
USA Today | USA TODAY |
Los Angeles Times | LA Times; L.A. Times | Times
Chicago Tribune | | Tribune
Chicago Sun-Times | Sun-Times |
The Boston Globe | Boston Globe | Globe
New York Post | NY Post; N.Y. Post | Post
New York Daily News | NY Daily News |
Newsday | |
The Philadelphia Inquirer | Philadelphia Inquirer | Inquirer
The Dallas Morning News | Dallas Morning News |
Houston Chronicle | | Chronicle
San Francisco Chronicle | SF Chronicle | Chronicle
Miami Herald | The Miami Herald | Herald
The Seattle Times | Seattle Times | Times
The Denver Post | Denver Post | Post
The Atlanta Journal-Constitution | Atlanta Journal-Constitution; AJC |
Star Tribune | Minneapolis Star Tribune |
The Arizona Republic | Arizona Republic |
Tampa Bay Times | | Times
The Baltimore Sun | Baltimore Sun | Sun
The Washington Times | Washington Times | Times
The Sacramento Bee | Sacramento Bee | Bee
The Kansas City Star | Kansas City Star | Star
The Oregonian | |
Detroit Free Press | |
Milwaukee Journal Sentinel | Journal Sentinel |
The Plain Dealer | Cleveland Plain Dealer |
Pittsburgh Post-Gazette | Post-Gazette |
Orange County Register | OC Register |
The San Diego Union-Tribune | San Diego Union-Tribune; Union-Tribune |
The Star-Ledger | Star-Ledger |
The Texas Tribune | Texas Tribune |
The Hill | |
Politico | POLITICO; Politico Europe |
Axios | |
Semafor | |
Punchbowl News | |
CNN | Cable News Network; CNN International |
CNBC | |
Fox News | Fox News Channel; Fox; FOX News |
Fox Business | Fox Business Network |
MSNBC | |
NBC News | NBC |
ABC News | ABC |
CBS News | CBS |
NPR | National Public Radio |
PBS NewsHour | PBS; PBS News |
Voice of America | VOA |
Radio Free Europe/Radio Liberty | RFE/RL; Radio Free Europe; Radio Liberty |
Radio Free Asia | RFA |
C-SPAN | |
Newsweek | |
Time | Time magazine; TIME |
The Atlantic | |
The New Yorker | New Yorker |
The Economist | Economist |
Foreign Policy | |
The Intercept | |
ProPublica | |
Vox | |
Vice News | VICE News; Vice |
BuzzFeed News | BuzzFeed |
HuffPost | Huffington Post; The Huffington Post |
The Daily Beast | Daily Beast |
Slate | |
Salon | |
Mother Jones | |
The Nation | |
National Review | |
The Daily Caller | Daily Caller |
The Daily Caller News Foundation | Daily Caller News Foundation; DCNF |
Breitbart News | Breitbart |
The Daily Wire | Daily Wire |
The Federalist | |
Washington Examiner | The Washington Examiner |
The Washington Free Beacon | Washington Free Beacon; Free Beacon |
Newsmax | |
One America News | OAN; One America News Network |
TheBlaze | The Blaze |
Business Insider | Insider |
Forbes | |
Fortune | |
MarketWatch | |
Barron's | |
Yahoo News | |
Yahoo Finance | |
Defense News | |
Military Times | |
Stars and Stripes | |
Breaking Defense | |
Defense One | |
Task & Purpose | |
Military.com | |
The War Zone | |
Janes | Jane's |
Roll Call | |
Government Executive | |
Federal News Network | |
Nextgov | |
E&E News | |
KFF Health News | Kaiser Health News |
STAT | STAT News |
Inside Climate News | |
Scripps News | |
NewsNation | |
Spectrum News | |
Univision | |
Telemundo | |
McClatchy | McClatchy DC |
The Christian Science Monitor | Christian Science Monitor | Monitor
Los Angeles Daily News | |
TechCrunch | |
The Verge | |
Wired | WIRED |
Ars Technica | |
CNET | |
The Markup | |
Rest of World | |
404 Media | |
Al-Monitor | Al Monitor |
Middle East Eye | |
The Free Press | |
Drop Site News | |

# United Kingdom and Ireland
BBC | BBC News; British Broadcasting Corporation; BBC World Service |
The Guardian | Guardian; theguardian.com |
The Observer | | Observer
The Times | The Times of London; Times of London | Times
The Sunday Times | Sunday Times |
The Daily Telegraph | The Telegraph; Telegraph; Daily Telegraph | Telegraph
Financial Times | FT; The Financial Times |
The Independent | Independent |
Daily Mail | The Daily Mail; Mail Online; MailOnline | Mail
The Mail on Sunday | Mail on Sunday |
The Sun | | Sun
Daily Mirror | The Mirror; Mirror | Mirror
Daily Express | The Express; Express |
Evening Standard | London Evening Standard; The Evening Standard | Standard
The Scotsman | Scotsman |
Sky News | |
ITV News | ITV |
Channel 4 News | |
The Spectator | Spectator |
New Statesman | |
The Irish Times | Irish Times | Times
Irish Independent | |
RTE | RTÉ; RTÉ News; RTE News |
The Belfast Telegraph | Belfast Telegraph |

# Europe
Le Monde | |
Le Figaro | |
Liberation | Libération |
Les Echos | |
Le Parisien | |
Le Point | |
France 24 | France24 |
Radio France Internationale | RFI |
Franceinfo | France Info; franceinfo |
TV5Monde | TV5 Monde |
Euronews | |
Der Spiegel | Spiegel; Spiegel Online; DER SPIEGEL |
Die Zeit | Zeit; Zeit Online |
Frankfurter Allgemeine Zeitung | FAZ; Frankfurter Allgemeine |
Süddeutsche Zeitung | Sueddeutsche Zeitung; SZ |
Die Welt | Welt |
Bild | Bild-Zeitung |
Handelsblatt | |
Deutsche Welle | DW |
ARD | Tagesschau |
ZDF | |
Neue Zürcher Zeitung | Neue Zuercher Zeitung; NZZ |
Der Standard | |
Die Presse | |
Swissinfo | SWI swissinfo.ch |
El País | El Pais |
El Mundo | |
La Vanguardia | |
Corriere della Sera | Corriere |
La Repubblica | Repubblica |
La Stampa | |
Il Sole 24 Ore | |
RAI | RAI News |
NOS | |
De Telegraaf | Telegraaf |
De Volkskrant | Volkskrant |
NRC Handelsblad | NRC |
Le Soir | |
De Standaard | |
Dagens Nyheter | |
Svenska Dagbladet | |
Aftonbladet | |
NRK | |
Aftenposten | |
Yle | |
Helsingin Sanomat | |
Gazeta Wyborcza | |
Rzeczpospolita | |
Kathimerini | |
Hurriyet | Hürriyet |
Hurriyet Daily News | Hürriyet Daily News |
Daily Sabah | |
The Kyiv Independent | Kyiv Independent |
Kyiv Post | |
RT | Russia Today |
Sputnik | |
Kommersant | |
Vedomosti | |
Izvestia | |
Novaya Gazeta | |
Meduza | |
Mediazona | |
The Moscow Times | Moscow Times |
Balkan Insight | BIRN |
Organized Crime and Corruption Reporting Project | OCCRP |
Politiken | |
Público | Publico |

# Middle East
Al Jazeera | Al-Jazeera; Aljazeera; Al Jazeera English |
Al Arabiya | Al-Arabiya |
Asharq Al-Awsat | Asharq al-Awsat |
Al-Ahram | Ahram Online; Al Ahram |
Mada Masr | |
Gulf News | |
Khaleej Times | |
Arab News | |
The National News | |
Haaretz | |
The Times of Israel | Times of Israel |
The Jerusalem Post | Jerusalem Post | Post
Ynet | Ynetnews; Yedioth Ahronoth; Yediot Ahronot |
Israel Hayom | |
i24NEWS | i24 News |
Channel 12 | Channel 12 News |
Press TV | PressTV |
Kurdistan 24 | |
Rudaw | |
Al Mayadeen | |
Al-Manar | Al Manar |
L'Orient-Le Jour | |
Al-Quds Al-Arabi | |

# Asia and the Pacific
China Daily | |
Global Times | |
People's Daily | |
CGTN | China Global Television Network |
CCTV | China Central Television |
South China Morning Post | SCMP | Post
Caixin | |
Sixth Tone | |
Hong Kong Free Press | HKFP |
NHK | NHK World |
The Asahi Shimbun | Asahi Shimbun; Asahi |
The Yomiuri Shimbun | Yomiuri Shimbun; Yomiuri |
The Mainichi | Mainichi Shimbun; Mainichi |
Nikkei Asia | Nikkei; Nikkei Asian Review |
The Japan Times | Japan Times | Times
The Korea Herald | Korea Herald | Herald
The Korea Times | Korea Times | Times
Korea JoongAng Daily | JoongAng Daily; JoongAng Ilbo |
The Chosun Ilbo | Chosun Ilbo |
The Hankyoreh | Hankyoreh |
NK News | |
Taipei Times | | Times
The Straits Times | Straits Times | Times
Channel NewsAsia | CNA |
The Jakarta Post | Jakarta Post | Post
Tempo | |
Kompas | |
Bangkok Post | | Post
VnExpress | |
Rappler | |
Philippine Daily Inquirer | | Inquirer
ABS-CBN News | ABS-CBN |
GMA News | |
Malaysiakini | |
The Times of India | Times of India; TOI |
Hindustan Times | |
The Hindu | |
The Indian Express | Indian Express |
NDTV | |
India Today | |
The Economic Times | Economic Times |
Scroll.in | |
ThePrint | |
Dawn | |
The Express Tribune | Express Tribune |
Geo News | |
The News International | |
bdnews24.com | bdnews24 |
The Kathmandu Post | Kathmandu Post | Post
TOLOnews | Tolo News |
Pajhwok Afghan News | Pajhwok |
Khaama Press | |
Eurasianet | |
The Diplomat | |
The Sydney Morning Herald | Sydney Morning Herald; SMH | Herald
The Age | |
Australian Broadcasting Corporation | ABC Australia |
SBS News | SBS |
The New Zealand Herald | New Zealand Herald; NZ Herald | Herald
Radio New Zealand | RNZ |

# Africa
News24 | |
Mail & Guardian | |
Daily Maverick | |
South African Broadcasting Corporation | SABC |
Daily Nation | Nation Africa |
The East African | |
Premium Times | |
The Punch | Punch |
Vanguard | |
ThisDay | This Day |
Channels Television | Channels TV |
Sahara Reporters | SaharaReporters |
Daily Trust | |
The Africa Report | |
Jeune Afrique | |
Africanews | |
Daily Graphic | |
Addis Standard | |
Daily Monitor | |
New Vision | |
Sudan Tribune | |
Radio Dabanga | |
Tele Sahel | Télé Sahel |
Le Sahel | |
Actu Niger | ActuNiger |
Aniamey | |
Studio Kalangou | |
Radio Okapi | |
APA News | |
Seneweb | |
L'Observateur Paalga | |

# The Americas
CBC News | CBC; Canadian Broadcasting Corporation |
CTV News | CTV |
Global News | |
The Globe and Mail | Globe and Mail | Globe
Toronto Star | The Toronto Star | Star
National Post | | Post
La Presse | |
Le Devoir | |
Radio-Canada | |
Clarin | Clarín |
La Nacion | La Nación |
Infobae | |
Folha de S.Paulo | Folha de Sao Paulo; Folha |
O Globo | |
O Estado de S. Paulo | Estadao; Estadão |
El Universal | |
Reforma | |
Milenio | |
La Jornada | |
Proceso | |
El Tiempo | |
Semana | |
El Comercio | |
El Mercurio | |
La Tercera | |
Granma | |
TeleSUR | Telesur |
El Nuevo Herald | |
"""


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    aliases: tuple[str, ...]
    short: tuple[str, ...]


def _parse_lexicon(text: str) -> tuple[_Entry, ...]:
    entries = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, aliases, short = (part.strip() for part in (line.split("|") + ["", ""])[:3])
        entries.append(
            _Entry(
                name,
                tuple(a.strip() for a in aliases.split(";") if a.strip()),
                tuple(s.strip() for s in short.split(";") if s.strip()),
            )
        )
    return tuple(entries)


def outlet_key(name: str) -> str:
    """A comparison key: case, accents, punctuation and a leading "the" are
    not part of an outlet's identity."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").lower()
    text = re.sub(r"'s\b|'", "", text)
    words = re.findall(r"[a-z0-9&]+", text)
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


ENTRIES = _parse_lexicon(_LEXICON)

_BY_KEY: dict[str, str] = {}
_SHORT: dict[str, set[str]] = {}
for _entry in ENTRIES:
    for _alias in (_entry.name, *_entry.aliases):
        _BY_KEY.setdefault(outlet_key(_alias), _entry.name)
    for _word in _entry.short:
        _SHORT.setdefault(outlet_key(_word), set()).add(_entry.name)

# A short form that is also a full name ("The Times", "The Sun") is only that
# outlet when nothing else claims the word; the full-name lookup must not win.
for _word, _names in _SHORT.items():
    if len(_names) > 1:
        _BY_KEY.pop(_word, None)

# Single-word names that are also ordinary English words: "according to the
# Independent electoral commission" uses the word, not the outlet.
COMMON_WORD_NAMES = frozenset(
    {
        "guardian", "independent", "economist", "atlantic", "hill", "intercept", "telegraph", "spectator",
        "observer", "times", "sun", "star", "post", "journal", "globe", "mirror", "express", "nation",
        "age", "verge", "fortune", "punch", "vanguard", "monitor", "herald", "tribune", "chronicle",
        "inquirer", "bee", "standard", "time", "vox", "slate", "salon", "wired", "insider", "federalist",
        "diplomat", "stuff", "reach", "tempo", "semana", "proceso", "reforma", "dawn", "sky", "fox",
        "mail", "corriere", "bild", "welt", "zeit", "spiegel", "stat", "hindu", "oregonian", "markup",
        "print", "quotidien", "blaze", "free press", "war zone",
    }
)

# Words that make an unknown name look like a news outlet. Strong ones do so
# anywhere in the name; weak ones only as the name's last word ("Eastern
# Voice Online") or before "of" ("Voice of Nigeria"), since "Standard
# Chartered" and "Express Scripts" are companies.
STRONG_NEWS_WORDS = frozenset(
    {
        "post", "times", "news", "journal", "herald", "tribune", "gazette", "chronicle", "telegraph",
        "press", "daily", "radio", "tv", "television", "broadcasting", "ledger", "newspaper", "newswire",
        "zeitung", "presse", "prensa", "diario", "courier", "dispatch", "inquirer", "sentinel", "bulletin",
        "magazine", "weekly", "broadcaster", "examiner", "reporter", "reporters", "newsroom", "nieuws",
        "nachrichten", "noticias", "journal-constitution", "post-gazette",
    }
)
WEAK_NEWS_WORDS = frozenset(
    {
        "wire", "observer", "standard", "mirror", "express", "star", "sun", "globe", "voice", "online",
        "register", "record", "review", "monitor", "mail", "independent", "guardian", "times-union",
        "channel", "network", "report", "insider", "today", "tribune-review",
    }
)
# Only count alongside a strong news word ("Xinhua News Agency", "Daily
# Caller News Foundation"); alone they name spy services and think tanks.
DEPENDENT_NEWS_WORDS = frozenset(
    {"agency", "agence", "agencia", "foundation", "media", "service", "services"}
)

# Words that show a name is an institution, company, office or person's title.
_VETO_WORDS = frozenset(
    {
        "ministry", "department", "office", "council", "committee", "commission", "administration",
        "government", "army", "navy", "force", "forces", "command", "institute", "university", "college",
        "school", "bank", "court", "congress", "parliament", "senate", "embassy", "police", "intelligence",
        "security", "nations", "union", "organization", "organisation", "authority", "party", "secretary",
        "spokesman", "spokeswoman", "spokesperson", "minister", "president", "director", "officer",
        "official", "chief", "correspondent", "editor", "anchor", "inc", "corp", "ltd", "llc", "holdings",
        "chartered", "airlines", "motors", "oil", "energy", "center", "centre", "hospital", "club",
        "church", "federation", "association", "agency's", "board", "company", "group", "fund",
        "scripts", "card", "box", "mine", "guard", "guards", "corps", "staff", "cabinet", "assembly",
        "kremlin", "pentagon", "prosecutor", "prosecutors", "general", "governor", "mayor", "judge",
    }
)

# Words that name no particular outlet, however capitalised: "State TV".
_GENERIC_WORDS = frozenset(
    {
        "the", "state", "national", "local", "public", "regional", "official", "government", "private",
        "independent", "international", "world", "global", "online", "a", "an", "its", "their", "his",
        "her", "our", "this", "that", "broadcaster", "state-run", "state-owned", "pro-government",
        "opposition", "leading", "major", "main", "daily", "weekly", "evening", "morning", "sunday",
        "of", "and", "&", "de", "la", "le", "el", "al", "for", "breaking", "latest", "live", "top", "more",
        "related", "business", "sports", "politics", "opinion", "entertainment", "health",
        "science", "tech", "technology", "home", "fake", "good", "bad", "big", "new",
    }
)


def canonical_outlet(name: str | None) -> str | None:
    """The lexicon's conventional name for `name`, or None when the lexicon
    does not know it (or knows it only as an ambiguous short form)."""
    if not name:
        return None
    return _BY_KEY.get(outlet_key(name))


def short_form_outlets(word: str) -> frozenset[str]:
    """The lexicon outlets a short form ("Post", "Times") may stand for."""
    return frozenset(_SHORT.get(outlet_key(word), ()))


def is_short_form(word: str) -> bool:
    key = outlet_key(word)
    return " " not in key and (key in _SHORT or key in STRONG_NEWS_WORDS or key in WEAK_NEWS_WORDS)


def looks_like_outlet(name: str) -> bool:
    """Whether an unknown name has the shape of a news outlet's name."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if words and words[0].lower() == "the":
        words = words[1:]
    if len(words) < 2:
        return False
    lowered = [w.lower().strip(".,'’") for w in words]
    if any(w in _VETO_WORDS for w in lowered):
        return False
    # Every word but the news words must not be filler: "State TV" names no outlet.
    news_positions = []
    for i, w in enumerate(lowered):
        is_last = i == len(lowered) - 1
        before_of = i + 1 < len(lowered) and lowered[i + 1] == "of"
        if w in STRONG_NEWS_WORDS or (w in WEAK_NEWS_WORDS and (is_last or before_of)):
            news_positions.append(i)
    if not news_positions:
        return False
    if any(w in DEPENDENT_NEWS_WORDS for w in lowered) and not any(
        lowered[i] in STRONG_NEWS_WORDS for i in news_positions
    ):
        return False
    rest = [
        w
        for i, w in enumerate(lowered)
        if i not in news_positions and w not in DEPENDENT_NEWS_WORDS and w not in _GENERIC_WORDS
    ]
    if not rest:
        return False
    # A proper name starts with a capital; "Daily reports" is a phrase.
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _GENERIC_WORDS for w in words)


def is_outlet(name: str) -> bool:
    return canonical_outlet(name) is not None or looks_like_outlet(name)
