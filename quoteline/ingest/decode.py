"""Turn file bytes into text: byte-order marks first, then strict UTF-8, then charset-normalizer's guess."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from quoteline.ingest.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never appear in text files; a few of them mean the file is binary.
_BINARY_BYTES = frozenset(range(0, 9)) | frozenset(range(14, 27)) | frozenset(range(28, 32))
# Every other byte: deleting these with ``bytes.translate`` leaves just the control bytes, counted in C.
_TEXT_BYTES = bytes(b for b in range(256) if b not in _BINARY_BYTES)


def decode(where: str, data: bytes) -> str:
    """The text of ``data``; raises InputError for empty, binary or undecodable content."""
    if not data.strip():
        raise InputError(where, "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
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
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError(where, "is not text in any encoding that could be detected")
    return str(best)
