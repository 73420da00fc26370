"""What an article's own text says about it: byline, outlet, date, dateline
and the outlets it names as its source. Every sentence here is invented."""

from __future__ import annotations

import pytest

from newsweave.clean.metadata import (
    TextMetadata,
    find_attributions,
    find_dateline,
    metadata_from_text,
    parse_byline,
)
from newsweave.clean.outlets import canonical_outlet, is_outlet, looks_like_outlet

LONG_LEAD = (
    "The harbour authority said on Tuesday it would suspend the quota talks after two days of meetings "
    "failed to settle the dispute over the northern fishing grounds, leaving about 400 boats idle."
)

# ------------------------------------------------------------------------- bylines


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Ilse Marrow", ("Ilse Marrow", None, None)),
        ("By Ilse Marrow and Tomas Brenn", ("Ilse Marrow and Tomas Brenn", None, None)),
        ("By Ilse Marrow, Tomas Brenn and Ana Lopes", ("Ilse Marrow, Tomas Brenn and Ana Lopes", None, None)),
        (
            "By Ilse Marrow, The Elara News Foundation | March 22, 2024",
            ("Ilse Marrow", "The Elara News Foundation", "2024-03-22"),
        ),
        ("Tomas Brenn | The Elara Courier", ("Tomas Brenn", "The Elara Courier", None)),
        ("By Tomas Brenn, Reuters", ("Tomas Brenn", "Reuters", None)),
        (
            "By TOMAS BRENN AND ILSE MARROW, Associated Press",
            ("Tomas Brenn and Ilse Marrow", "Associated Press", None),
        ),
        ("By Ilse Marrow for The Guardian", ("Ilse Marrow", "The Guardian", None)),
        ("By Ilse Marrow, Staff Writer", ("Ilse Marrow", None, None)),
        ("By Ilse Marrow in Port Elara", ("Ilse Marrow", None, None)),
        ("By Ilse Marrow | 4 min read", ("Ilse Marrow", None, None)),
        ("Posted July 20, 2009", (None, None, "2009-07-20")),
        ("Posted on July 20, 2009 by Ilse Marrow", ("Ilse Marrow", None, "2009-07-20")),
        ("Published: 2024-03-02", (None, None, "2024-03-02")),
        ("Updated March 3, 2024 at 4:05 p.m. EST", (None, None, "2024-03-03T16:05:00-05:00")),
        # "ET" follows daylight saving: 4:05 p.m. in July is UTC-4.
        ("Updated 4:05 PM ET, Tue July 9, 2024", (None, None, "2024-07-09T16:05:00-04:00")),
        ("Friday, 22 March 2024 14:30 GMT", (None, None, "2024-03-22T14:30:00+00:00")),
        ("Published March 1, 2024 | Updated March 3, 2024", (None, None, "2024-03-01")),
        ("25/12/2023", (None, None, "2023-12-25")),
    ],
)
def test_byline_variants(line: str, expected: tuple[str | None, str | None, str | None]) -> None:
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Ursula van der Berg", "Ursula van der Berg"),
        ("By Karim al-Haddad and J. R. Okafor", "Karim al-Haddad and J. R. Okafor"),
        ("By Marta de la Cruz", "Marta de la Cruz"),
        ("By Tomas Brenn Jr.", "Tomas Brenn Jr."),
        ("By Jean-Luc O'Neill", "Jean-Luc O'Neill"),
    ],
)
def test_byline_names_with_particles_and_initials(line: str, expected: str) -> None:
    assert parse_byline(line)[0] == expected


@pytest.mark.parametrize(
    ("line", "outlet"),
    [
        ("By The Associated Press", "Associated Press"),
        ("By CNN Staff", "CNN"),
        ("By AFP", "Agence France-Presse"),
    ],
)
def test_agency_only_bylines_name_an_outlet_and_no_person(line: str, outlet: str) -> None:
    assert parse_byline(line) == (None, outlet, None)


@pytest.mark.parametrize(
    "line",
    [
        "By The Numbers",
        "By contrast, the ministry kept its forecast unchanged",
        "By Land and Sea",
        "By Air Force One",
        "Photo by Ana Lopes / Elara Courier",
        "Middle East | Politics",
        "Home | World | Africa",
        "The harbour reopened on March 3, 2024 after the storm",
        "03/04/2024",  # March 4 or April 3: not stated unambiguously
        "",
    ],
)
def test_lines_that_are_not_bylines_give_nothing(line: str) -> None:
    assert parse_byline(line) == (None, None, None)


# ----------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("DAKAR, Senegal – Fishermen returned to port on Monday.", "DAKAR, Senegal"),
        ("PORT ELARA, Veldania — The harbour authority met again.", "PORT ELARA, Veldania"),
        ("WASHINGTON (Reuters) - Lawmakers passed the bill.", "WASHINGTON"),
        ("WASHINGTON, March 22 (Reuters) - Lawmakers passed the bill.", "WASHINGTON"),
        ("UNITED NATIONS (AP) — Delegates voted on Friday.", "UNITED NATIONS"),
        ("ST. LOUIS, Mo. — A levee gave way overnight.", "ST. LOUIS, Mo."),
        ("PORT-AU-PRINCE, Haiti - Schools stayed shut.", "PORT-AU-PRINCE, Haiti"),
        ("RIO DE JANEIRO — Police cleared the square.", "RIO DE JANEIRO"),
        ("ROME — The vote was delayed.", "ROME"),
        ("Meridian Wire — BISSAU, Guinea-Bissau — The port stayed open.", "BISSAU, Guinea-Bissau"),
    ],
)
def test_dateline_at_start_of_first_paragraph(paragraph: str, expected: str) -> None:
    assert find_dateline(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "NATO said on Monday it would send more ships.",
        "U.S. officials said the talks had stalled.",
        "NATO — the alliance of 32 states — met in Brussels.",
        "EU ministers — meeting in Brussels — agreed a plan.",
        "BREAKING — The minister has resigned.",
        "CNN — The talks collapsed on Friday.",
        "The harbour authority said on Tuesday it would suspend the talks.",
        "In Port Elara — a town of fishermen — nobody slept.",
        "(AP) — A storm hit the coast.",
    ],
)
def test_no_dateline_in_ordinary_openings(paragraph: str) -> None:
    assert find_dateline(paragraph) is None


# --------------------------------------------------------------------- attribution


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The quota deal collapsed on Tuesday, The Washington Post reported.", ["The Washington Post"]),
        ("The figures come from a port survey, Reuters reports.", ["Reuters"]),
        ("The talks stalled on Friday, reported The Wall Street Journal.", ["The Wall Street Journal"]),
        ("The fleet will be cut by a fifth, according to Bloomberg.", ["Bloomberg News"]),
        ("According to the Associated Press, the ferry sank.", ["Associated Press"]),
        ("A harbour official told The Guardian that the quota was unfair.", ["The Guardian"]),
        ("A harbour official told the Associated Press the quota was unfair.", ["Associated Press"]),
        ("The authority said in a report published by Axios that catches fell.", ["Axios"]),
        ("Al Jazeera said in a report that the catch had halved.", ["Al Jazeera"]),
        ("She said so in an interview with Politico last week.", ["Politico"]),
        ("In an exclusive interview with Der Spiegel, the minister hinted at a deal.", ["Der Spiegel"]),
        ("Le Monde first reported the plan to close the northern grounds.", ["Le Monde"]),
        ("The news was first reported by Xinhua.", ["Xinhua"]),
        ("The convoy arrived at dawn, according to the state news agency TASS.", ["TASS"]),
        ("LAGOS, Nigeria (AFP) — Fuel prices rose again.", ["Agence France-Presse"]),
        ("Fuel prices rose again on the coast. (Reuters)", ["Reuters"]),
        (
            "A spokesman told NBC News and The New York Times that the vote was off.",
            ["NBC News", "The New York Times"],
        ),
        (
            "Ilse Marrow reported from Port Elara. The Associated Press contributed to this report.",
            ["Associated Press"],
        ),
        # Unknown outlets count when the name has a news outlet's shape.
        ("The Port Elara Gazette reported the closure on Monday.", ["The Port Elara Gazette"]),
        ("The blockade was lifted, according to the Veldania Broadcasting Corporation.",
         ["Veldania Broadcasting Corporation"]),
    ],
)
def test_attribution_patterns(sentence: str, expected: list[str]) -> None:
    assert find_attributions([sentence]) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Ilse Marrow said the boats would stay in port.",
        "Harbour master Tomas Brenn reported a rise in landings.",
        "The quota will be cut, according to officials.",
        "The figures rose, according to the Ministry of Fisheries.",
        "The Veldanian Ministry of Defense announced new patrols on Sunday.",
        "The Ministry of Defense reported two new patrol boats.",
        "The minister told reporters the talks would resume.",
        "The admiral told lawmakers the patrols had been cut.",
        "The envoy told the Senate Foreign Relations Committee the deal was dead.",
        "According to Harbour Press Secretary Ana Lopes, the ferries are running.",
        "State TV reported that the president had landed.",
        "The National Energy Agency reported record demand.",
        "The Electoral Commission reported on Monday that turnout was low.",
        "Standard Chartered reported higher profits in the region.",
        "Landings fell, according to the Independent fisheries commission.",
        "According to reports, the harbour will reopen.",
        "The spokesman did not respond to repeated requests for comment.",
    ],
)
def test_people_governments_and_plain_words_are_not_attributions(sentence: str) -> None:
    assert find_attributions([sentence]) == []


def test_short_form_points_back_to_the_outlet_named_earlier() -> None:
    paragraphs = [
        "The harbour will stay closed until June, The Washington Post reported on Monday.",
        "Two trawler crews were stranded at sea, according to the Post, citing port officials.",
        "The quota was raised again, The Wall Street Journal reported. The Journal said exports fell.",
    ]
    assert find_attributions(paragraphs) == ["The Washington Post", "The Wall Street Journal"]


def test_short_form_follows_the_most_recent_matching_outlet() -> None:
    paragraphs = [
        "The New York Post reported the strike first.",
        "Later The Denver Post reported that the strike was over, and the Post said both sides had agreed.",
    ]
    assert find_attributions(paragraphs) == ["New York Post", "The Denver Post"]


def test_short_form_of_an_unknown_outlet_points_back_to_it() -> None:
    paragraphs = ["The Elara Courier reported the closure. Two days later the Courier reported it had ended."]
    assert find_attributions(paragraphs) == ["The Elara Courier"]


def test_ambiguous_short_form_with_no_earlier_name_is_dropped() -> None:
    # Several outlets are called "the Post" and "the Times"; the text names none of them.
    assert find_attributions(["The Post reported that the minister had resigned."]) == []
    assert find_attributions(["The harbour was shut, the Times reported."]) == []


def test_unambiguous_short_form_uses_the_lexicon_default() -> None:
    assert find_attributions(["The quota was raised, the Journal reported."]) == ["The Wall Street Journal"]


def test_names_are_deduplicated_in_order_of_first_appearance() -> None:
    paragraphs = [
        "The ferry sank near the reef, Reuters reported.",
        "Rescuers pulled nine people from the water, according to the Associated Press.",
        "Two more were found on Friday, Reuters reported, and the AP said the search would go on.",
    ]
    assert find_attributions(paragraphs) == ["Reuters", "Associated Press"]


def test_own_outlet_is_not_an_attribution() -> None:
    text = ["A senior harbour official told CNN that the quota was unfair, Reuters reported."]
    assert find_attributions(text, own_outlet="CNN") == ["Reuters"]
    assert find_attributions(["The Post reported it first."], own_outlet="The Washington Post") == []
    assert find_attributions(["Officials told the Washington Post."], own_outlet="washington post") == []


def test_single_common_word_outlets_need_outlet_context() -> None:
    assert find_attributions(["According to the Independent, turnout was low."]) == ["The Independent"]
    assert find_attributions(["He told the Hill staff waiting outside that he was done."]) == []


# ------------------------------------------------------------------------ together


def test_metadata_from_byline_header() -> None:
    meta = metadata_from_text(
        "Quota talks collapse",
        [
            "Skip to content",
            "Photo by Ana Lopes / Unsplash",
            "By Ilse Marrow, The Elara Courier | May 14, 2024",
        ],
        [
            "PORT ELARA, Veldania — " + LONG_LEAD,
            "The decision followed weeks of pressure, The Washington Post reported.",
            "The Elara Courier asked the ministry for comment.",
        ],
    )
    assert meta == TextMetadata(
        author="Ilse Marrow",
        outlet="The Elara Courier",
        published="2024-05-14",
        dateline="PORT ELARA, Veldania",
        attributed_to=["The Washington Post"],
    )


def test_outlet_mark_line_above_a_dash() -> None:
    meta = metadata_from_text(
        "Quota talks collapse", ["CNN", "—"], [LONG_LEAD, "A harbour official told CNN the vote was close."]
    )
    assert meta.outlet == "CNN"
    assert meta.attributed_to == []  # "told CNN" in a CNN story is its own reporting
    assert meta.dateline is None


def test_outlet_mark_at_start_of_first_paragraph() -> None:
    meta = metadata_from_text("Quota talks collapse", [], ["CNN — " + LONG_LEAD])
    assert (meta.outlet, meta.dateline) == ("CNN", None)


def test_agency_dateline_names_the_outlet() -> None:
    meta = metadata_from_text("Quota talks collapse", [], ["PORT ELARA, Veldania (Reuters) - " + LONG_LEAD])
    assert (meta.outlet, meta.dateline, meta.attributed_to) == ("Reuters", "PORT ELARA, Veldania", [])


def test_outlet_hint_wins_and_agency_credit_becomes_an_attribution() -> None:
    meta = metadata_from_text(
        "Quota talks collapse",
        [],
        ["PORT ELARA, Veldania (AP) — " + LONG_LEAD],
        outlet_hint="The Elara Courier",
    )
    assert meta.outlet == "The Elara Courier"
    assert meta.attributed_to == ["Associated Press"]


def test_outlet_hint_is_the_own_outlet_for_self_reference() -> None:
    meta = metadata_from_text(
        "Quota talks collapse",
        ["By Ilse Marrow, Reuters"],
        [LONG_LEAD, "A minister told The Washington Post the quota would stay."],
        outlet_hint="Washington Post",
    )
    assert meta.outlet == "The Washington Post"
    assert meta.author == "Ilse Marrow"
    # "told The Washington Post" is the page's own reporting; the wire byline is its source.
    assert meta.attributed_to == ["Reuters"]


def test_byline_as_first_paragraph_when_there_is_no_header() -> None:
    meta = metadata_from_text(
        "Quota talks collapse", [], ["By Tomas Brenn", "Updated March 3, 2024 at 4:05 p.m. EST", LONG_LEAD]
    )
    assert meta.author == "Tomas Brenn"
    # An update stamp is when the page changed, not when it was published.
    assert meta.published is None


def test_outlet_from_title_suffix_when_nothing_else_says() -> None:
    meta = metadata_from_text("Quota talks collapse - Reuters", [], [LONG_LEAD])
    assert meta.outlet == "Reuters"


def test_unknown_is_none_never_a_guess() -> None:
    meta = metadata_from_text("Quota talks collapse", [], [LONG_LEAD, "The ministry declined to comment."])
    assert meta == TextMetadata(author=None, outlet=None, published=None, dateline=None, attributed_to=[])


def test_a_closing_byline_above_a_bio_is_not_the_author() -> None:
    # Reposting sites put their own writer's name above a bio at the foot.
    closing = metadata_from_text("Quota talks collapse", [], [LONG_LEAD, "By Kofi Mensah", "I write about ports."])
    assert closing.author is None

def test_unknown_agency_credit_in_the_dateline() -> None:
    # The position proves a credit; the initials are spelled out only if the text does so.
    assert find_attributions(["PORT ELARA, Veldania (MW) — " + LONG_LEAD]) == ["MW"]
    spelled = ["PORT ELARA, Veldania (MW) — " + LONG_LEAD, "Meridian Wire has a desk in the port."]
    assert find_attributions(spelled) == ["Meridian Wire"]
    assert find_attributions(["The fisheries council (FC) — its members — met."]) == []


# -------------------------------------------------------------------------- lexicon


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("WaPo", "The Washington Post"),
        ("the Washington Post", "The Washington Post"),
        ("NYT", "The New York Times"),
        ("WSJ", "The Wall Street Journal"),
        ("AP", "Associated Press"),
        ("AFP", "Agence France-Presse"),
        ("Agence France Presse", "Agence France-Presse"),
        ("Al-Jazeera", "Al Jazeera"),
        ("Spiegel", "Der Spiegel"),
        ("El Pais", "El País"),
        ("Daily Caller News Foundation", "The Daily Caller News Foundation"),
        ("Times", None),  # ambiguous on its own
        ("Ministry of Defense", None),
    ],
)
def test_lexicon_names(name: str, canonical: str | None) -> None:
    assert canonical_outlet(name) == canonical


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Springfield Gazette", True),
        ("Eastern Voice Online", True),
        ("Niamey Daily News", True),
        ("Xinjiang News Agency", True),
        ("State TV", False),
        ("National Security Agency", False),
        ("Heritage Foundation", False),
        ("Standard Chartered", False),
        ("Pentagon Press Secretary", False),
        ("Gazette", False),
    ],
)
def test_outlet_name_shape(name: str, expected: bool) -> None:
    assert looks_like_outlet(name) is expected
    assert is_outlet(name) is (expected or canonical_outlet(name) is not None)


def test_another_outlets_mark_on_a_known_site_is_a_credit() -> None:
    # A content farm reposting an agency story keeps the agency's mark.
    meta = metadata_from_text(
        "Quota talks collapse", ["Meridian Wire", "—"], [LONG_LEAD], outlet_hint="harbourbuzz24"
    )
    assert meta.outlet == "harbourbuzz24"
    assert meta.attributed_to == ["Meridian Wire"]


def test_syndicated_byline_credits_the_source_but_not_a_sister_name() -> None:
    header = ["By Ilse Marrow, The Elara News Foundation | May 14, 2024"]
    syndicated = metadata_from_text("Quota talks collapse", header, [LONG_LEAD], outlet_hint="Coastal Ledger")
    assert syndicated.attributed_to == ["The Elara News Foundation"]
    own = metadata_from_text("Quota talks collapse", header, [LONG_LEAD], outlet_hint="Elara News")
    assert own.attributed_to == []


def test_own_abbreviated_credit_is_not_an_attribution() -> None:
    assert find_attributions(["PORT ELARA, Veldania (MW) — " + LONG_LEAD], own_outlet="Meridian Wire") == []
