"""Turn file bytes into text: byte-order marks first, then strict UTF-8, then charset-normalizer's guess."""

from __future__ import annotations

import codecs
import logging

from charset_normalizer import CharsetMatch, from_bytes

from quoteline.ingest.errors import InputError

LOGGER = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LATIN_DEFAULT = "cp1252"
# Control bytes that never appear in text files; a few of them mean the file is binary.
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 27)) | frozenset(range(28, 32))
# Every other byte: deleting these with ``bytes.translate`` leaves just the control bytes, counted in C.
_TEXT_BYTES = bytes(b for b in range(256) if b not in _BINARY_BYTES)


def decode(where: str, data: bytes) -> str:
    """The text of ``data``; raises InputError for empty, binary or undecodable content."""
    return decode_with_note(where, data)[0]


def decode_with_note(where: str, data: bytes) -> tuple[str, str | None]:
    """The text of ``data`` and, when the bytes mix encodings, a warning saying what was chosen."""
    if not data.strip():
        raise InputError(where, "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as exc:
                raise InputError(
                    where,
                    f"starts with a {encoding} byte-order mark but is not {encoding}: "
                    f"{exc.reason} at byte {exc.start}",
                ) from exc
    head = data[:8192]
    if len(head.translate(None, _TEXT_BYTES)) > max(2, len(head) // 100):
        raise InputError(where, "looks like a binary file, not text (control bytes such as NUL found)")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    mixed = _mixed(where, data)
    if mixed is not None:
        return mixed
    best = _best_match(data)
    if best is None:
        raise InputError(where, "is not text in any encoding that could be detected")
    return str(best), None


def _best_match(data: bytes) -> CharsetMatch | None:
    """charset-normalizer's best reading, except that cp1252 wins whenever it reads as cleanly.

    Latin-script text that uses only the common accents reads without mess as cp1250, cp1252, cp1257 or
    cp775 alike, and charset-normalizer then ranks them by a language-fit score that is noise on a short
    text: "Anaïs" came out as "Anaďs" and "Ana’s". cp1252 is the legacy encoding of Western European text and
    the web's default for unlabelled Latin text, so when it is as clean as the best (its "chaos" no higher) it
    is chosen. Cyrillic, Greek or Central European text read as cp1252 is messy, so this never takes it.
    """
    results = from_bytes(data)
    best = results.best()
    if best is None or best.encoding is None:
        return None
    for match in results:
        if match.encoding == _LATIN_DEFAULT and match.chaos <= best.chaos:
            return match
    return best


def _utf8(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _mixed(where: str, data: bytes) -> tuple[str, str] | None:
    """Files pasted together from two sources: UTF-8 lines beside lines in another encoding.

    Guessing one encoding for the whole file garbles one part or the other (mojibake, stored without a
    word). Each line is read as UTF-8 when it is valid UTF-8, and the others in the encoding detected for
    them together; the note says so.
    """
    lines = data.split(b"\n")
    pairs = [(line, _utf8(line)) for line in lines]
    utf8_lines = sum(1 for line, text in pairs if text is not None and not line.isascii())
    if not utf8_lines:
        return None  # no line is UTF-8 beyond ASCII: one other encoding, not a mix
    other = [line for line, text in pairs if text is None]
    best = _best_match(b"\n".join(other))
    encoding = best.encoding if best is not None and best.encoding else _LATIN_DEFAULT
    text = "\n".join(t if t is not None else line.decode(encoding, errors="replace") for line, t in pairs)
    note = (
        f"mixes encodings: {utf8_lines} lines are UTF-8 and {len(other)} are not; those were read as "
        f"{encoding}: check the text"
    )
    LOGGER.warning("%s: %s", where, note)
    return text, note
