"""The five real scraped copies in ../shared/data/seeds, end to end through
`newsweave ingest` and `newsweave articles --json`. Skipped without ../shared.

No seed text is written here: expected titles are named by where they stand
in the file, and boilerplate by its kind."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import shared_data
from newsweave.cli import app

pytestmark = pytest.mark.shared

# Lines that are page furniture whatever the site: none may survive in a body.
NOISE = re.compile(
    r"^(\[ad_\d\]|see also\b|source link$|original article link$|leave a reply$|skip to content$|"
    r"your email address will not be published|please enter your (comment|name)|photo by\b|i am a dedicated\b|"
    r"by [A-Z][a-z]+ [A-Z][a-z]+$|0$)",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    folder = shared_data("seeds")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db), "--no-analyse"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["articles", "--db", str(db), "--json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    return {Path(str(r["uri"])).name[:3]: r for r in rows}


def source_lines(prefix: str) -> list[str]:
    path = next(shared_data("seeds").glob(f"{prefix}_*.txt"))
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_all_five_are_stored(seeds: dict[str, dict[str, object]]) -> None:
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_boilerplate_survives_and_every_article_paragraph_is_kept(
    seeds: dict[str, dict[str, object]], prefix: str
) -> None:
    body = str(seeds[prefix]["text"]).split("\n\n")
    assert not [p for p in body if NOISE.match(re.sub(r"^\[ad_\d\]\s*", "", p) if p.startswith("[") else p)]
    # Every line of the source that reads as prose (a sentence of 12+ words)
    # is in the body, whole.
    for line in source_lines(prefix):
        line = re.sub(r"^\[ad_\d\]\s*", "", line)
        if line == seeds[prefix]["title"] or line.startswith(("By ", "Home ", "I am a ", "Your email")):
            continue
        if len(line.split()) >= 12 and not NOISE.match(line):
            assert line in body, line[:80]


@pytest.mark.parametrize(("prefix", "line_index"), [("000", 0), ("001", 0), ("002", 1), ("004", 1)])
def test_titles(seeds: dict[str, dict[str, object]], prefix: str, line_index: int) -> None:
    assert seeds[prefix]["title"] == source_lines(prefix)[line_index]


def test_the_cnn_copy_states_no_headline(seeds: dict[str, dict[str, object]]) -> None:
    assert seeds["003"]["title"] is None


def test_the_one_stated_author_and_date(seeds: dict[str, dict[str, object]]) -> None:
    assert seeds["002"]["author"] == "Micaela Burrow"
    assert seeds["002"]["published"] == "2024-03-22"
    others = [seeds[p] for p in ("000", "001", "003", "004")]
    assert [o["author"] for o in others] == [None] * 4
    assert [o["published"] for o in others] == [None] * 4


def test_outlets_where_the_text_names_them(seeds: dict[str, dict[str, object]]) -> None:
    assert seeds["002"]["outlet"] == "The Daily Caller News Foundation"
    assert seeds["003"]["outlet"] == "CNN"


def test_datelines(seeds: dict[str, dict[str, object]]) -> None:
    assert seeds["000"]["dateline"] == "DAKAR, Senegal"
    assert seeds["001"]["dateline"] == "NAPLES, Italy"


def test_cited_sources(seeds: dict[str, dict[str, object]]) -> None:
    assert seeds["002"]["attributed_to"] == ["The Washington Post", "The Wall Street Journal", "The New York Times"]
    assert seeds["001"]["attributed_to"] == ["The Washington Post"]
    assert seeds["003"]["attributed_to"] == []  # "told CNN" in a CNN article is not a citation
    assert seeds["000"]["attributed_to"] == [] and seeds["004"]["attributed_to"] == []


def test_ingesting_them_again_stores_nothing_new(seeds: dict[str, dict[str, object]], tmp_path: Path) -> None:
    db = tmp_path / "again.db"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(shared_data("seeds")), "--db", str(db), "--no-analyse"])
    second = runner.invoke(app, ["ingest", str(shared_data("seeds")), "--db", str(db), "--no-analyse"])
    assert "5 article(s) added" in first.output
    assert "0 article(s) added, 5 already stored" in second.output
