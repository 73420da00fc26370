"""Metadata from the five real scraped copies in ../shared/data/seeds.

The split is deliberately crude (first line title, lines before the first
long one header, the rest paragraphs) so the test checks metadata extraction,
not the boilerplate filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.clean.metadata import TextMetadata, metadata_from_text

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seeds"

pytestmark = pytest.mark.shared


def _seed(prefix: str) -> TextMetadata:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} not present")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"no seed {prefix} in {SEEDS}")
    lines = [line.strip() for line in matches[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    title, rest = lines[0], lines[1:]
    first_long = next((i for i, line in enumerate(rest) if len(line) > 150), len(rest))
    return metadata_from_text(title, rest[:first_long], rest[first_long:])


def test_daily_caller_rewrite_states_its_byline_and_its_sources() -> None:
    meta = _seed("002")
    assert meta.author == "Micaela Burrow"
    assert meta.outlet in ("The Daily Caller News Foundation", "Daily Caller News Foundation")
    assert meta.published == "2024-03-22"
    assert meta.attributed_to == ["The Washington Post", "The Wall Street Journal", "The New York Times"]


def test_cnn_copy_names_its_outlet_and_no_other_source() -> None:
    meta = _seed("003")
    assert meta.outlet == "CNN"
    assert meta.attributed_to == []


def test_dakar_dateline() -> None:
    meta = _seed("000")
    assert meta.dateline == "DAKAR, Senegal"
    assert meta.published is None


def test_naples_dateline_and_interview_credit() -> None:
    meta = _seed("001")
    assert meta.dateline == "NAPLES, Italy"
    assert meta.attributed_to == ["The Washington Post"]


def test_copy_that_states_nothing_gets_nothing() -> None:
    meta = _seed("004")
    assert meta == TextMetadata(author=None, outlet=None, published=None, dateline=None, attributed_to=[])
