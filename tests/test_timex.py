"""Time expressions: what `find_timexes` marks in English news text, and how it
values each expression against the article's publication date (TimeML/TIMEX3).

Unless a test says otherwise the story was published on Friday 22 March 2024.
"""

from __future__ import annotations

import json

import pytest

from conftest import load_shared_scorer, shared_data
from newsweave.annotate.nlp import load_nlp
from newsweave.annotate.timex import find_timexes, parse_dct, parse_number

FRIDAY = "2024-03-22"


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def tag(text: str, dct: str | None = FRIDAY, doc=None) -> list[tuple[str, str, str | None]]:
    """(text, type, value) of each expression, in text order."""
    return [(t.text, t.type, t.value) for t in find_timexes(text, dct, doc)]


def value_of(text: str, phrase: str, dct: str | None = FRIDAY, doc=None) -> tuple[str, str | None]:
    """(type, value) of the expression whose text is `phrase`."""
    found = {t.text: (t.type, t.value) for t in find_timexes(text, dct, doc)}
    assert phrase in found, f"{phrase!r} not found in {sorted(found)}"
    return found[phrase]


# ---------------------------------------------------------------- explicit dates


def test_full_dates_in_the_usual_news_spellings():
    text = ("The ferry schedule changed on Saturday, March 16, 2024, again on 18 March 2024, "
            "on 2024-03-19 and on 3/20/2024.")
    assert tag(text) == [
        ("Saturday, March 16, 2024", "DATE", "2024-03-16"),
        ("18 March 2024", "DATE", "2024-03-18"),
        ("2024-03-19", "DATE", "2024-03-19"),
        ("3/20/2024", "DATE", "2024-03-20"),
    ]


def test_month_and_year_and_abbreviated_months():
    assert tag("Fares rose in July 2023 and fell on Sept. 30, 2023.") == [
        ("July 2023", "DATE", "2023-07"),
        ("Sept. 30, 2023", "DATE", "2023-09-30"),
    ]


def test_a_day_without_a_year_is_the_nearest_one():
    assert value_of("The inquiry reopened on March 16th.", "March 16th") == ("DATE", "2024-03-16")
    assert value_of("The levy was raised on Jan. 4.", "Jan. 4") == ("DATE", "2024-01-04")


def test_the_tense_moves_a_distant_day_to_the_year_it_must_be_in(nlp):
    past = "The fiscal year ended Nov. 30."
    future = "The referendum will be held on Nov. 5."
    assert value_of(past, "Nov. 30", doc=nlp(past)) == ("DATE", "2023-11-30")
    assert value_of(future, "Nov. 5", doc=nlp(future)) == ("DATE", "2024-11-05")


# ---------------------------------------------------------------- years, decades, centuries


def test_years_fiscal_years_and_decades_as_timebank_writes_them():
    text = "Exports have grown since 2014, dipped in fiscal 2023 and FY2022, and boomed in the 1990s."
    assert tag(text) == [
        ("2014", "DATE", "2014"),
        ("fiscal 2023", "DATE", "2023"),
        ("FY2022", "DATE", "2022"),
        ("the 1990s", "DATE", "199"),
    ]


def test_early_mid_and_late_belong_to_the_span_but_not_to_the_value():
    assert tag("Output fell in the early 2000s and recovered by mid-2011.") == [
        ("the early 2000s", "DATE", "200"),
        ("mid-2011", "DATE", "2011"),
    ]


def test_short_and_spelled_decades_take_their_century_from_the_publication_date():
    assert value_of("Jazz clubs thrived in the '60s.", "the '60s") == ("DATE", "196")
    assert value_of("It was the music of the seventies.", "the seventies") == ("DATE", "197")


def test_centuries_and_spelled_out_years():
    assert tag("Nineteen ninety-eight was hard, as was much of the twentieth century.") == [
        ("Nineteen ninety-eight", "DATE", "1998"),
        ("the twentieth century", "DATE", "19"),
    ]


def test_numbers_that_are_not_years_are_left_alone():
    text = "About 2000 troops and 1,500 police landed from Flight 1549 as the index gained 2020.5 points."
    assert tag(text) == []


# ---------------------------------------------------------------- days relative to publication


def test_today_yesterday_tomorrow_and_parts_of_days():
    text = "Yesterday the dam held; today it is under strain, tomorrow it may break. Tonight engineers meet."
    assert tag(text) == [
        ("Yesterday", "DATE", "2024-03-21"),
        ("today", "DATE", "2024-03-22"),
        ("tomorrow", "DATE", "2024-03-23"),
        ("Tonight", "TIME", "2024-03-22TNI"),
    ]
    assert value_of("Police reported last night that this morning was calm.", "last night") == (
        "TIME", "2024-03-21TNI")
    assert value_of("Police reported last night that this morning was calm.", "this morning") == (
        "TIME", "2024-03-22TMO")


def test_counted_days_weeks_months_and_years_ago():
    text = "The ferry sank two days ago, was refitted six months ago and launched 12 years ago."
    assert tag(text) == [
        ("two days ago", "DATE", "2024-03-20"),
        ("six months ago", "DATE", "2023-09"),
        ("12 years ago", "DATE", "2012"),
    ]
    assert value_of("The dispute began several years ago.", "several years ago") == ("DATE", "PAST_REF")


# ---------------------------------------------------------------- weekdays


def test_a_bare_weekday_in_news_is_the_most_recent_one():
    # Published on a Friday: "Saturday" is the Saturday before, and "Friday" the day itself.
    assert value_of("The talks collapsed on Saturday.", "Saturday") == ("DATE", "2024-03-16")
    assert value_of("The minister resigned on Friday.", "Friday") == ("DATE", "2024-03-22")


def test_a_weekday_in_a_future_clause_is_the_coming_one(nlp):
    text = "The harbour board met on Saturday and will meet again on Tuesday."
    assert tag(text, doc=nlp(text)) == [("Saturday", "DATE", "2024-03-16"), ("Tuesday", "DATE", "2024-03-26")]
    # without a parse the nearest tense word decides
    assert tag(text) == [("Saturday", "DATE", "2024-03-16"), ("Tuesday", "DATE", "2024-03-26")]


def test_a_present_tense_schedule_points_ahead(nlp):
    text = "The two leaders meet separately on Monday."
    assert value_of(text, "Monday", doc=nlp(text)) == ("DATE", "2024-03-25")


def test_last_and_next_weekdays():
    text = "The vote, first held last Friday, is repeated next Monday."
    assert tag(text) == [("last Friday", "DATE", "2024-03-15"), ("next Monday", "DATE", "2024-03-25")]


def test_weekday_nights_and_mornings_are_times():
    assert value_of("Shelling resumed Saturday night.", "Saturday night") == ("TIME", "2024-03-16TNI")
    assert value_of("Markets steadied on Thursday morning.", "Thursday morning") == ("TIME", "2024-03-21TMO")


def test_an_indefinite_weekday_is_no_particular_day():
    assert value_of("The holiday fell on a Monday.", "Monday") == ("DATE", "XXXX-WXX-1")


# ---------------------------------------------------------------- weeks, months, years


def test_last_this_and_next_week_are_iso_weeks():
    text = "The index rose this week after falling last week; dealers expect gains next week."
    assert tag(text) == [
        ("this week", "DATE", "2024-W12"),
        ("last week", "DATE", "2024-W11"),
        ("next week", "DATE", "2024-W13"),
    ]


def test_months_and_years_relative_to_publication():
    text = "Prices fell last month and should rise next month; last year they fell, this year they rose."
    assert tag(text) == [
        ("last month", "DATE", "2024-02"),
        ("next month", "DATE", "2024-04"),
        ("last year", "DATE", "2023"),
        ("this year", "DATE", "2024"),
    ]
    assert value_of("Earlier this month the plant closed.", "Earlier this month") == ("DATE", "2024-03")


def test_the_past_week_and_the_past_year_are_the_previous_ones():
    text = "The past week was calm, unlike the past year."
    assert tag(text) == [("The past week", "DATE", "2024-W11"), ("the past year", "DATE", "2023")]


def test_weekends():
    assert value_of("Crowds are expected this weekend.", "this weekend") == ("DATE", "2024-W12-WE")
    # written on a Monday, "the weekend" in the past tense is the one just gone
    assert value_of("Protesters gathered over the weekend.", "the weekend", dct="2024-03-25") == (
        "DATE", "2024-W12-WE")


def test_last_july_is_the_most_recent_july_before_publication():
    assert value_of("Talks collapsed last July.", "last July") == ("DATE", "2023-07")
    # the month just gone would be "last month": "last February" is a year back
    assert value_of("The fair opened last February.", "last February") == ("DATE", "2023-02")
    assert value_of("Fares were cut in June last year.", "June last year") == ("DATE", "2023-06")


def test_a_bare_month_is_the_nearest_unless_the_tense_says_otherwise(nlp):
    past = "The council voted in December to raise fares."
    ahead = "The new fares take effect in December."
    assert value_of(past, "December", doc=nlp(past)) == ("DATE", "2023-12")
    assert value_of(ahead, "December", doc=nlp(ahead)) == ("DATE", "2024-12")
    struck = "The rebels struck again in June."
    assert value_of(struck, "June", doc=nlp(struck)) == ("DATE", "2023-06")


def test_early_mid_and_late_months():
    text = "Work stopped in mid-March and resumes in late April."
    assert tag(text) == [("mid-March", "DATE", "2024-03"), ("late April", "DATE", "2024-04")]


# ---------------------------------------------------------------- quarters, halves, seasons


def test_quarters_are_the_latest_of_that_number_begun_by_publication():
    text = "Profit in the third quarter rose, the first quarter looks weak, and third-quarter sales fell."
    assert tag(text) == [
        ("the third quarter", "DATE", "2023-Q3"),
        ("the first quarter", "DATE", "2024-Q1"),
        ("third-quarter", "DATE", "2023-Q3"),
    ]
    assert value_of("Results for the fourth quarter of 2022 were late.", "the fourth quarter of 2022") == (
        "DATE", "2022-Q4")
    assert value_of("Q3 2023 revenue beat forecasts.", "Q3 2023") == ("DATE", "2023-Q3")


def test_a_year_earlier_in_quarterly_results_is_the_same_quarter_a_year_before():
    text = "Third-quarter profit rose 12% from a year earlier, while the year-ago quarter had a charge."
    assert tag(text) == [
        ("Third-quarter", "DATE", "2023-Q3"),
        ("a year earlier", "DATE", "2022-Q3"),
        ("the year-ago quarter", "DATE", "2022-Q3"),
    ]
    assert value_of("Sales were higher a year ago.", "a year ago") == ("DATE", "2023")


def test_halves_and_seasons():
    text = "Sales in the first half fell; this summer should be better than last fall or the winter of 2019."
    assert tag(text) == [
        ("the first half", "DATE", "2024-H1"),
        ("this summer", "DATE", "2024-SU"),
        ("last fall", "DATE", "2023-FA"),
        ("the winter of 2019", "DATE", "2019-WI"),
    ]


# ---------------------------------------------------------------- durations


def test_counted_durations_in_timeml_form():
    text = "The strike lasted three weeks, the blackout five hours, and the siege 2 1/2 years."
    assert tag(text) == [
        ("three weeks", "DURATION", "P3W"),
        ("five hours", "DURATION", "PT5H"),
        ("2 1/2 years", "DURATION", "P2Y6M"),
    ]
    assert value_of("The vote took a minute and a half.", "a minute and a half") == ("DURATION", "PT1M30S")


def test_adjectival_and_approximate_durations_keep_their_modifiers():
    text = "After a two-day summit and more than four hours of talks, a 10-year plan was agreed."
    assert tag(text) == [
        ("two-day", "DURATION", "P2D"),
        ("more than four hours", "DURATION", "PT4H"),
        ("10-year", "DURATION", "P10Y"),
    ]


def test_past_and_first_n_units_are_durations():
    text = "Prices rose over the past three months and over the first nine months of 2023."
    assert tag(text) == [
        ("the past three months", "DURATION", "P3M"),
        ("the first nine months", "DURATION", "P9M"),
        ("2023", "DATE", "2023"),
    ]


def test_vague_durations_have_an_x_count():
    text = "The feud has lasted years; the truce held for several weeks, the ban for decades."
    assert tag(text) == [
        ("years", "DURATION", "PXY"),
        ("several weeks", "DURATION", "PXW"),
        ("decades", "DURATION", "PXE"),
    ]


def test_ages_are_not_durations():
    assert tag("A 6-month-old girl and her 32-year-old mother were rescued; he is 52 years old.") == []


# ---------------------------------------------------------------- sets


def test_recurring_times_are_sets():
    text = "The market opens every Tuesday, the bulletin appears daily, and members meet twice a year."
    assert tag(text) == [
        ("every Tuesday", "SET", "XXXX-WXX-2"),
        ("daily", "SET", "P1D"),
        ("twice a year", "SET", "P1Y"),
    ]
    assert value_of("Each July the river floods.", "Each July") == ("SET", "XXXX-07")


def test_a_unit_after_a_figure_is_a_rate_but_after_a_preposition_a_duration():
    assert value_of("Members pay $30 a month.", "a month") == ("SET", "P1M")
    assert value_of("The levee will be rebuilt within a year.", "a year") == ("DURATION", "P1Y")


# ---------------------------------------------------------------- present, past and future references


def test_present_past_and_future_references():
    text = "The ministry is now reviewing what happened recently; in the past it ignored such warnings."
    assert tag(text) == [
        ("now", "DATE", "PRESENT_REF"),
        ("recently", "DATE", "PAST_REF"),
        ("the past", "DATE", "PAST_REF"),
    ]
    assert tag("Officials said the line would reopen soon, and repairs in the future would be faster.") == [
        ("soon", "DATE", "FUTURE_REF"),
        ("the future", "DATE", "FUTURE_REF"),
    ]
    assert value_of("Rents have risen in recent years.", "recent years") == ("DATE", "PAST_REF")


def test_as_soon_as_is_not_a_time_expression():
    assert tag("She will return as soon as she can.") == []


# ---------------------------------------------------------------- clock times and holidays


def test_clock_times_take_their_day_from_the_sentence_or_the_publication_date(nlp):
    text = ("Polls close at 8 p.m. and the count starts at 10:30 a.m. Saturday; "
            "the curfew ends at noon Sunday.")
    assert tag(text, doc=nlp(text)) == [
        ("8 p.m.", "TIME", "2024-03-22T20:00"),
        ("10:30 a.m. Saturday", "TIME", "2024-03-23T10:30"),
        ("noon Sunday", "TIME", "2024-03-24T12:00"),
    ]
    assert value_of("The strike ended on March 16, 2024, at 8 p.m.", "8 p.m.") == ("TIME", "2024-03-16T20:00")


def test_holidays():
    text = "Shops closed at Christmas, and Thanksgiving 2023 was quiet."
    assert tag(text) == [("Christmas", "DATE", "2023-12-25"), ("Thanksgiving 2023", "DATE", "2023-11-23")]


# ---------------------------------------------------------------- references inside the story


def test_anaphoric_years_lean_on_the_last_date_mentioned():
    text = ("The plant opened on May 22, 2019; the following year it doubled output, "
            "and later that year it was sold.")
    assert tag(text, dct=None) == [
        ("May 22, 2019", "DATE", "2019-05-22"),
        ("the following year", "DATE", "2020"),
        ("later that year", "DATE", "2020"),
    ]


# ---------------------------------------------------------------- without a publication date


def test_without_a_publication_date_only_self_anchored_expressions_get_values():
    text = ("The treaty signed on March 16, 2024, replaced one from July 2023; the board met on Saturday "
            "and last week, the talks lasted three years, and officials now meet daily.")
    assert tag(text, dct=None) == [
        ("March 16, 2024", "DATE", "2024-03-16"),
        ("July 2023", "DATE", "2023-07"),
        ("Saturday", "DATE", None),
        ("last week", "DATE", None),
        ("three years", "DURATION", "P3Y"),
        ("now", "DATE", "PRESENT_REF"),
        ("daily", "SET", "P1D"),
    ]
    assert value_of("Costs rose in 2014 and in the 1990s.", "2014", dct=None) == ("DATE", "2014")
    assert value_of("Costs rose on Sept. 30.", "Sept. 30", dct=None) == ("DATE", None)


def test_the_publication_date_may_be_a_datetime():
    assert parse_dct("2024-03-22T14:30:00Z").isoformat() == "2024-03-22"
    assert parse_dct("not a date") is None
    assert value_of("It rained yesterday.", "yesterday", dct="2024-03-22T14:30:00+01:00") == (
        "DATE", "2024-03-21")


# ---------------------------------------------------------------- names and verbs that look like dates


def test_month_and_weekday_words_that_are_names_or_verbs():
    text = ("You may leave. Crowds march on the capital. April Glaspie met the envoy, shares of "
            "May Department Stores rose, and the Sunday Times reported it.")
    assert tag(text) == []


def test_counts_written_in_words():
    assert parse_number("twenty-four") == 24
    assert parse_number("a couple of") == 2
    assert parse_number("2 1/2") == 2.5
    assert parse_number("one hundred fifty") == 150
    assert parse_number("several") is None


# ---------------------------------------------------------------- general properties

STORIES = [
    "The harbour board met on Saturday and will meet again on Tuesday, three years after the strike of 2021.",
    "Talks collapsed last July; the ministry said last week it would resume them next month, by Nov. 5.",
    "Profit in the third quarter rose 12% from a year earlier, while first-half revenue fell 3%.",
    "Since the early 2000s the town has flooded every spring; officials now expect the worst in mid-April.",
    "At 8 p.m. Wednesday, two days ago, the curfew began; it lasted more than 36 hours.",
    "",
]


@pytest.mark.parametrize("text", STORIES)
def test_offsets_are_exact_ordered_and_never_overlap(text: str, nlp):
    for doc in (None, nlp(text)):
        found = find_timexes(text, FRIDAY, doc)
        for t in found:
            assert text[t.start:t.end] == t.text
            assert t.type in ("DATE", "TIME", "DURATION", "SET")
        assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


@pytest.mark.parametrize("text", STORIES)
def test_the_parse_changes_values_at_most_never_spans(text: str, nlp):
    spans = [(t.start, t.end) for t in find_timexes(text, FRIDAY)]
    assert spans == [(t.start, t.end) for t in find_timexes(text, FRIDAY, nlp(text))]


# ---------------------------------------------------------------- the shared development set




@pytest.mark.shared
def test_tempeval3_tbaq_dev_scores(nlp):
    gold_path = shared_data("temporal", "tbaq-dev.jsonl")
    score = load_shared_scorer()
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pred = []
    for row, doc in zip(gold, nlp.pipe((r["text"] for r in gold), batch_size=16), strict=True):
        timexes = find_timexes(row["text"], row["dct"], doc)
        pred.append({"id": row["id"], "timexes": [{"start": t.start, "end": t.end, "type": t.type,
                                                   "value": t.value} for t in timexes]})
    result = score.score_timex(gold, pred)
    assert result["relaxed_f1"] >= 0.85, result
    assert result["value_f1"] >= 0.75, result
