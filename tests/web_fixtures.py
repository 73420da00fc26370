"""A served store for the web tests: the bundled sample corpus plus one invented hostile article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HOSTILE_ID = "evil<script>1"
HOSTILE_TITLE = '<script>window.pwned=1</script>Harbour <img src=x onerror="window.pwned=2"> strike "talks"'
HOSTILE_TEXT = (
    "Dockworkers at the Veltmoor harbour walked out on Tuesday. <script>window.pwned=3</script>\n\n"
    '<a href="javascript:window.pwned=4">read more</a> and <b onmouseover="window.pwned=5">hover</b> '
    "\"We will not unload a single crate,\" said union leader Oskar Brandvik. "
    "<svg onload=\"window.pwned=6\"></svg> About 1,200 workers joined the strike."
)


def hostile_jsonl() -> bytes:
    record = {"id": HOSTILE_ID, "title": HOSTILE_TITLE, "text": HOSTILE_TEXT, "url": "javascript:window.pwned=7",
              "source": '<i onclick="window.pwned=8">Evil Gazette</i>', "date": "2025-03-04"}
    return (json.dumps(record) + "\n").encode()


def build_demo_store(folder: Path) -> Path:
    db = folder / "web.db"
    exe = Path(sys.executable).with_name("newsweave")
    subprocess.run([str(exe), "demo", "--db", str(db), "--output-dir", str(folder / "out")], check=True,
                   capture_output=True, cwd=folder)
    return db
