"""Bytes to text, telling binary from text and repairing mixed encodings."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from charset_normalizer import from_bytes


class DecodeError(ValueError):
    """The bytes are not text we can read."""


@dataclass(slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the head mean a binary file
    (an image, a PDF, a zip) rather than text in an odd encoding."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > 0.05


def decode_bytes(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode as UTF-8 when it is, repair lines in another encoding when the
    file mixes them (common when scraped pieces are pasted together), and fall
    back to detection only for wholly non-UTF-8 text."""
    if not data.strip():
        raise DecodeError("empty input (no text)")
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"invalid {name} text after byte-order mark: {exc.reason}") from exc
    if looks_binary(data):
        raise DecodeError("binary content, not text (NUL or control bytes)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass

    lines = data.split(b"\n")
    good = bad = 0
    for line in lines:
        try:
            line.decode("utf-8")
            # Pure ASCII lines say nothing about which encoding the file uses.
            if any(b > 127 for b in line):
                good += 1
        except UnicodeDecodeError:
            bad += 1
    if good:
        # Some lines are real UTF-8 with non-ASCII characters, others are not:
        # a mixed file. Decode line by line so neither half turns to mojibake.
        fallback = _guess_single_byte(b"\n".join(x for x in lines if not _is_utf8(x))) or "cp1252"
        out = []
        for line in lines:
            try:
                out.append(line.decode("utf-8"))
            except UnicodeDecodeError:
                out.append(line.decode(fallback, errors="replace"))
        return Decoded(
            "\n".join(out), "mixed", [f"mixed encodings: {bad} line(s) were not UTF-8 and were read as {fallback}"]
        )

    if declared:
        try:
            return Decoded(data.decode(declared), declared, [f"not UTF-8; decoded as declared {declared}"])
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(data).best()
    if best is None:
        raise DecodeError("invalid encoding: not UTF-8 and no other text encoding fits")
    text, encoding = str(best), best.encoding
    # Detection on short texts often picks a DOS code page for Western text
    # ("B³rgermeister"); Windows-1252 wins when it reads more of the
    # non-ASCII bytes as letters.
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and _letter_share(western) > _letter_share(text):
        text, encoding = western, "cp1252"
    if _unprintable_share(text) > 0.02:
        raise DecodeError(f"invalid encoding: decoding as {encoding} gives unreadable text")
    return Decoded(text, encoding, [f"not UTF-8; decoded as {encoding}"])


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def _guess_single_byte(sample: bytes) -> str | None:
    best = from_bytes(sample, cp_isolation=["cp1252", "latin_1", "cp1251", "iso8859_15", "cp1250"]).best()
    return best.encoding if best else None


def _letter_share(text: str) -> float:
    high = [ch for ch in text if ord(ch) > 127]
    return sum(ch.isalpha() for ch in high) / len(high) if high else 1.0


def _unprintable_share(text: str) -> float:
    if not text:
        return 1.0
    bad = sum(1 for ch in text if (not ch.isprintable() and ch not in "\n\r\t") or ch == "\ufffd")
    return bad / len(text)
