"""The plain-text boilerplate filter, on invented scraped articles.

Each article below imitates a kind of scrape we receive: a content-farm repost
with blank lines between paragraphs, a wire copy with single newlines and ad
markers, a page with a breadcrumb and a comment counter. None of the text is
real."""

from __future__ import annotations

import pytest

from newsweave.clean.plaintext import ScrapedText, clean_scraped_text, filter_extracted_paragraphs, line_key

# A repost with blank lines: menu, headline, photo credit, byline, a body with
# two "See also" teasers, then "Source link", the reposter's bio and a comment form.
REPOST_BODY = [
    "KARSTHAVEN, Ostmark — Ferry operators on the Karst estuary stopped all crossings on Thursday "
    "after talks with the regional council over a fare cap broke down, stranding thousands of commuters.",
    "The council had proposed holding fares at last year's level until the new bridge opens, a plan the "
    "operators said would put two of the four companies out of business within months.",
    "“We cannot sail at a loss,” said Piet Brandt, who runs the largest of the fleets.",
    "He declined to comment on whether the companies would seek compensation.",
    "Council spokeswoman Anouk Lier said a new offer would be tabled on Monday and urged the operators "
    "to resume service while it was considered.",
    "Teo Marsh in Karsthaven contributed to this report.",
]
REPOST_BIO = (
    "I am a passionate content writer who enjoys covering trending stories from around the globe "
    "for curious readers."
)
REPOST = "\n\n".join(
    [
        "Skip to content",
        "Ferry operators halt crossings on the Karst estuary after fare dispute",
        "Photo by Lena Vos / Unsplash",
        "By Mira Holt, The Estuary Post | May 3, 2024",
        *REPOST_BODY[:2],
        "See also\u00a0 Ten garden plants that thrive in the shade",
        *REPOST_BODY[2:5],
        "See also\u00a0 Why your old phone charger might be a fire risk",
        REPOST_BODY[5],
        "Source link",
        "By Dana Quill",
        REPOST_BIO,
        "Leave a comment",
        "Your email address will not be published.",
        "Save my name, email, and website in this browser for the next time I comment.",
    ]
) + "\n"

# A wire copy as a content farm pastes it: single newlines, ad markers, the
# outlet's mark on a line of its own over a lone dash, no headline.
WIRE_BODY = [
    "Grain exporters in the northern provinces are holding back shipments as a drought cuts the "
    "harvest for a second year, traders said on Friday.",
    "Prices at the main inland market rose by about a fifth in a week, according to the farmers' union.",
    "“Nobody sells when the next harvest is in doubt,” said a trader in the port city.",
    "The agriculture ministry said it would release part of the national reserve if prices kept rising.",
]
WIRE_COPY = "\n".join(["[ad_1]", "WNN", "—", *WIRE_BODY, "[ad_2]", "Source link"])

# A page with a breadcrumb that ends with the headline, a comment counter, the
# headline repeated, and a comment form in capitals.
FOUNDRY_TITLE = "Lantern Works to close its last foundry in Tessel"
FOUNDRY_BODY = [
    "Lantern Works will close its foundry in Tessel by the end of the year, ending more than a "
    "century of metal casting in the town.",
    "The company said falling orders for cast-iron street furniture had made the site unprofitable "
    "since 2019.",
    "About 300 workers are affected. The union said it would ask for retraining funds.",
]
BREADCRUMB_PAGE = "\n\n".join(
    [
        "Home Business " + FOUNDRY_TITLE,
        FOUNDRY_TITLE,
        "0\n" + FOUNDRY_TITLE,  # the counter and the repeat separated by a single newline
        *FOUNDRY_BODY,
        "LEAVE A COMMENT",
        "Please enter your comment!",
        "Please enter your name here",
    ]
)


def reasons(result: ScrapedText) -> dict[str, str]:
    return {line: why for line, why in result.removed}


# --------------------------------------------------------------------------- a repost with blank lines


def test_the_title_is_the_first_headline_shaped_line_after_the_menu() -> None:
    title = clean_scraped_text(REPOST).title
    assert title == "Ferry operators halt crossings on the Karst estuary after fare dispute"


def test_the_byline_goes_to_the_header_not_to_the_body() -> None:
    result = clean_scraped_text(REPOST)
    assert result.header == ["By Mira Holt, The Estuary Post | May 3, 2024"]


def test_every_body_paragraph_is_kept_intact_and_in_order() -> None:
    assert clean_scraped_text(REPOST).paragraphs == REPOST_BODY


def test_furniture_around_the_body_is_removed_with_its_reason() -> None:
    why = reasons(clean_scraped_text(REPOST))
    assert why["Skip to content"] == "navigation"
    assert why["Photo by Lena Vos / Unsplash"] == "photo-credit"
    assert why["See also\u00a0 Ten garden plants that thrive in the shade"] == "related-link"
    assert why["See also\u00a0 Why your old phone charger might be a fire risk"] == "related-link"


def test_after_source_link_everything_is_boilerplate() -> None:
    why = reasons(clean_scraped_text(REPOST))
    assert why["Source link"] == "source-link"
    # The reposter's byline and first-person bio, then the comment form.
    assert why["By Dana Quill"] == "author-bio"
    assert why[REPOST_BIO] == "author-bio"
    assert why["Leave a comment"] == "comment-form"
    assert why["Your email address will not be published."] == "comment-form"
    assert why[REPOST.rstrip().splitlines()[-1]] == "comment-form"  # "Save my name, email, ..."


def test_removed_lines_are_listed_in_document_order() -> None:
    removed = [line for line, _ in clean_scraped_text(REPOST).removed]
    assert removed[0] == "Skip to content"
    assert removed[-1].startswith("Save my name")
    assert removed.index("Source link") < removed.index("By Dana Quill") < removed.index("Leave a comment")


def test_the_same_article_with_single_newlines_cleans_the_same_way() -> None:
    single = "\n".join(line for line in REPOST.splitlines() if line.strip())
    assert clean_scraped_text(single) == clean_scraped_text(REPOST)


def test_windows_line_endings_and_surrounding_spaces_do_not_matter() -> None:
    messy = "\r\n".join("   " + line + " \t" for line in REPOST.splitlines())
    assert clean_scraped_text(messy) == clean_scraped_text(REPOST)


# --------------------------------------------------------------------------- a single-newline wire copy


def test_ad_marker_lines_are_removed() -> None:
    why = clean_scraped_text(WIRE_COPY).removed
    assert ("[ad_1]", "ad-marker") in why
    assert ("[ad_2]", "ad-marker") in why
    assert ("Source link", "source-link") in why


def test_an_outlet_mark_over_a_dash_goes_to_the_header() -> None:
    result = clean_scraped_text(WIRE_COPY)
    assert result.header == ["WNN", "—"]
    assert "WNN" not in result.paragraphs


def test_an_article_that_opens_with_prose_has_no_title() -> None:
    result = clean_scraped_text(WIRE_COPY)
    assert result.title is None
    assert result.paragraphs == WIRE_BODY


def test_an_ad_marker_at_the_start_of_a_line_is_cut_without_losing_the_line() -> None:
    text = WIRE_COPY.replace(
        "Prices at the main inland market", "[ad_1]Prices at the main inland market"
    )
    result = clean_scraped_text(text)
    assert result.paragraphs == WIRE_BODY
    assert [why for line, why in result.removed if line == "[ad_1]"] == ["ad-marker", "ad-marker"]


def test_an_outlet_mark_and_dash_on_one_line_go_to_the_header() -> None:
    result = clean_scraped_text(WIRE_COPY.replace("WNN\n—", "WNN —"))
    assert result.header == ["WNN —"]


# --------------------------------------------------------------------------- breadcrumb, counter, title again


def test_a_breadcrumb_ending_with_the_headline_is_navigation_not_the_title() -> None:
    result = clean_scraped_text(BREADCRUMB_PAGE)
    assert result.title == FOUNDRY_TITLE
    assert ("Home Business " + FOUNDRY_TITLE, "breadcrumb") in result.removed


def test_a_lone_number_is_a_counter_and_the_repeated_headline_is_dropped() -> None:
    result = clean_scraped_text(BREADCRUMB_PAGE)
    assert ("0", "counter") in result.removed
    assert (FOUNDRY_TITLE, "repeated-title") in result.removed


def test_a_comment_form_in_capitals_is_removed_and_the_body_kept() -> None:
    result = clean_scraped_text(BREADCRUMB_PAGE)
    assert [why for _, why in result.removed[-3:]] == ["comment-form"] * 3
    assert result.paragraphs == FOUNDRY_BODY


def test_a_breadcrumb_with_separators_is_removed() -> None:
    page = "Home › Business › Industry\n\n" + BREADCRUMB_PAGE.split("\n\n", 1)[1]
    assert ("Home › Business › Industry", "breadcrumb") in clean_scraped_text(page).removed


# --------------------------------------------------------------------------- short body paragraphs survive


def _article_with(paragraph: str) -> str:
    return (
        "Council delays vote on river crossing\n\n"
        "The regional council postponed its vote on the new river crossing on Tuesday after a late legal "
        "challenge from residents of the east bank.\n\n"
        f"{paragraph}\n\n"
        "The vote is now expected next month, once the court has ruled on the residents' request.\n\n"
        "Critics say the delay will add millions to the cost of the project.\n"
    )


@pytest.mark.parametrize(
    "paragraph",
    [
        "He declined to comment.",
        "“We will not leave,” she said.",
        "Jane Roe in Lagos contributed to this report.",
        "LAGOS, Nigeria — Residents gathered outside the council offices before dawn.",
        "Why now?",
        "What happens next",  # a subheading: short, but nothing says it is furniture
        "By Monday, officials had left the capital without a deal.",  # "By" + prose is not a byline
        "Related talks in the capital collapsed last year after two days.",  # cue word, then a sentence
        "Don't miss the deadline, officials warned the residents.",
        "She shared the ruling on Facebook, her office said.",
        "A spokesman was not immediately available for comment.",
        "The union said it would subscribe to the new safety code.",
        "Watch list grows",  # subheadings that merely open with a cue word
        "Email to the council",
    ],
)
def test_short_body_paragraphs_survive(paragraph: str) -> None:
    result = clean_scraped_text(_article_with(paragraph))
    assert paragraph in result.paragraphs
    assert result.removed == []


def test_a_contributor_line_at_the_very_end_is_body() -> None:
    text = _article_with("He declined to comment.") + "\nOla Bisi in Accra contributed to this report.\n"
    assert clean_scraped_text(text).paragraphs[-1] == "Ola Bisi in Accra contributed to this report."


def test_date_lines_go_to_the_header() -> None:
    text = "Posted July 20, 2009\n\nUpdated 3:04 PM\n\n" + _article_with("He declined to comment.")
    result = clean_scraped_text(text)
    assert result.header == ["Posted July 20, 2009", "Updated 3:04 PM"]
    assert result.title == "Council delays vote on river crossing"


# --------------------------------------------------------------------------- kinds of furniture


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Share this:", "share"),
        ("Facebook Twitter WhatsApp Email", "share"),
        ("Copy link", "share"),
        ("Sign up for our weekly briefing", "newsletter"),
        ("Get the latest headlines delivered straight to your inbox every morning.", "newsletter"),
        ("Read more: Council approves night buses", "related-link"),
        ("RELATED: Bridge costs rise again", "related-link"),
        ("Also read | Five years of ferry strikes", "related-link"),
        ("Image: Harbour Authority handout", "photo-credit"),
        ("Credit: Jon Ake / Getty Images", "photo-credit"),
        ("Advertisement", "ad-marker"),
        ("Tags: ferries, strikes, transport", "tags"),
        ("12 Comments", "counter"),
        ("Source: Regional Wire", "source-link"),
        ("Main menu", "navigation"),
    ],
)
def test_furniture_lines_inside_an_article_are_removed(line: str, reason: str) -> None:
    result = clean_scraped_text(_article_with(line))
    assert result.removed == [(line, reason)]
    assert len(result.paragraphs) == 3


def test_copyright_and_closing_prompts_after_the_body_are_removed() -> None:
    text = _article_with("He declined to comment.") + (
        "\nRead more\n\nSign up for our newsletter\n\n© 2024 The River Gazette. All rights reserved.\n"
    )
    result = clean_scraped_text(text)
    assert [why for _, why in result.removed] == ["related-link", "newsletter", "copyright"]
    assert result.paragraphs[-1] == "Critics say the delay will add millions to the cost of the project."


def test_a_weak_cue_is_enough_after_the_story_but_not_inside_it() -> None:
    inside = clean_scraped_text(_article_with("Watch the video"))
    assert "Watch the video" in inside.paragraphs
    after = clean_scraped_text(_article_with("Why now?") + "\nWatch the video\n")
    assert after.removed == [("Watch the video", "related-link")]


def test_a_closing_byline_and_bio_without_an_end_marker_are_author_bio() -> None:
    bio = "Nell Arden is a freelance reporter based in the river towns who covers transport."
    text = _article_with("He declined to comment.") + "\nBy Nell Arden\n\n" + bio + "\n"
    result = clean_scraped_text(text)
    assert [why for _, why in result.removed] == ["author-bio", "author-bio"]
    assert result.header == []


def test_a_closing_third_person_bio_is_removed_but_the_same_shape_inside_the_story_is_kept() -> None:
    bio = "Nell Arden is a freelance reporter who covers transport for the Gazette."
    at_end = clean_scraped_text(_article_with("He declined to comment.") + "\n" + bio + "\n")
    assert (bio, "author-bio") in at_end.removed
    inside = clean_scraped_text(_article_with(bio))
    assert bio in inside.paragraphs


def test_an_early_end_marker_does_not_cut_the_body() -> None:
    # "Source link" after the first paragraph, with most of the story below it:
    # the line goes, the story stays.
    text = _article_with("Source link") + (
        "\nResidents on the east bank say the crossing would cut them off from the market square.\n"
        "\nThe council has promised a public meeting before any new date is set for the vote.\n"
    )
    result = clean_scraped_text(text)
    assert result.removed == [("Source link", "source-link")]
    assert len(result.paragraphs) == 5


def test_prose_after_a_closing_end_marker_is_not_article_text() -> None:
    # A teaser for another story pasted after "Source link" reads like prose.
    teaser = "In other towns, councils have voted to keep their ferries running through the winter."
    result = clean_scraped_text(_article_with("Why now?") + "\nSource link\n\n" + teaser + "\n")
    assert result.removed == [("Source link", "source-link"), (teaser, "tail")]


def test_site_banner_above_the_headline_is_navigation() -> None:
    result = clean_scraped_text("riverwire24 | News Around The Clock\n" + _article_with("Why now?"))
    assert result.title == "Council delays vote on river crossing"
    assert result.removed == [("riverwire24 | News Around The Clock", "navigation")]


# --------------------------------------------------------------------------- repetition across a corpus


def test_line_key_folds_case_spacing_and_digits() -> None:
    assert line_key("  12  Comments\u00a0") == line_key("3 comments") == "0 comments"
    assert line_key("Share THIS") == "share this"


def _counts(lines: list[str], articles: int) -> dict[str, int]:
    return {line_key(line): articles for line in lines}


def test_a_short_line_many_articles_share_is_removed() -> None:
    banner = "Powered by River Media Group"
    text = _article_with(banner)
    assert banner in clean_scraped_text(text).paragraphs  # alone it is just a short line
    result = clean_scraped_text(text, line_counts=_counts([banner], 40), corpus_size=100)
    assert result.removed == [(banner, "corpus-repeated")]


def test_a_body_sentence_shared_by_copies_of_the_story_is_kept() -> None:
    sentence = "He declined to comment."
    result = clean_scraped_text(_article_with(sentence), line_counts=_counts([sentence], 90), corpus_size=100)
    assert sentence in result.paragraphs
    assert result.removed == []


def test_the_headline_shared_by_copies_of_the_story_stays_the_title() -> None:
    title = "Council delays vote on river crossing"
    result = clean_scraped_text(_article_with("Why now?"), line_counts=_counts([title], 5), corpus_size=5)
    assert result.title == title


def test_repetition_counts_only_when_enough_articles_share_the_line() -> None:
    banner = "Powered by River Media Group"
    two = clean_scraped_text(_article_with(banner), line_counts=_counts([banner], 2), corpus_size=2)
    assert banner in two.paragraphs  # two articles sharing a line is what copies of one story do
    rare = clean_scraped_text(_article_with(banner), line_counts=_counts([banner], 3), corpus_size=5000)
    assert banner in rare.paragraphs  # three pages out of thousands is no site furniture


# --------------------------------------------------------------------------- paragraphs extracted from HTML


def test_extracted_clutter_is_dropped_and_prose_kept_in_order() -> None:
    paragraphs = [
        "The port reopened on Wednesday after a week-long closure, officials said.",
        "Dock workers walk past idle cranes on Monday. (AP Photo/Ines Karl)",
        "Read more: Why the harbour closed",
        "RELATED: Shipping lines divert to the south",
        "See also Ten things to know about the estuary",
        "Sign up for our newsletter to get the latest news delivered to your inbox.",
        "Share this story on Facebook",
        "Advertisement",
        "This article was originally published by The Harbour Review.",
        "Photo: Ines Karl/Reuters",
        "Traffic is expected to return to normal by the weekend.",
    ]
    kept, removed = filter_extracted_paragraphs(paragraphs)
    assert kept == [paragraphs[0], paragraphs[-1]]
    assert [why for _, why in removed] == [
        "photo-credit",
        "related-link",
        "related-link",
        "related-link",
        "newsletter",
        "share",
        "ad-marker",
        "source-link",
        "photo-credit",
    ]


@pytest.mark.parametrize(
    "paragraph",
    [
        "He declined to comment.",
        "“We will not leave,” she said.",
        "The newsletter, which has 5,000 subscribers, was shut down by the regulator.",
        "Related talks in the capital collapsed last year after two days.",
        "Read more of the report, the minister told parliament, and you will see the gaps.",
        "A photo of the flooded square was shared widely on Facebook, officials said.",
        "Source documents seen by the Review show the deal was signed in March.",
        "Click through any page of the report and the same figure appears, she said.",
        "Jane Roe in Lagos contributed to this report.",
    ],
)
def test_extracted_prose_is_never_dropped(paragraph: str) -> None:
    assert filter_extracted_paragraphs([paragraph]) == ([paragraph], [])


def test_a_long_paragraph_that_starts_with_a_cue_is_kept() -> None:
    long_paragraph = "Related: " + " ".join(["the council said the vote would be held next month"] * 5) + "."
    assert filter_extracted_paragraphs([long_paragraph]) == ([long_paragraph], [])


def test_a_one_word_headline_is_the_title_when_it_is_alone_above_the_body() -> None:
    body = "Der Hafen bleibt bis Montag geschlossen, sagte die Behörde am Freitag."
    assert clean_scraped_text(f"Fangquoten\n\n{body}").title == "Fangquoten"
    # Beside a real headline a lone word is a section label above it.
    result = clean_scraped_text(f"Wirtschaft\n\nStreit um Fangquoten\n\n{body}")
    assert result.title == "Streit um Fangquoten"
    assert result.removed == [("Wirtschaft", "navigation")]


def test_a_page_of_nothing_but_menu_leaves_no_extracted_paragraphs() -> None:
    assert filter_extracted_paragraphs(["Home", "Skip to content"]) == (
        [],
        [("Home", "navigation"), ("Skip to content", "navigation")],
    )


def test_a_feed_footer_naming_where_the_post_appeared_first_is_dropped() -> None:
    kept, removed = filter_extracted_paragraphs([
        "The harbour board met on Monday and voted to delay the dredging contract until the spring.",
        "The post Harbour board delays dredging contract appeared first on Elara Courier.",
    ])
    assert kept == ["The harbour board met on Monday and voted to delay the dredging contract until the spring."]
    assert removed[0][1] == "source-link"
