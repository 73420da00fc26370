"""From what the user typed (paths, folders, globs, URLs, '-') to inputs."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Source:
    spec: str  # as the user gave it
    kind: str  # "file", "url", "stdin", "missing"
    path: Path | None = None


def is_url(spec: str) -> bool:
    return spec.lower().startswith(("http://", "https://"))


def expand(specs: list[str]) -> list[Source]:
    """Folders are walked recursively (hidden files skipped); globs are
    expanded; the same file named twice is read once."""
    out: list[Source] = []
    seen: set[str] = set()

    def add_file(p: Path, spec: str) -> None:
        key = str(p.resolve())
        if key not in seen:
            seen.add(key)
            out.append(Source(spec, "file", p))

    for spec in specs:
        if spec == "-":
            out.append(Source(spec, "stdin"))
        elif is_url(spec):
            if spec not in seen:
                seen.add(spec)
                out.append(Source(spec, "url"))
        elif Path(spec).is_dir():
            for p in _walk(Path(spec)):
                add_file(p, spec)
        elif Path(spec).is_file():
            add_file(Path(spec), spec)
        elif glob.has_magic(spec):
            matches = sorted(glob.glob(spec, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            for m in matches:
                if Path(m).is_dir():
                    files.extend(_walk(Path(m)))
            if not files:
                out.append(Source(spec, "missing"))
            for p in files:
                add_file(p, spec)
        else:
            out.append(Source(spec, "missing"))
    return out


def _walk(root: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath) / f for f in sorted(filenames) if not f.startswith("."))
    return found
