"""The plain-text cleaner on the five real scraped copies in ../shared/data/seeds.

The seed text is not copied here: the assertions are structural (which kinds
of lines were removed, how many paragraphs survive, that nothing is lost
silently) plus a few short headline strings."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from newsweave.clean.plaintext import ScrapedText, clean_scraped_text

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seeds"

pytestmark = pytest.mark.shared

# seed file prefix -> (title check, header check, removed reasons, paragraphs kept)
EXPECTED: dict[str, tuple[object, list[str], dict[str, int], int]] = {
    "000": (
        ("US seeks to keep troops", "after junta calls them illegal"),
        [],
        {"related-link": 2, "source-link": 1, "author-bio": 2, "comment-form": 2},
        25,
    ),
    "001": ("US agrees to withdraw US troops from Niger", [], {"related-link": 2, "comment-form": 2}, 19),
    "002": (
        ("US Quietly Trying To Keep Troops", "Country That Wants To Kick Them Out"),
        ["By Micaela Burrow"],
        {"navigation": 1, "photo-credit": 1, "source-link": 1},
        12,
    ),
    "003": (None, ["CNN", "—"], {"ad-marker": 2, "source-link": 1}, 23),
    "004": (
        "U.S. Seeks Solution to Maintain Troop Presence in Niger",
        [],
        {"breadcrumb": 1, "counter": 1, "repeated-title": 1, "comment-form": 3},
        10,
    ),
}

# Lines the article itself never starts with.
NOISE_STARTS = ("See also", "Leave a Reply", "LEAVE A REPLY", "Source link", "Original article link", "[ad_")
END_MARKERS = ("Source link", "Original article link", "Leave a Reply", "LEAVE A REPLY", "[ad_2]")


def _seed(prefix: str) -> tuple[list[str], ScrapedText]:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present (../shared/data is needed for this test)")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not present")
    text = matches[0].read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines, clean_scraped_text(text)


def _sentence_shaped(line: str) -> bool:
    return len(line.split()) >= 6 and bool(re.search(r"[.!?…][\"'”’“]*$", line))


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_title(prefix: str) -> None:
    lines, result = _seed(prefix)
    expected = EXPECTED[prefix][0]
    if expected is None:
        assert result.title is None
    elif isinstance(expected, tuple):
        start, end = expected
        assert result.title is not None and result.title.startswith(start) and result.title.endswith(end)
        assert result.title in lines
    else:
        assert result.title == expected


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_header(prefix: str) -> None:
    _, result = _seed(prefix)
    expected = EXPECTED[prefix][1]
    assert len(result.header) == len(expected)
    for line, start in zip(result.header, expected, strict=True):
        assert line.startswith(start)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_removed_reasons(prefix: str) -> None:
    _, result = _seed(prefix)
    assert Counter(why for _, why in result.removed) == Counter(EXPECTED[prefix][2])


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_paragraph_count_and_nothing_lost_silently(prefix: str) -> None:
    lines, result = _seed(prefix)
    assert len(result.paragraphs) == EXPECTED[prefix][3]
    # Every non-empty line is the title, a header line, a paragraph or removed.
    accounted = (result.title is not None) + len(result.header) + len(result.paragraphs) + len(result.removed)
    assert accounted == len(lines)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_noise_never_reaches_the_body(prefix: str) -> None:
    _, result = _seed(prefix)
    for paragraph in result.paragraphs:
        assert not paragraph.startswith(NOISE_STARTS)
        assert "[ad_" not in paragraph


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_article_prose_is_never_removed(prefix: str) -> None:
    lines, result = _seed(prefix)
    # Before the end marker, no removed line is a sentence; after it only the
    # reposter's bio and the comment form are.
    for line, why in result.removed:
        if why not in ("author-bio", "comment-form"):
            assert not _sentence_shaped(line), (line, why)
    end = next((i for i, line in enumerate(lines) if line.startswith(END_MARKERS)), len(lines))
    body_lines = [line for line in lines[:end] if _sentence_shaped(line) and not line.startswith("See also")]
    kept = set(result.paragraphs)
    assert [line for line in body_lines if line not in kept] == []


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_seed_contributor_line_is_the_last_paragraph(prefix: str) -> None:
    _, result = _seed(prefix)
    assert result.paragraphs[-1].endswith("contributed to this report.")
